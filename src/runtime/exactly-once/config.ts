/**
 * The properties of exactly-once mode: Connect's worker switch (KIP-618) and sqs-connect's own keys for
 * the transactional id prefix and the marker topic (docs/exactly-once.md).
 */
import { configError } from '../../errors.ts'
import { kafkaTopicName, oneOf, parseConfigOrThrow, range, type ConfigKey, type ConfigValue, type Validator } from '../../connect/config/config-def.ts'

export const EXACTLY_ONCE_SOURCE_SUPPORT = 'exactly.once.source.support'
const PREFIX_KEY = 'sqsconnect.exactly.once.transactional.id.prefix'
const CATCH_UP_KEY = 'sqsconnect.exactly.once.marker.catchup.timeout.ms'
const MARKER_TOPIC_KEY = 'sqsconnect.exactly.once.marker.topic'
const MARKER_RF_KEY = 'sqsconnect.exactly.once.marker.topic.replication.factor'

const caseInsensitive = (allowed: readonly string[]): Validator => {
  const exact = oneOf(allowed)
  return Object.assign((value: ConfigValue) => exact(typeof value === 'string' ? value.toLowerCase() : value), { describe: exact.describe })
}

const emptyOrTopic: Validator = Object.assign(
  (value: ConfigValue) => (value === '' ? undefined : kafkaTopicName(value)),
  { describe: `empty or ${kafkaTopicName.describe}` }
)

export const exactlyOnceWorkerKeys: readonly ConfigKey[] = [
  {
    name: EXACTLY_ONCE_SOURCE_SUPPORT, type: 'STRING', defaultValue: 'disabled', validator: caseInsensitive(['disabled', 'preparing', 'enabled']), importance: 'HIGH',
    documentation: 'enabled: every source task writes through a Kafka transaction (per-task transactional.id, zombie fencing) and SQS messages already ' +
      'in Kafka are recognised on redelivery and deleted without being written again (docs/exactly-once.md). preparing is accepted for rolling ' +
      'upgrades and behaves as disabled, as in Connect.'
  },
  {
    name: PREFIX_KEY, type: 'STRING', defaultValue: '', importance: 'LOW',
    documentation: 'sqs-connect only: prefix of each task\'s transactional.id, <prefix>-<connector>-<task>. Empty means the worker\'s group.id when set ' +
      '(Connect\'s rule), else sqs-connect. Two standalone workers running the same connector need different prefixes, or they fence each other.'
  },
  {
    name: CATCH_UP_KEY, type: 'LONG', defaultValue: 60_000, validator: range(1000, Number.MAX_SAFE_INTEGER), importance: 'LOW',
    documentation: 'sqs-connect only: how long a task waits to read the marker topic up to date before a transaction; past it the attempt is retried. ' +
      'Only a transaction left open by a crashed producer makes it wait long.'
  }
]

export const exactlyOnceConnectorKeys: readonly ConfigKey[] = [
  {
    name: MARKER_TOPIC_KEY, type: 'STRING', defaultValue: '', validator: emptyOrTopic, importance: 'LOW', group: 'Exactly Once Support', orderInGroup: 5, width: 'LONG',
    displayName: 'Marker topic',
    documentation: 'sqs-connect only: the compacted topic of exactly-once markers, created when missing. Empty means sqs-connect-markers-<connector name>.'
  },
  {
    name: MARKER_RF_KEY, type: 'SHORT', defaultValue: -1, validator: range(-1, 32767), importance: 'LOW', group: 'Exactly Once Support', orderInGroup: 6, width: 'SHORT',
    displayName: 'Marker topic replication factor',
    documentation: 'sqs-connect only: replication factor of the marker topic when it is created; -1 means the broker\'s default.'
  }
]

export interface ExactlyOnceWorkerSettings {
  readonly enabled: boolean
  readonly transactionalIdPrefix: string
  readonly catchUpTimeoutMs: number
}

/** The worker's exactly-once settings (`raw`: the worker's properties, variables resolved). */
export function exactlyOnceWorkerSettings (raw: Readonly<Record<string, string>>): ExactlyOnceWorkerSettings {
  const values = parseConfigOrThrow('Worker configuration', exactlyOnceWorkerKeys, raw)
  const prefix = values[PREFIX_KEY] as string
  return {
    enabled: (values[EXACTLY_ONCE_SOURCE_SUPPORT] as string).toLowerCase() === 'enabled',
    transactionalIdPrefix: prefix !== '' ? prefix : (raw['group.id'] ?? '') !== '' ? raw['group.id'] as string : 'sqs-connect',
    catchUpTimeoutMs: values[CATCH_UP_KEY] as number
  }
}

export interface ExactlyOnceConnectorSettings {
  readonly markerTopic: string
  readonly markerReplicationFactor: number
}

/** The connector's exactly-once settings; refuses transaction boundaries sqs-connect does not offer. */
export function exactlyOnceConnectorSettings (connectorName: string, props: Readonly<Record<string, string>>): ExactlyOnceConnectorSettings {
  const boundary = (props['transaction.boundary'] ?? 'poll').toLowerCase()
  if (boundary !== 'poll') {
    throw configError('transaction.boundary', `transaction.boundary=${boundary} is not supported by sqs-connect: with exactly.once.source.support=enabled ` +
      'each produce request is one transaction (poll); the SQS connector defines no boundaries of its own')
  }
  const values = parseConfigOrThrow(`Connector configuration of ${connectorName}`, exactlyOnceConnectorKeys, props)
  const topic = values[MARKER_TOPIC_KEY] as string
  return {
    markerTopic: topic !== '' ? topic : defaultMarkerTopic(connectorName),
    markerReplicationFactor: values[MARKER_RF_KEY] as number
  }
}

/** sqs-connect-markers-<connector>, characters Kafka does not allow in topic names replaced by _. */
export function defaultMarkerTopic (connectorName: string): string {
  return `sqs-connect-markers-${connectorName.replace(/[^a-zA-Z0-9._-]/g, '_')}`.slice(0, 249)
}

/** Connect's transactional.id of a source task: <prefix>-<connector>-<task>. */
export function transactionalId (prefix: string, connectorName: string, taskId: number): string {
  return `${prefix}-${connectorName}-${taskId}`
}
