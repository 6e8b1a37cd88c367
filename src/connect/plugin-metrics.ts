/**
 * The metrics facade a plugin gets in its task context, so that a connector can publish its own metrics
 * without knowing the runtime's metrics library. The runtime adds the `connector` and `task` labels and a
 * prefix to every name (docs/metrics.md); a plugin only says what it measures.
 */

/** Label values by label name; every name must be one of the metric's `labelNames`. */
export type MetricLabels = Readonly<Record<string, string>>

export interface MetricSpec {
  /** Lower case, digits and `_`, e.g. `sqs_messages_received_total`; the runtime prefixes it. */
  readonly name: string
  readonly help: string
  /** Labels besides the runtime's `connector` and `task` (which a plugin must not use). */
  readonly labelNames?: readonly string[]
}

export interface HistogramSpec extends MetricSpec {
  /** Upper bounds of the buckets, ascending. */
  readonly buckets: readonly number[]
}

export interface PluginCounter {
  inc (value?: number, labels?: MetricLabels): void
}

export interface PluginGauge {
  set (value: number, labels?: MetricLabels): void
}

export interface PluginHistogram {
  observe (value: number, labels?: MetricLabels): void
}

export interface PluginMetrics {
  counter (spec: MetricSpec): PluginCounter
  gauge (spec: MetricSpec): PluginGauge
  histogram (spec: HistogramSpec): PluginHistogram
}

/** Metrics that go nowhere: for a plugin run without a metrics registry (unit tests, tools). */
export const noPluginMetrics: PluginMetrics = {
  counter: () => ({ inc () {} }),
  gauge: () => ({ set () {} }),
  histogram: () => ({ observe () {} })
}
