/**
 * The settings of a source task's producer, as Connect builds them (Worker.baseProducerConfigs): the worker's
 * `producer.*` properties, then the connector's `producer.override.*` properties where the worker's
 * `connector.client.config.override.policy` allows them. Idempotence and acks=all are not settable.
 */
import { atLeast, oneOf, parseConfig, problemsError, range, type ConfigKey, type ConfigProblem, type Validator } from '../connect/config/config-def.ts'
import { availableCompressionTypes, COMPRESSION_TYPES } from '../kafka/producer.ts'

export const PRODUCER_PREFIX = 'producer.'
export const PRODUCER_OVERRIDE_PREFIX = 'producer.override.'
export const ADMIN_OVERRIDE_PREFIX = 'admin.override.'
export const OVERRIDE_POLICY = 'connector.client.config.override.policy'

const POLICY_CLASSES: Readonly<Record<string, OverridePolicy>> = {
  None: 'None',
  Principal: 'Principal',
  All: 'All',
  'org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy': 'None',
  'org.apache.kafka.connect.connector.policy.PrincipalConnectorClientConfigOverridePolicy': 'Principal',
  'org.apache.kafka.connect.connector.policy.AllConnectorClientConfigOverridePolicy': 'All'
}

export type OverridePolicy = 'None' | 'Principal' | 'All'

/** What the Principal policy lets a connector override (Connect's PrincipalConnectorClientConfigOverridePolicy). */
const PRINCIPAL_KEYS = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol'])

/** The worker property naming the policy; Connect's default since Kafka 3.0 (KIP-722) is All. */
export const overridePolicyKey: ConfigKey = {
  name: OVERRIDE_POLICY, type: 'STRING', defaultValue: 'All', validator: oneOf(Object.keys(POLICY_CLASSES)), importance: 'MEDIUM',
  documentation: 'Which producer.override.* and admin.override.* properties a connector may set: None, Principal (only sasl.jaas.config, ' +
    'sasl.mechanism and security.protocol) or All (the default), or the full class name of Connect\'s matching policy.'
}

/** Parses the policy value (validated by overridePolicyKey). */
export function overridePolicy (value: string): OverridePolicy {
  return POLICY_CLASSES[value] ?? 'All'
}

const compressionType: Validator = Object.assign((value: unknown) => {
  const known = oneOf(COMPRESSION_TYPES)(typeof value === 'string' ? value.toLowerCase() : null)
  if (known !== undefined) return known
  if (!availableCompressionTypes().includes(String(value).toLowerCase())) {
    return `the Kafka client cannot write ${String(value)} on Node.js ${process.version} (zstd needs node:zlib's zstd, Node.js 22.15 or later); ` +
      `use one of ${availableCompressionTypes().join(', ')}`
  }
  return undefined
}, { describe: `[${COMPRESSION_TYPES.join(', ')}]` })

/** The producer properties sqs-connect honours, with its defaults (docs/producer.md says where they differ from Kafka's). */
export const producerConfigKeys: readonly ConfigKey[] = [
  { name: 'linger.ms', type: 'LONG', defaultValue: 5, validator: range(0, 2_147_483_647), importance: 'MEDIUM', documentation: 'How long a request waits for more records when fewer than batch.size bytes are ready, in ms.' },
  { name: 'batch.size', type: 'INT', defaultValue: 512 * 1024, validator: range(1, 2_147_483_647), importance: 'MEDIUM', documentation: 'The most bytes of records gathered into one produce request; a larger record goes alone.' },
  { name: 'compression.type', type: 'STRING', defaultValue: 'none', validator: compressionType, importance: 'HIGH', documentation: 'Compression of record batches: none, gzip, snappy, lz4 or zstd.' },
  { name: 'max.request.size', type: 'INT', defaultValue: 4 * 1024 * 1024, validator: range(1, 2_147_483_647), importance: 'MEDIUM', documentation: 'The largest record (estimated as it is written, before compression) the producer sends, in bytes.' },
  { name: 'request.timeout.ms', type: 'INT', defaultValue: 30_000, validator: range(0, 2_147_483_647), importance: 'MEDIUM', documentation: 'How long the producer waits for a broker\'s answer, in ms.' },
  { name: 'delivery.timeout.ms', type: 'INT', defaultValue: 2_147_483_647, validator: range(0, 2_147_483_647), importance: 'MEDIUM', documentation: 'How long a batch is retried before the task fails, in ms; Connect\'s value is the default: retry until Kafka is back.' },
  { name: 'retries', type: 'INT', defaultValue: 2, validator: atLeast(0), importance: 'LOW', documentation: 'Client retries of one produce request before the runtime\'s own retry loop (bounded by delivery.timeout.ms) takes over.' },
  { name: 'retry.backoff.ms', type: 'LONG', defaultValue: 250, validator: range(0, 2_147_483_647), importance: 'LOW', documentation: 'Pause between client retries, in ms.' },
  { name: 'client.id', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'The client id; empty: Connect\'s connector-producer-<connector>-<task>.' }
]

