/**
 * The framework properties every source connector has (Connect's ConnectorConfig and
 * SourceConnectorConfig): names, types, defaults, groups, order and width as Connect defines them.
 * Transforms and exactly-once are parsed here and implemented by their own issues; error handling in runtime/errors/.
 */
import { exactlyOnceConnectorKeys } from './exactly-once/config.ts'
import { atLeast, nonEmptyString, oneOf, parseConfigOrThrow, type ConfigKey, type ConfigValue, type Validator } from '../connect/config/config-def.ts'
import { deadLetterQueueConfigKeys } from './errors/dead-letter-config.ts'

const COMMON = 'Common'
const ERRORS = 'Error Handling'
const TOPIC_CREATION = 'Topic Creation'
const EXACTLY_ONCE = 'Exactly Once Support'
const OFFSETS_TOPIC = 'offsets.topic'

/** Connect's name rule: non-empty, no ISO control characters. */
const connectorName: Validator = Object.assign(
  (value: ConfigValue) => {
    const blank = nonEmptyString(value)
    if (blank !== undefined) return blank
    // eslint-disable-next-line no-control-regex
    return typeof value === 'string' && /[\u0000-\u001f\u007f-\u009f]/.test(value) ? 'String may not contain control sequences' : undefined
  },
  { describe: 'non-empty string without ISO control characters' }
)

/** Connect's alias lists (transforms, predicates, topic creation groups): no alias twice. */
const uniqueAliases: Validator = Object.assign(
  (value: ConfigValue) => Array.isArray(value) && new Set(value).size < value.length ? 'Duplicate alias provided.' : undefined,
  { describe: 'unique aliases' }
)

const caseInsensitive = (allowed: readonly string[]): Validator => {
  const exact = oneOf(allowed)
  return Object.assign((value: ConfigValue) => exact(typeof value === 'string' ? value.toLowerCase() : value), { describe: exact.describe })
}

/** Allows null (the default) or a number of at least zero. */
const nullOrAtLeastZero: Validator = Object.assign((value: ConfigValue) => (value === null ? undefined : atLeast(0)(value)), { describe: '[0,...]' })

