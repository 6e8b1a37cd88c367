/**
 * prom-client metrics whose values are read at scrape time from the runtime's own state (counts kept as plain
 * numbers, sampled windows, task states), so that the hot path never touches the metrics library. Each scrape
 * replaces every series, so series of tasks and connectors that are gone disappear by themselves.
 */
import { Counter, Gauge, type Registry } from 'prom-client'

export type Labels = Record<string, string>
export type Series = Iterable<readonly [Labels, number]>

export interface CollectedSpec {
  readonly registry: Registry
  readonly name: string
  readonly help: string
  readonly labelNames: readonly string[]
  readonly read: () => Series
}

/** A counter (cumulative, never decreasing per series) read at scrape time. */
export function collectedCounter (spec: CollectedSpec): Counter {
  const { read } = spec
  return new Counter({
    name: spec.name,
    help: spec.help,
    labelNames: [...spec.labelNames],
    registers: [spec.registry],
    collect () {
      this.reset()
      for (const [labels, value] of read()) this.inc(labels, value)
    }
  })
}

/** A gauge read at scrape time. */
export function collectedGauge (spec: CollectedSpec): Gauge {
  const { read } = spec
  return new Gauge({
    name: spec.name,
    help: spec.help,
    labelNames: [...spec.labelNames],
    registers: [spec.registry],
    collect () {
      this.reset()
      for (const [labels, value] of read()) this.set(labels, value)
    }
  })
}

/**
 * The Prometheus name of a Connect metric, as the JMX exporter's default rule writes the MBean attribute
 * `kafka.connect:type=<group>,...` / `<metric>`: `kafka_connect_<group>_<metric>` with `-` and `.` as `_`.
 */
export function connectMetricName (group: string, metric: string): string {
  return `kafka_connect_${group}_${metric}`.replace(/[^a-zA-Z0-9_]/g, '_')
}
