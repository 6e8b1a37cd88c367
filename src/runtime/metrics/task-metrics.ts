/**
 * What one source task reports, kept as plain numbers and sampled windows (cheap on the hot path) and read by
 * the Prometheus families at scrape time: Connect's source-task-metrics, connector-task-metrics and
 * task-error-metrics. WorkerSourceTask calls polled / written / dropped / stateChanged; error handling calls
 * `errors.*`; the task's plugin publishes its own metrics through `plugin`.
 */
import { noPluginMetrics, type PluginMetrics } from '../../connect/plugin-metrics.ts'
import { SampledStat } from './sampled-stat.ts'
import { StateTimer } from './state-timer.ts'

/** Connect's task-error-metrics (ErrorHandlingMetrics); the error handling stage calls these. */
export class TaskErrorMetrics {
  readonly #now: () => number
  /** total-record-failures: failed attempts of an operation (each retry that fails counts). */
  failures = 0
  /** total-record-errors: records that failed for good after retries. */
  errors = 0
  /** total-records-skipped: records skipped because errors.tolerance=all. */
  skipped = 0
  /** total-retries. */
  retries = 0
  /** total-errors-logged. */
  logged = 0
  deadLetterQueueRequests = 0
  deadLetterQueueFailures = 0
  /** last-error-timestamp, ms since the epoch; 0 before the first error. */
  lastErrorTimestamp = 0

  constructor (now: () => number = Date.now) {
    this.#now = now
  }

  recordFailure (): void { this.failures += 1 }
  recordError (): void { this.errors += 1 }
  recordSkipped (): void { this.skipped += 1 }
  retry (): void { this.retries += 1 }
  errorLogged (): void { this.logged += 1 }
  dlqProduceRequest (): void { this.deadLetterQueueRequests += 1 }
  dlqProduceFailure (): void { this.deadLetterQueueFailures += 1 }
  /** Connect's recordErrorTimestamp: the time of the latest error. */
  errorTimestamp (): void { this.lastErrorTimestamp = this.#now() }
}

export interface TaskMetricsOptions {
  readonly connector: string
  readonly task: number
  readonly plugin?: PluginMetrics
  /** Called once by close(), e.g. to stop publishing the task's series. */
  readonly onClose?: () => void
  readonly now?: () => number
}

export class TaskMetrics {
  readonly connector: string
  readonly task: number
  readonly plugin: PluginMetrics
  readonly errors: TaskErrorMetrics
  /** source-record-poll-total: records returned by poll(), before transforms. */
  pollTotal = 0
  /** source-record-write-total: records Kafka acknowledged (after transforms; dropped ones not counted). */
  writeTotal = 0
  /** source-record-active-count: polled and neither acknowledged nor dropped yet. */
  active = 0
  /** Records per poll(): poll rate, batch-size-max/-avg. */
  readonly polls: SampledStat
  /** Records acknowledged: write rate. */
  readonly writes: SampledStat
  /** Milliseconds per poll(): poll-batch-max/-avg-time-ms. */
  readonly pollTimes: SampledStat
  /** The active count after each change: source-record-active-count-max/-avg. */
  readonly activeCounts: SampledStat
  readonly states: StateTimer
  readonly #onClose: (() => void) | undefined
  #closed = false

  constructor (options: TaskMetricsOptions) {
    const now = options.now ?? Date.now
    this.connector = options.connector
    this.task = options.task
    this.plugin = options.plugin ?? noPluginMetrics
    this.errors = new TaskErrorMetrics(now)
    this.polls = new SampledStat({ now })
    this.writes = new SampledStat({ now })
    this.pollTimes = new SampledStat({ now })
    this.activeCounts = new SampledStat({ now })
    this.states = new StateTimer('UNASSIGNED', now)
    this.#onClose = options.onClose
  }

  /** Metrics of a task run outside a worker (tests, tools): recorded, published nowhere. */
  static detached (connector = '', task = 0): TaskMetrics {
    return new TaskMetrics({ connector, task })
  }

  get closed (): boolean {
    return this.#closed
  }

  /** poll() returned `records` records after `ms` milliseconds (an empty poll counts, as in Connect). */
  polled (records: number, ms: number): void {
    this.pollTotal += records
    this.polls.record(records)
    this.pollTimes.record(ms)
    this.#setActive(this.active + records)
  }

  /** Kafka acknowledged `records` records. */
  written (records: number): void {
    this.writeTotal += records
    this.writes.record(records)
    this.#setActive(this.active - records)
  }

  /** `records` polled records will never be written (a transform filtered them, or errors.tolerance skipped them). */
  dropped (records: number): void {
    this.#setActive(this.active - records)
  }

  /** The task moved to `state` (Connect's upper-case state name). */
  stateChanged (state: string): void {
    this.states.change(state)
  }

  /** Stops publishing this task's metrics; idempotent. */
  close (): void {
    if (this.#closed) return
    this.#closed = true
    this.#onClose?.()
  }

  #setActive (count: number): void {
    this.active = Math.max(0, count)
    this.activeCounts.record(this.active)
  }
}
