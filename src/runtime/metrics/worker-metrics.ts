/**
 * The metrics of one worker, in a prom-client registry of its own (never the global one): Connect's
 * connect-worker-metrics, connector-metrics and app-info, the per-task groups (task-families.ts) and the
 * plugins' own metrics. Values are read at scrape time from the worker's connectors and the tasks' counts.
 */
import { createRequire } from 'node:module'
import { hostname } from 'node:os'
import { Registry } from 'prom-client'
import type { BufferBudgetView } from '../buffer-budget.ts'
import { collectedCounter, collectedGauge, connectMetricName, type Series } from './collected.ts'
import { PluginMetricFamilies } from './plugin-metrics.ts'
import { SampledStat } from './sampled-stat.ts'
import { registerTaskFamilies, stateSet } from './task-families.ts'
import { TaskMetrics } from './task-metrics.ts'

/** What the metrics need to know of a connector on this worker (Worker.status() gives it). */
export interface ConnectorView {
  readonly name: string
  readonly state: string
  readonly tasks: ReadonlyArray<{ readonly id: number, readonly state: string }>
}

export interface ConnectorInfo {
  readonly className: string
  readonly version: string
  readonly type: 'source' | 'sink'
}

export interface WorkerMetricsOptions {
  /** The connectors on this worker, read at each scrape. */
  readonly connectors: () => readonly ConnectorView[]
  /** app-info's id: Connect uses the worker id (its REST host:port); default this host's name. */
  readonly workerId?: string
  readonly commitId?: string
  readonly now?: () => number
  /** The worker's buffer budget (sqsconnect.worker.buffer.max.bytes), for the sqsconnect_worker_buffer_* metrics. */
  readonly buffer?: BufferBudgetView
}

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE

type StartupKind = 'connector' | 'task'

class StartupCounts {
  attempts = 0
  successes = 0
  failures = 0
  /** 1 per success, 0 per failure: the windowed success and failure fractions (Connect's Frequencies). */
  readonly results: SampledStat
  constructor (now: () => number) { this.results = new SampledStat({ now }) }
  fraction (success: boolean): number {
    const count = this.results.count()
    if (count === 0) return 0
    const successes = this.results.sum()
    return (success ? successes : count - successes) / count
  }
}

const WORKER = 'connect-worker-metrics'
const CONNECTOR = 'connector-metrics'
/** connect-worker-metrics per connector: the count of its tasks in each state (Connect's names). */
const TASK_COUNTS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['connector-total-task-count', undefined], ['connector-running-task-count', 'running'], ['connector-paused-task-count', 'paused'],
  ['connector-failed-task-count', 'failed'], ['connector-unassigned-task-count', 'unassigned'], ['connector-destroyed-task-count', 'destroyed'],
  ['connector-restarting-task-count', 'restarting']
]

export class WorkerMetrics {
  readonly registry = new Registry()
  readonly #o: WorkerMetricsOptions
  readonly #now: () => number
  readonly #tasks = new Set<TaskMetrics>()
  readonly #info = new Map<string, ConnectorInfo>()
  readonly #plugins: PluginMetricFamilies
  readonly #startups: Record<StartupKind, StartupCounts>
  readonly #startedAt: number

