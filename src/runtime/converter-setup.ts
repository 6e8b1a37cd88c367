/**
 * Chooses and configures a connector's converters as Connect's Plugins.newConverter does: the connector's
 * own converter (with its own sub-keys) only when it names a converter class, else the worker's.
 */
import type { Converter, HeaderConverter } from '../connect/converter.ts'
import { createHeaderConverter } from '../connect/converters/index.ts'
import { createRuntimeConverter } from './converters/index.ts'
import type { WorkerConfig } from './worker-config.ts'

export interface ConnectorConverters {
  readonly key: Converter
  readonly value: Converter
  readonly header: HeaderConverter
}

/** The `prefix.`-stripped sub-keys of `props`. */
function subKeys (props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix + '.')) out[k.slice(prefix.length + 1)] = v
  return out
}

function pick (name: string, worker: WorkerConfig, connector: Readonly<Record<string, string>>, workerClass: string): { className: string, configs: Record<string, string> } {
  const own = connector[name]
  if (own !== undefined && own.trim() !== '') return { className: own.trim(), configs: subKeys(connector, name) }
  return { className: workerClass, configs: subKeys(worker.raw, name) }
}

/** Builds the key, value and header converters for one connector. */
export function setUpConverters (worker: WorkerConfig, connector: Readonly<Record<string, string>>): ConnectorConverters {
  const key = pick('key.converter', worker, connector, worker.keyConverter)
  const value = pick('value.converter', worker, connector, worker.valueConverter)
  const header = pick('header.converter', worker, connector, worker.headerConverter)
  return {
    key: createRuntimeConverter(key.className, key.configs, true, 'key.converter'),
    value: createRuntimeConverter(value.className, value.configs, false, 'value.converter'),
    header: createHeaderConverter(header.className, header.configs, 'header.converter')
  }
}
