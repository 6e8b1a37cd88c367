/** Worker properties of a Connect worker that the standalone runtime reads (WorkerConfig/StandaloneConfig). */
import { parseConfigOrThrow, range, type ConfigKey } from '../connect/config/config-def.ts'
import type { ConfigProvider } from './config-providers/config-provider.ts'
import { configProvidersKey, createConfigProviders } from './config-providers/registry.ts'
import { resolveConfigVariables } from './config-providers/resolve-config.ts'

export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter'

export const workerConfigKeys: readonly ConfigKey[] = [
  { name: 'bootstrap.servers', type: 'LIST', defaultValue: ['localhost:9092'], importance: 'HIGH', documentation: 'Kafka brokers to bootstrap from.' },
  { name: 'key.converter', type: 'CLASS', importance: 'HIGH', documentation: 'Converter for record keys.' },
  { name: 'value.converter', type: 'CLASS', importance: 'HIGH', documentation: 'Converter for record values.' },
  { name: 'header.converter', type: 'CLASS', defaultValue: DEFAULT_HEADER_CONVERTER, importance: 'LOW', documentation: 'Converter for record headers.' },
  { name: 'offset.storage.file.filename', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Accepted for compatibility; SQS has no replayable offsets, so nothing is stored.' },
  { name: 'listeners', type: 'LIST', defaultValue: ['http://:8083'], importance: 'LOW', documentation: 'Accepted; the REST API is not served yet.' },
  { name: 'plugin.path', type: 'LIST', defaultValue: [], importance: 'LOW', documentation: 'Accepted for compatibility; plugins are built in.' },
  { name: 'offset.flush.interval.ms', type: 'LONG', defaultValue: 60_000, validator: range(0, Number.MAX_SAFE_INTEGER), importance: 'LOW', documentation: 'Accepted for compatibility.' },
  configProvidersKey,
  {
    name: 'task.shutdown.graceful.timeout.ms', type: 'LONG', defaultValue: 5000, validator: range(0, Number.MAX_SAFE_INTEGER), importance: 'LOW',
    documentation: 'How long stopping waits for in-flight records to be acknowledged and their messages deleted.'
  }
]

export interface WorkerConfig {
  readonly bootstrapServers: string[]
  readonly keyConverter: string
  readonly valueConverter: string
  readonly headerConverter: string
  readonly gracefulShutdownMs: number
  /** Every property, variables resolved, for converter sub-keys such as value.converter.schemas.enable. */
  readonly raw: Readonly<Record<string, string>>
  /** The providers named by config.providers, which resolve connector configs too. */
  readonly configProviders: ReadonlyMap<string, ConfigProvider>
}

/**
 * Parses worker properties; throws one config error naming every bad property. As Kafka's AbstractConfig
 * does, the providers in config.providers are set up first and resolve variables in the worker's own values.
 */
export function parseWorkerConfig (given: Readonly<Record<string, string>>): WorkerConfig {
  const configProviders = createConfigProviders(given)
  const resolved = resolveConfigVariables('Worker configuration', given, configProviders)
  const props = resolved.values
  let values: ReturnType<typeof parseConfigOrThrow>
  try {
    values = parseConfigOrThrow('Worker configuration', workerConfigKeys, props)
  } catch (error) {
    throw resolved.hideValuesIn(error)
  }
  return {
    bootstrapServers: values['bootstrap.servers'] as string[],
    keyConverter: values['key.converter'] as string,
    valueConverter: values['value.converter'] as string,
    headerConverter: values['header.converter'] as string,
    gracefulShutdownMs: values['task.shutdown.graceful.timeout.ms'] as number,
    raw: props,
    configProviders
  }
}