/** Settings sqs-connect keeps as they are, with the values a user may still write for them. */
const FORCED: Readonly<Record<string, { readonly allowed: readonly string[], readonly why: string }>> = {
  'enable.idempotence': { allowed: ['true'], why: 'the producer is always idempotent' },
  acks: { allowed: ['all', '-1'], why: 'the producer always waits for all in-sync replicas (acks=all)' },
  'max.in.flight.requests.per.connection': { allowed: ['1'], why: 'one produce request per task is in flight, which keeps each partition in poll order' },
  'key.serializer': { allowed: ['org.apache.kafka.common.serialization.ByteArraySerializer'], why: 'converters produce the bytes' },
  'value.serializer': { allowed: ['org.apache.kafka.common.serialization.ByteArraySerializer'], why: 'converters produce the bytes' },
  'transactional.id': { allowed: [], why: 'transactions (exactly-once) are not supported yet' }
}

export interface ProducerSettings {
  readonly lingerMs: number
  readonly batchSizeBytes: number
  readonly compression: string
  readonly maxRequestBytes: number
  readonly requestTimeoutMs: number
  readonly deliveryTimeoutMs: number
  readonly retries: number
  readonly retryBackoffMs: number
  /** Empty: Connect's per-task default. */
  readonly clientId: string
  /** producer.bootstrap.servers / producer.override.bootstrap.servers: another cluster for the records; empty: the worker's. */
  readonly bootstrapServers: readonly string[]
}

export interface ResolvedProducerSettings {
  readonly settings: ProducerSettings
  /** Producer properties given that sqs-connect's producer does not use (the Java client warns about unknown ones). */
  readonly ignored: readonly string[]
}

/** The `prefix`-ed properties of `props`, prefix removed. */
export function withPrefix (props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) if (key.startsWith(prefix) && key.length > prefix.length) out[key.slice(prefix.length)] = value
  return out
}

/** The worker's `producer.*` settings; throws a config error naming every bad property. */
export function workerProducerSettings (workerProps: Readonly<Record<string, string>>): ResolvedProducerSettings {
  return resolveOrThrow('Worker configuration', withPrefix(workerProps, PRODUCER_PREFIX), PRODUCER_PREFIX)
}

/**
 * A connector's producer settings: the worker's `producer.*` with the connector's `producer.override.*` on top,
 * each override checked against the policy as Connect checks it. Throws a config error naming every problem.
 */
export function connectorProducerSettings (workerProps: Readonly<Record<string, string>>, connectorProps: Readonly<Record<string, string>>, policy: OverridePolicy): ResolvedProducerSettings {
  const name = connectorProps.name
  const what = `Connector configuration${name === undefined ? '' : ` of ${name}`}`
  const refused = policyProblems(connectorProps, policy)
  if (refused.length > 0) throw problemsError(what, refused)
  const { resolved, problems } = resolve({ ...withPrefix(workerProps, PRODUCER_PREFIX), ...withPrefix(connectorProps, PRODUCER_OVERRIDE_PREFIX) }, PRODUCER_OVERRIDE_PREFIX, withPrefix(workerProps, PRODUCER_PREFIX))
  if (resolved === undefined) throw problemsError(what, problems)
  return resolved
}

