/** Worker properties of a Connect worker that the standalone runtime reads (WorkerConfig/StandaloneConfig). */
import { parseConfigOrThrow, range, type ConfigKey } from '../connect/config/config-def.ts'
import type { ConfigProvider } from './config-providers/config-provider.ts'
import { configProvidersKey, createConfigProviders } from './config-providers/registry.ts'
import { resolveConfigVariables } from './config-providers/resolve-config.ts'
import { restWorkerConfigKeys } from './rest-worker-config.ts'
import { restConfigKeys } from '../rest/rest-config.ts'
import { logLevelKey } from './log-config.ts'
import { exactlyOnceWorkerKeys } from './exactly-once/config.ts'
import { overridePolicy, overridePolicyKey, workerProducerSettings, type OverridePolicy, type ResolvedProducerSettings } from './producer-config.ts'

export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter'

/** sqsconnect.worker.buffer.max.bytes' default (docs/performance.md has the figures behind it). */
const WORKER_BUFFER_MAX_BYTES = 16 * 1024 * 1024

export const workerConfigKeys: readonly ConfigKey[] = [
  { name: 'bootstrap.servers', type: 'LIST', defaultValue: ['localhost:9092'], importance: 'HIGH', documentation: 'Kafka brokers to bootstrap from.' },
  { name: 'key.converter', type: 'CLASS', importance: 'HIGH', documentation: 'Converter for record keys.' },
  { name: 'value.converter', type: 'CLASS', importance: 'HIGH', documentation: 'Converter for record values.' },
  { name: 'header.converter', type: 'CLASS', defaultValue: DEFAULT_HEADER_CONVERTER, importance: 'LOW', documentation: 'Converter for record headers.' },
  { name: 'offset.storage.file.filename', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Accepted for compatibility; SQS has no replayable offsets, so nothing is stored.' },
  {
    name: 'listeners', type: 'LIST', defaultValue: ['http://:8083'], importance: 'LOW',
    documentation: 'Where the Connect REST API listens: comma-separated protocol://host:port (an empty host binds every interface; port 0 picks a free port). See docs/rest-api.md.'
  },
  ...restWorkerConfigKeys,
  { name: 'plugin.path', type: 'LIST', defaultValue: [], importance: 'LOW', documentation: 'Accepted for compatibility; plugins are built in.' },
  { name: 'offset.flush.interval.ms', type: 'LONG', defaultValue: 60_000, validator: range(0, Number.MAX_SAFE_INTEGER), importance: 'LOW', documentation: 'Accepted for compatibility.' },
  configProvidersKey,
  {
    name: 'task.shutdown.graceful.timeout.ms', type: 'LONG', defaultValue: 5000, validator: range(0, Number.MAX_SAFE_INTEGER), importance: 'LOW',
    documentation: 'How long stopping waits for in-flight records to be acknowledged and their messages deleted.'
  },
  overridePolicyKey,
  ...restConfigKeys,
  logLevelKey,
  {
    name: 'topic.creation.enable', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation: 'Whether source connectors may create the topics they write to, with the settings of their topic.creation.* groups (docs/topic-creation.md). A connector without topic.creation.* keys never creates topics.'
  },
  {
    name: 'sqsconnect.task.buffer.max.records', type: 'INT', defaultValue: 10_000, validator: range(1, 2_147_483_647), importance: 'MEDIUM',
    documentation: 'sqs-connect only: the most records one task holds between poll and Kafka\'s acknowledgement (buffered and being produced); polling pauses at this bound.'
  },
  {
    name: 'sqsconnect.task.buffer.max.bytes', type: 'LONG', defaultValue: 64 * 1024 * 1024, validator: range(1, Number.MAX_SAFE_INTEGER), importance: 'MEDIUM',
    documentation: 'sqs-connect only: the most converted bytes (keys, values, headers) one task holds between poll and Kafka\'s acknowledgement; polling pauses at this bound.'
  },
  {
    name: 'sqsconnect.worker.buffer.max.bytes', type: 'LONG', defaultValue: WORKER_BUFFER_MAX_BYTES, validator: range(1, Number.MAX_SAFE_INTEGER), importance: 'MEDIUM',
    documentation: 'sqs-connect only: the most converted bytes all source tasks of this worker hold together between poll and Kafka\'s acknowledgement, on top of each task\'s own bounds. ' +
      'A task polls only while the worker is below it and waits its turn for room; a task that holds nothing always takes one record (docs/producer.md).'
  },
  ...exactlyOnceWorkerKeys
]

export interface WorkerConfig {
  readonly bootstrapServers: string[]
  readonly keyConverter: string
  readonly valueConverter: string
  readonly headerConverter: string
  readonly gracefulShutdownMs: number
  /** connector.client.config.override.policy. */
  readonly overridePolicy: OverridePolicy
  /** The worker's producer.* settings, validated. */
  readonly producer: ResolvedProducerSettings
  readonly taskBufferMaxRecords: number
  /** topic.creation.enable. */
  readonly topicCreationEnable: boolean
  readonly taskBufferMaxBytes: number
  /** sqsconnect.worker.buffer.max.bytes: what all source tasks of the worker hold together. */
  readonly workerBufferMaxBytes: number
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
  let producer: ResolvedProducerSettings
  try {
    values = parseConfigOrThrow('Worker configuration', workerConfigKeys, props)
    producer = workerProducerSettings(props)
  } catch (error) {
    throw resolved.hideValuesIn(error)
  }
  return {
    bootstrapServers: values['bootstrap.servers'] as string[],
    keyConverter: values['key.converter'] as string,
    valueConverter: values['value.converter'] as string,
    headerConverter: values['header.converter'] as string,
    gracefulShutdownMs: values['task.shutdown.graceful.timeout.ms'] as number,
    overridePolicy: overridePolicy(values[overridePolicyKey.name] as string),
    producer,
    taskBufferMaxRecords: values['sqsconnect.task.buffer.max.records'] as number,
    topicCreationEnable: values['topic.creation.enable'] as boolean,
    taskBufferMaxBytes: values['sqsconnect.task.buffer.max.bytes'] as number,
    workerBufferMaxBytes: values['sqsconnect.worker.buffer.max.bytes'] as number,
    raw: props,
    configProviders
  }
}
