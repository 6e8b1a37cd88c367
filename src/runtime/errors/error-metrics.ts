/**
 * What the error handling reports to metrics (Connect's ErrorHandlingMetrics). The metrics feature supplies
 * the real counters; until then the no-op below is used.
 */
export interface ErrorHandlingMetrics {
  /** One failed attempt of an operation (each retry that fails counts again). */
  recordFailure (): void
  /** A record skipped because errors.tolerance=all tolerated its failure. */
  recordSkipped (): void
  /** One retry of a retriable failure. */
  retry (): void
  /** One failure written to the log (errors.log.enable). */
  errorLogged (): void
  /** One record sent to the dead-letter topic. */
  dlqProduceRequest (): void
  /** One dead-letter record Kafka did not take. */
  dlqProduceFailure (): void
}

export const noErrorMetrics: ErrorHandlingMetrics = {
  recordFailure: () => {},
  recordSkipped: () => {},
  retry: () => {},
  errorLogged: () => {},
  dlqProduceRequest: () => {},
  dlqProduceFailure: () => {}
}