/**
 * What is wrong with a connector's producer.override.* and admin.override.* properties on their own (no worker
 * properties): overrides the policy refuses, else bad override values. For `validate`, as Connect's validation does.
 */
export function producerOverrideProblems (connectorProps: Readonly<Record<string, string>>, policy: OverridePolicy): ConfigProblem[] {
  const refused = policyProblems(connectorProps, policy)
  return refused.length > 0 ? refused : [...resolve(withPrefix(connectorProps, PRODUCER_OVERRIDE_PREFIX), PRODUCER_OVERRIDE_PREFIX, {}).problems]
}

function policyProblems (connectorProps: Readonly<Record<string, string>>, policy: OverridePolicy): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  for (const prefix of [PRODUCER_OVERRIDE_PREFIX, ADMIN_OVERRIDE_PREFIX]) {
    for (const key of Object.keys(withPrefix(connectorProps, prefix))) {
      const allowed = policy === 'All' || (policy === 'Principal' && PRINCIPAL_KEYS.has(key))
      if (!allowed) problems.push({ name: prefix + key, message: `The '${policy}' policy does not allow '${key}' to be overridden in the connector configuration.` })
    }
  }
  return problems
}

function resolveOrThrow (what: string, props: Readonly<Record<string, string>>, prefix: string): ResolvedProducerSettings {
  const { resolved, problems } = resolve(props, prefix, {})
  if (resolved === undefined) throw problemsError(what, problems)
  return resolved
}

/** The settings, or (resolved undefined) every problem found. */
function resolve (props: Readonly<Record<string, string>>, prefix: string, fromWorker: Readonly<Record<string, string>>): { resolved?: ResolvedProducerSettings, problems: ConfigProblem[] } {
  // A value that came from the worker is named with the worker's prefix.
  const nameOf = (key: string): string => (fromWorker[key] === props[key] && prefix === PRODUCER_OVERRIDE_PREFIX ? PRODUCER_PREFIX : prefix) + key
  const parsed = parseConfig(producerConfigKeys, props)
  const problems: ConfigProblem[] = parsed.problems.map((p) => ({ name: nameOf(p.name), message: p.message.replace(`configuration ${p.name}`, `configuration ${nameOf(p.name)}`) }))
  for (const [key, rule] of Object.entries(FORCED)) {
    const value = props[key]
    if (value === undefined || rule.allowed.includes(value.trim().toLowerCase()) || rule.allowed.includes(value.trim())) continue
    problems.push({ name: nameOf(key), message: `sqs-connect does not allow '${key}' to be set to ${value}: ${rule.why}. Remove ${nameOf(key)}.` })
  }
  const v = parsed.values
  const lingerMs = v['linger.ms'] as number
  const requestTimeoutMs = v['request.timeout.ms'] as number
  const deliveryTimeoutMs = v['delivery.timeout.ms'] as number
  if (parsed.problems.length === 0 && deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
    problems.push({ name: nameOf('delivery.timeout.ms'), message: `delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (${lingerMs + requestTimeoutMs})` })
  }
  if (problems.length > 0) return { problems }
  const known = new Set([...producerConfigKeys.map((k) => k.name), ...Object.keys(FORCED), 'bootstrap.servers'])
  const bootstrap = props['bootstrap.servers']
  const resolved: ResolvedProducerSettings = {
    settings: {
      lingerMs,
      batchSizeBytes: v['batch.size'] as number,
      compression: (v['compression.type'] as string).toLowerCase(),
      maxRequestBytes: v['max.request.size'] as number,
      requestTimeoutMs,
      deliveryTimeoutMs,
      retries: v.retries as number,
      retryBackoffMs: v['retry.backoff.ms'] as number,
      clientId: v['client.id'] as string,
      bootstrapServers: bootstrap === undefined ? [] : bootstrap.split(',').map((s) => s.trim()).filter((s) => s !== '')
    },
    ignored: Object.keys(props).filter((key) => !known.has(key)).map(nameOf)
  }
  return { resolved, problems }
}