export const connectorConfigKeys: readonly ConfigKey[] = [
  { name: 'name', type: 'STRING', validator: connectorName, importance: 'HIGH', group: COMMON, orderInGroup: 1, width: 'MEDIUM', displayName: 'Connector name', documentation: 'Globally unique name of this connector.' },
  { name: 'connector.class', type: 'STRING', importance: 'HIGH', group: COMMON, orderInGroup: 2, width: 'LONG', displayName: 'Connector class', documentation: 'The connector\'s class name or one of its aliases, e.g. io.confluent.connect.sqs.source.SqsSourceConnector or SqsSource.' },
  { name: 'tasks.max', type: 'INT', defaultValue: 1, validator: atLeast(1), importance: 'HIGH', group: COMMON, orderInGroup: 3, width: 'SHORT', displayName: 'Tasks max', documentation: 'The most tasks to run for this connector.' },
  { name: 'tasks.max.enforce', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', group: COMMON, orderInGroup: 4, width: 'SHORT', displayName: 'Enforce tasks max', documentation: 'Deprecated in Connect; accepted. The SQS connector never asks for more than tasks.max tasks.' },
  { name: 'key.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: COMMON, orderInGroup: 5, width: 'SHORT', displayName: 'Key converter class', documentation: 'Overrides the worker\'s key.converter for this connector.' },
  { name: 'value.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: COMMON, orderInGroup: 6, width: 'SHORT', displayName: 'Value converter class', documentation: 'Overrides the worker\'s value.converter for this connector.' },
  { name: 'header.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: COMMON, orderInGroup: 7, width: 'SHORT', displayName: 'Header converter class', documentation: 'Overrides the worker\'s header.converter for this connector.' },
  { name: 'transforms', type: 'LIST', defaultValue: [], validator: uniqueAliases, importance: 'LOW', group: 'Transforms', orderInGroup: 8, width: 'LONG', displayName: 'Transforms', documentation: 'Aliases of the single message transforms to apply, in order.' },
  { name: 'predicates', type: 'LIST', defaultValue: [], validator: uniqueAliases, importance: 'LOW', group: 'Predicates', orderInGroup: 9, width: 'LONG', displayName: 'Predicates', documentation: 'Aliases of the predicates the transforms may refer to.' },
  { name: 'config.action.reload', type: 'STRING', defaultValue: 'restart', validator: oneOf(['none', 'restart']), importance: 'LOW', group: COMMON, orderInGroup: 10, width: 'MEDIUM', displayName: 'Reload Action', documentation: 'What to do when a config provider reports that resolved values changed: restart the connector, or none. Accepted for compatibility: values are resolved once, at start.' },
  { name: 'errors.retry.timeout', type: 'LONG', defaultValue: 0, importance: 'MEDIUM', group: ERRORS, orderInGroup: 1, width: 'MEDIUM', displayName: 'Retry Timeout for Errors', documentation: 'How long, in milliseconds, a failed conversion or transformation is retried; 0 means no retries, -1 means forever.' },
  { name: 'errors.retry.delay.max.ms', type: 'LONG', defaultValue: 60000, importance: 'MEDIUM', group: ERRORS, orderInGroup: 2, width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors', documentation: 'The longest pause, in milliseconds, between two such retries.' },
  { name: 'errors.tolerance', type: 'STRING', defaultValue: 'none', validator: oneOf(['none', 'all']), importance: 'MEDIUM', group: ERRORS, orderInGroup: 3, width: 'SHORT', displayName: 'Error Tolerance', documentation: 'none: a record that fails conversion or transformation fails the task; all: such records (and records Kafka refuses for good) are skipped, or written to errors.deadletterqueue.topic.name (docs/error-handling.md).' },
  { name: 'errors.log.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: ERRORS, orderInGroup: 4, width: 'SHORT', displayName: 'Log Errors', documentation: 'Log each failure of a transform, a converter or (with errors.tolerance=all) the producer, with its stage, class and error.' },
  { name: 'errors.log.include.messages', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: ERRORS, orderInGroup: 5, width: 'SHORT', displayName: 'Log Error Details', documentation: 'Include the failed record in those log lines.' },
  ...deadLetterQueueConfigKeys,
  { name: 'topic.creation.groups', type: 'LIST', defaultValue: [], validator: uniqueAliases, importance: 'LOW', group: TOPIC_CREATION, orderInGroup: 1, width: 'LONG', displayName: 'Topic Creation Groups', documentation: 'Aliases of topic creation groups besides the default group, which always exists and matches every topic.' },
  { name: 'exactly.once.support', type: 'STRING', defaultValue: 'requested', validator: caseInsensitive(['requested', 'required']), importance: 'MEDIUM', group: EXACTLY_ONCE, orderInGroup: 2, width: 'SHORT', displayName: 'Exactly once support', documentation: 'requested or required: whether the connector must support exactly-once delivery when the worker enables it.' },
  { name: 'transaction.boundary', type: 'STRING', defaultValue: 'poll', validator: caseInsensitive(['poll', 'interval', 'connector']), importance: 'MEDIUM', group: EXACTLY_ONCE, orderInGroup: 3, width: 'SHORT', displayName: 'Transaction Boundary', documentation: 'Where transactions end in exactly-once mode: after each poll, after an interval, or where the connector says.' },
  { name: 'transaction.boundary.interval.ms', type: 'LONG', defaultValue: null, validator: nullOrAtLeastZero, importance: 'LOW', group: EXACTLY_ONCE, orderInGroup: 4, width: 'SHORT', displayName: 'Transaction boundary interval', documentation: 'With transaction.boundary=interval, the transaction length in milliseconds.' },
  { name: 'offsets.storage.topic', type: 'STRING', defaultValue: null, validator: nonEmptyString, importance: 'LOW', group: OFFSETS_TOPIC, orderInGroup: 1, width: 'LONG', displayName: 'Offsets topic', documentation: 'A separate offsets topic for this connector (distributed mode). SQS has no offsets to resume from.' },
  ...exactlyOnceConnectorKeys
]


export interface ConnectorFrameworkConfig {
  readonly name: string
  readonly connectorClass: string
  readonly tasksMax: number
}

/** Parses the framework part of a connector config; throws a config error naming the property. */
export function parseConnectorFrameworkConfig (props: Readonly<Record<string, string>>): ConnectorFrameworkConfig {
  const values = parseConfigOrThrow(`Connector configuration${props.name === undefined ? '' : ` of ${props.name}`}`, connectorConfigKeys, props)
  return { name: values.name as string, connectorClass: values['connector.class'] as string, tasksMax: values['tasks.max'] as number }
}
