/**
 * Connect's per-task metric groups as Prometheus families, one series per task (labels connector, task):
 * source-task-metrics, connector-task-metrics and task-error-metrics. Names and meanings: docs/metrics.md.
 */
import type { Registry } from 'prom-client'
import { collectedCounter, collectedGauge, connectMetricName, type Labels, type Series } from './collected.ts'
import type { TaskMetrics } from './task-metrics.ts'

type Kind = 'counter' | 'gauge'
type Definition = readonly [group: string, metric: string, kind: Kind, help: string, value: (t: TaskMetrics) => number]

const SOURCE = 'source-task-metrics'
const TASK = 'connector-task-metrics'
const ERRORS = 'task-error-metrics'

/** States shown by the status families, one series each (1 for the current state, 0 for the others). */
export const STATES = ['unassigned', 'running', 'paused', 'stopped', 'failed', 'restarting'] as const

const DEFINITIONS: readonly Definition[] = [
  [SOURCE, 'source-record-poll-total', 'counter', 'Records returned by the task\'s poll(), before transforms', (t) => t.pollTotal],
  [SOURCE, 'source-record-poll-rate', 'gauge', 'Records polled per second over the sampled window (2 x 30 s)', (t) => t.polls.rate()],
  [SOURCE, 'source-record-write-total', 'counter', 'Records acknowledged by Kafka, after transforms (filtered records not counted)', (t) => t.writeTotal],
  [SOURCE, 'source-record-write-rate', 'gauge', 'Records acknowledged per second over the sampled window (2 x 30 s)', (t) => t.writes.rate()],
  [SOURCE, 'poll-batch-max-time-ms', 'gauge', 'Longest poll() in the sampled window, in ms (NaN when none)', (t) => t.pollTimes.max()],
  [SOURCE, 'poll-batch-avg-time-ms', 'gauge', 'Mean poll() time in the sampled window, in ms (NaN when none)', (t) => t.pollTimes.avg()],
  [SOURCE, 'source-record-active-count', 'gauge', 'Records polled and not yet acknowledged by Kafka', (t) => t.active],
  [SOURCE, 'source-record-active-count-max', 'gauge', 'Largest active count in the sampled window (NaN when none)', (t) => t.activeCounts.max()],
  [SOURCE, 'source-record-active-count-avg', 'gauge', 'Mean active count in the sampled window (NaN when none)', (t) => t.activeCounts.avg()],
  [TASK, 'running-ratio', 'gauge', 'Fraction of the task\'s life spent running', (t) => t.states.ratio('RUNNING')],
  [TASK, 'pause-ratio', 'gauge', 'Fraction of the task\'s life spent paused', (t) => t.states.ratio('PAUSED')],
  [TASK, 'batch-size-max', 'gauge', 'Most records one poll() returned in the sampled window (NaN when none)', (t) => t.polls.max()],
  [TASK, 'batch-size-avg', 'gauge', 'Mean records per poll() in the sampled window (NaN when none)', (t) => t.polls.avg()],
  [ERRORS, 'total-record-failures', 'counter', 'Failed attempts at a record operation (transform, convert, produce), retries included', (t) => t.errors.failures],
  [ERRORS, 'total-record-errors', 'counter', 'Records that failed for good after retries', (t) => t.errors.errors],
  [ERRORS, 'total-records-skipped', 'counter', 'Records skipped because of errors (errors.tolerance=all)', (t) => t.errors.skipped],
  [ERRORS, 'total-retries', 'counter', 'Retries of record operations', (t) => t.errors.retries],
  [ERRORS, 'total-errors-logged', 'counter', 'Errors written to the log (errors.log.enable)', (t) => t.errors.logged],
  [ERRORS, 'deadletterqueue-produce-requests', 'counter', 'Records sent to the dead-letter topic', (t) => t.errors.deadLetterQueueRequests],
  [ERRORS, 'deadletterqueue-produce-failures', 'counter', 'Records the dead-letter topic did not take', (t) => t.errors.deadLetterQueueFailures],
  [ERRORS, 'last-error-timestamp', 'gauge', 'When the latest error happened, ms since the epoch (0: none yet)', (t) => t.errors.lastErrorTimestamp]
]

function taskLabels (t: TaskMetrics): Labels {
  return { connector: t.connector, task: String(t.task) }
}

/** Registers every per-task family on `registry`, reading the tasks `tasks()` lists at each scrape. */
export function registerTaskFamilies (registry: Registry, tasks: () => Iterable<TaskMetrics>): void {
  for (const [group, metric, kind, help, value] of DEFINITIONS) {
    const read = function * (): Series { for (const t of tasks()) yield [taskLabels(t), value(t)] }
    const spec = { registry, name: connectMetricName(group, metric), help, labelNames: ['connector', 'task'], read }
    if (kind === 'counter') collectedCounter(spec)
    else collectedGauge(spec)
  }
  collectedGauge({
    registry,
    name: connectMetricName(TASK, 'status'),
    help: 'The task\'s state: 1 for the current state, 0 for the others (Connect\'s status attribute as a state set)',
    labelNames: ['connector', 'task', 'status'],
    read: function * () { for (const t of tasks()) yield * stateSet(taskLabels(t), t.states.state) }
  })
}

/** One series per known state (and the current one if it is not known), 1 for `current`. */
export function * stateSet (labels: Labels, current: string): Series {
  const now = current.toLowerCase()
  const states: string[] = [...STATES]
  if (!states.includes(now)) states.push(now)
  for (const status of states) yield [{ ...labels, status }, status === now ? 1 : 0]
}