  constructor (options: WorkerMetricsOptions) {
    this.#o = options
    this.#now = options.now ?? Date.now
    this.#startedAt = this.#now()
    this.#startups = { connector: new StartupCounts(this.#now), task: new StartupCounts(this.#now) }
    this.#plugins = new PluginMetricFamilies(this.registry)
    registerTaskFamilies(this.registry, () => this.#tasks)
    this.#registerWorkerFamilies()
    this.#registerConnectorFamilies()
    this.#registerAppInfo()
    if (options.buffer !== undefined) this.#registerBufferFamilies(options.buffer)
  }

  /**
   * The metrics of a new task; published until their close(). As Connect does, metrics still open for the same
   * connector and task (a restart that started the new task first) are closed, so the two never mix.
   */
  task (connector: string, task: number): TaskMetrics {
    for (const old of [...this.#tasks]) if (old.connector === connector && old.task === task) old.close()
    const plugin = this.#plugins.forTask(connector, task)
    const metrics: TaskMetrics = new TaskMetrics({
      connector, task, plugin, now: this.#now,
      onClose: () => { this.#tasks.delete(metrics); plugin.close() }
    })
    this.#tasks.add(metrics)
    return metrics
  }

  /** Remembers what connector-metrics shows for a connector (its class and version). */
  connectorInfo (name: string, info: ConnectorInfo): void {
    this.#info.set(name, info)
  }

  /** Runs a connector or task start-up and counts the attempt and its outcome (connect-worker-metrics). */
  async startup<T> (kind: StartupKind, start: () => Promise<T>): Promise<T> {
    const counts = this.#startups[kind]
    counts.attempts += 1
    try {
      const result = await start()
      counts.successes += 1
      counts.results.record(1)
      return result
    } catch (error) {
      counts.failures += 1
      counts.results.record(0)
      throw error
    }
  }

  /** Every metric in Prometheus' text format (version 0.0.4). */
  async text (): Promise<string> {
    return await this.registry.metrics()
  }

  #registerWorkerFamilies (): void {
    const registry = this.registry
    const one = (value: () => number) => function * (): Series { yield [{}, value()] }
    collectedGauge({ registry, name: connectMetricName(WORKER, 'connector-count'), help: 'Connectors on this worker', labelNames: [], read: one(() => this.#o.connectors().length) })
    collectedGauge({
      registry, name: connectMetricName(WORKER, 'task-count'), help: 'Tasks on this worker', labelNames: [],
      read: one(() => this.#o.connectors().reduce((n, c) => n + c.tasks.length, 0))
    })
    for (const kind of ['connector', 'task'] as const) {
      const counts = this.#startups[kind]
      const name = (metric: string): string => connectMetricName(WORKER, `${kind}-startup-${metric}`)
      collectedCounter({ registry, name: name('attempts-total'), help: `${kind} start-ups attempted`, labelNames: [], read: one(() => counts.attempts) })
      collectedCounter({ registry, name: name('success-total'), help: `${kind} start-ups that succeeded`, labelNames: [], read: one(() => counts.successes) })
      collectedCounter({ registry, name: name('failure-total'), help: `${kind} start-ups that failed`, labelNames: [], read: one(() => counts.failures) })
      collectedGauge({
        registry, name: name('success-percentage'), help: `Fraction (0..1) of ${kind} start-ups in the sampled window (2 x 30 s) that succeeded; 0 when none`,
        labelNames: [], read: one(() => counts.fraction(true))
      })
      collectedGauge({
        registry, name: name('failure-percentage'), help: `Fraction (0..1) of ${kind} start-ups in the sampled window (2 x 30 s) that failed; 0 when none`,
        labelNames: [], read: one(() => counts.fraction(false))
      })
    }
    for (const [metric, state] of TASK_COUNTS) {
      collectedGauge({
        registry, name: connectMetricName(WORKER, metric), help: `Tasks of the connector on this worker${state === undefined ? '' : ` in state ${state}`}`, labelNames: ['connector'],
        read: () => this.#o.connectors().map((c) => [{ connector: c.name }, c.tasks.filter((t) => state === undefined || t.state.toLowerCase() === state).length] as const)
      })
    }
  }

  /** sqs-connect's own worker metrics: what the source tasks hold together against the worker's budget. */
  #registerBufferFamilies (budget: BufferBudgetView): void {
    const registry = this.registry
    const one = (value: () => number) => function * (): Series { yield [{}, value()] }
    // The properties' prefix, not the plugins' (sqs_connect_), whose series all carry connector and task labels.
    const name = (metric: string): string => `sqsconnect_worker_buffer_${metric}`
    collectedGauge({ registry, name: name('bytes'), help: 'Converted bytes the source tasks of this worker hold between poll and Kafka\'s acknowledgement', labelNames: [], read: one(() => budget.heldBytes) })
    collectedGauge({ registry, name: name('peak_bytes'), help: 'The most bytes the source tasks of this worker held at once since it started', labelNames: [], read: one(() => budget.peakBytes) })
    collectedGauge({ registry, name: name('limit_bytes'), help: 'sqsconnect.worker.buffer.max.bytes', labelNames: [], read: one(() => budget.maxBytes) })
    collectedCounter({ registry, name: name('waits_total'), help: 'Times a source task waited for room in the worker\'s buffer budget', labelNames: [], read: one(() => budget.waits) })
  }

  #registerConnectorFamilies (): void {
    const registry = this.registry
    collectedGauge({
      registry, name: connectMetricName(CONNECTOR, 'status'), labelNames: ['connector', 'status'],
      help: 'The connector\'s state: 1 for the current state, 0 for the others (Connect\'s status attribute as a state set)',
      read: () => this.#o.connectors().flatMap((c) => [...stateSet({ connector: c.name }, c.state)])
    })
    collectedGauge({
      registry, name: connectMetricName(CONNECTOR, 'info'), labelNames: ['connector', 'connector_type', 'connector_class', 'connector_version'],
      help: 'Always 1; Connect\'s connector-type, connector-class and connector-version attributes as labels',
      read: () => this.#o.connectors().flatMap((c) => {
        const info = this.#info.get(c.name)
        return info === undefined ? [] : [[{ connector: c.name, connector_type: info.type, connector_class: info.className, connector_version: info.version }, 1] as const]
      })
    })
  }

  #registerAppInfo (): void {
    const registry = this.registry
    const id = this.#o.workerId ?? hostname()
    const commitId = this.#o.commitId ?? 'unknown'
    collectedGauge({
      registry, name: 'kafka_connect_app_info', labelNames: ['id', 'version', 'commit_id'],
      help: 'Always 1; Connect\'s app-info version and commit-id attributes as labels',
      read: function * () { yield [{ id, version: RUNTIME_VERSION, commit_id: commitId }, 1] }
    })
    collectedGauge({
      registry, name: connectMetricName('app-info', 'start-time-ms'), labelNames: ['id'], help: 'When the worker started, ms since the epoch',
      read: () => [[{ id }, this.#startedAt]]
    })
  }
}

/** The version of sqs-connect, from its package.json. */
const RUNTIME_VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version
