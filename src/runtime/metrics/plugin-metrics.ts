/**
 * The runtime's side of the plugin metrics facade: prom-client families shared by every task of the worker,
 * named `sqs_connect_<plugin's name>`, each series labelled with the task's connector and task id. A task's
 * series are removed when the task's metrics are closed.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { HistogramSpec, MetricLabels, MetricSpec, PluginCounter, PluginGauge, PluginHistogram, PluginMetrics } from '../../connect/plugin-metrics.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'

export const PLUGIN_METRIC_PREFIX = 'sqs_connect_'
const RESERVED_LABELS = ['connector', 'task']
const NAME = /^[a-z][a-z0-9_]*$/

type Family = { readonly kind: 'counter', readonly metric: Counter } | { readonly kind: 'gauge', readonly metric: Gauge } | { readonly kind: 'histogram', readonly metric: Histogram }

interface Registered {
  readonly family: Family
  readonly labelNames: readonly string[]
  readonly buckets?: readonly number[]
}

/** Every plugin metric family of one worker. */
export class PluginMetricFamilies {
  readonly #registry: Registry
  readonly #families = new Map<string, Registered>()

  constructor (registry: Registry) {
    this.#registry = registry
  }

  /** The facade for one task; close() on it removes the task's series. */
  forTask (connector: string, task: number): TaskPluginMetrics {
    return new TaskPluginMetrics(this, { connector, task: String(task) })
  }

  /** The family called `spec.name` (prefixed), created on first use; a second definition must match the first. */
  family (kind: Family['kind'], spec: MetricSpec | HistogramSpec): Registered {
    const name = PLUGIN_METRIC_PREFIX + spec.name
    const labelNames = spec.labelNames ?? []
    const buckets = 'buckets' in spec ? spec.buckets : undefined
    const known = this.#families.get(name)
    if (known !== undefined) {
      if (known.family.kind !== kind || known.labelNames.join() !== labelNames.join() || known.buckets?.join() !== buckets?.join()) {
        throw invalid(name, `is already defined as a ${known.family.kind} with labels [${known.labelNames.join(', ')}]; every task must define it the same way`)
      }
      return known
    }
    if (!NAME.test(spec.name)) throw invalid(name, 'is not a valid metric name: use lower-case letters, digits and _, starting with a letter')
    const reserved = labelNames.find((label) => RESERVED_LABELS.includes(label) || !NAME.test(label))
    if (reserved !== undefined) throw invalid(name, `cannot have the label ${reserved}: connector and task are added by the runtime, and labels use lower-case letters, digits and _`)
    const config = { name, help: spec.help, labelNames: [...RESERVED_LABELS, ...labelNames], registers: [this.#registry] }
    const family: Family = kind === 'counter'
      ? { kind, metric: new Counter(config) }
      : kind === 'gauge'
        ? { kind, metric: new Gauge(config) }
        : { kind, metric: new Histogram({ ...config, buckets: [...(buckets ?? [])] }) }
    const registered: Registered = { family, labelNames, ...(buckets === undefined ? {} : { buckets }) }
    this.#families.set(name, registered)
    return registered
  }
}

/** One task's view: adds its connector and task labels, remembers its series so that close() can remove them. */
export class TaskPluginMetrics implements PluginMetrics {
  readonly #families: PluginMetricFamilies
  readonly #own: Readonly<Record<string, string>>
  /** Series this task wrote to: family → label sets by key. */
  readonly #series = new Map<Family, Map<string, Record<string, string>>>()
  #closed = false

  constructor (families: PluginMetricFamilies, own: Readonly<Record<string, string>>) {
    this.#families = families
    this.#own = own
  }

  counter (spec: MetricSpec): PluginCounter {
    const { family, labelNames } = this.#families.family('counter', spec)
    // A counter without labels shows 0 from the start, so that rate() and alerts see it before its first event.
    const all = labelNames.length === 0 ? this.#labels(family, {}) : undefined
    if (all !== undefined && family.kind === 'counter') family.metric.inc(all, 0)
    return {
      inc: (value = 1, labels = {}) => {
        const all = this.#labels(family, labels)
        if (all !== undefined && family.kind === 'counter') family.metric.inc(all, value)
      }
    }
  }

  gauge (spec: MetricSpec): PluginGauge {
    const { family } = this.#families.family('gauge', spec)
    return {
      set: (value, labels = {}) => {
        const all = this.#labels(family, labels)
        if (all !== undefined && family.kind === 'gauge') family.metric.set(all, value)
      }
    }
  }

  histogram (spec: HistogramSpec): PluginHistogram {
    const { family } = this.#families.family('histogram', spec)
    return {
      observe: (value, labels = {}) => {
        const all = this.#labels(family, labels)
        if (all !== undefined && family.kind === 'histogram') family.metric.observe(all, value)
      }
    }
  }

  /** Removes every series this task wrote; later updates are ignored; idempotent. */
  close (): void {
    if (this.#closed) return
    this.#closed = true
    for (const [family, series] of this.#series) for (const labels of series.values()) family.metric.remove(labels)
    this.#series.clear()
  }

  /** The full label set of one update, remembered for close(); undefined after close(): the update is dropped. */
  #labels (family: Family, labels: MetricLabels): Record<string, string> | undefined {
    if (this.#closed) return undefined
    let series = this.#series.get(family)
    if (series === undefined) {
      series = new Map()
      this.#series.set(family, series)
    }
    const names = Object.keys(labels)
    // Updates run per message: the usual no-label or one-label set is found without sorting or copying.
    const key = names.length === 0 ? '' : names.length === 1 ? `${names[0]!}=${labels[names[0]!]!}` : names.sort().map((k) => `${k}=${labels[k]!}`).join(',')
    let all = series.get(key)
    if (all === undefined) {
      all = { ...this.#own, ...labels, ...this.#own }
      series.set(key, all)
    }
    return all
  }
}

function invalid (name: string, problem: string): SqsConnectError {
  return new SqsConnectError(ErrorCodes.METRIC_INVALID, `Plugin metric ${name} ${problem}`, { subject: name })
}
