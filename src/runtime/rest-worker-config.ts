/** Worker properties of Connect's REST server besides `listeners`: the advertised address and topic tracking. */
import { parseConfigOrThrow, range, type ConfigKey, type ConfigValue, type Validator } from '../connect/config/config-def.ts'

const nullOr = (validator: Validator): Validator =>
  Object.assign((value: ConfigValue) => (value === null ? undefined : validator(value)), { describe: validator.describe })

const protocol: Validator = Object.assign(
  (value: ConfigValue) => value === null || (typeof value === 'string' && ['http', 'https'].includes(value.toLowerCase())) ? undefined : 'Value must be http or https',
  { describe: 'http or https' }
)

export const restWorkerConfigKeys: readonly ConfigKey[] = [
  {
    name: 'rest.advertised.host.name', type: 'STRING', defaultValue: null, importance: 'LOW',
    documentation: 'The host name in this worker\'s worker_id (statuses); by default the host of the advertised listener, or the machine\'s host name when that listener names none.'
  },
  {
    name: 'rest.advertised.port', type: 'INT', defaultValue: null, validator: nullOr(range(0, 65_535)), importance: 'LOW',
    documentation: 'The port in this worker\'s worker_id; by default the port the advertised listener is bound to.'
  },
  {
    name: 'rest.advertised.listener', type: 'STRING', defaultValue: null, validator: protocol, importance: 'LOW',
    documentation: 'http or https: which listener is advertised; by default http when an http listener exists, else https.'
  },
  { name: 'topic.tracking.enable', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'Track the topics each connector writes to (GET /connectors/{name}/topics).' },
  { name: 'topic.tracking.allow.reset', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'Allow PUT /connectors/{name}/topics/reset.' }
]

export interface RestWorkerConfig {
  readonly listeners: string[]
  readonly advertisedHostName: string | null
  readonly advertisedPort: number | null
  readonly advertisedListener: 'http' | 'https' | null
  readonly topicTrackingEnabled: boolean
  readonly topicTrackingAllowReset: boolean
}

/** Reads the REST settings from the worker's properties (already validated with the other worker keys). */
export function parseRestWorkerConfig (raw: Readonly<Record<string, string>>): RestWorkerConfig {
  const listenersKey: ConfigKey = { name: 'listeners', type: 'LIST', defaultValue: ['http://:8083'], importance: 'LOW', documentation: '' }
  const values = parseConfigOrThrow('Worker configuration', [listenersKey, ...restWorkerConfigKeys], raw)
  const listener = values['rest.advertised.listener'] as string | null
  const host = values['rest.advertised.host.name'] as string | null
  return {
    listeners: values.listeners as string[],
    advertisedHostName: host === null || host.trim() === '' ? null : host.trim(),
    advertisedPort: values['rest.advertised.port'] as number | null,
    advertisedListener: listener === null ? null : listener.toLowerCase() as 'http' | 'https',
    topicTrackingEnabled: values['topic.tracking.enable'] as boolean,
    topicTrackingAllowReset: values['topic.tracking.allow.reset'] as boolean
  }
}
