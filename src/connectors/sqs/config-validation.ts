/**
 * The SQS connector's validation beyond single properties: properties that only make sense together,
 * the queue URL's shape, and unknown properties in the connector's own namespaces with the closest
 * valid name.
 */
import { closestName } from '../../connect/config/closest-name.ts'
import { validateConfigKeys, type ValidatedValue } from '../../connect/config/config-def.ts'
import type { ConnectorConfig } from '../../connect/connector.ts'
import { sqsConfigKeys } from './config.ts'
import { locateQueue } from './queue-url.ts'

/** Property namespaces that belong to this connector: a key there that we do not define is a mistake. */
const OWN_PREFIXES = ['sqs.', 'aws.', 'kafka.']
/** Settings handed to a credentials provider module (docs/credentials.md), whatever follows the prefix. */
export const PROVIDER_SETTINGS_PREFIX = 'sqs.credentials.provider.'
/** Accepted for compatibility with Confluent's licensed connector, whatever follows the prefix. */
export const LICENSE_PREFIX = 'confluent.topic.'

const set = (props: ConnectorConfig, name: string): boolean => (props[name] ?? '').trim() !== ''

function addError (values: ValidatedValue[], name: string, message: string): void {
  const value = values.find((v) => v.name === name)
  if (value !== undefined) value.errors.push(message)
}

/** Connect's Connector.validate for the SQS source connector. */
export function validateSqsSourceConfig (props: ConnectorConfig): ValidatedValue[] {
  const values = validateConfigKeys(sqsConfigKeys, props)
  if (set(props, 'aws.access.key.id') && !set(props, 'aws.secret.key.id')) {
    addError(values, 'aws.secret.key.id', 'aws.secret.key.id must be set when aws.access.key.id is set: static credentials need both the access key id and the secret access key')
  }
  if (set(props, 'aws.secret.key.id') && !set(props, 'aws.access.key.id')) {
    addError(values, 'aws.access.key.id', 'aws.access.key.id must be set when aws.secret.key.id is set: static credentials need both the access key id and the secret access key')
  }
  if (set(props, 'sqs.proxy.user') && !set(props, 'sqs.proxy.url')) {
    addError(values, 'sqs.proxy.user', 'sqs.proxy.user is set but sqs.proxy.url is not: set the proxy URL, or remove the proxy user')
  }
  if (set(props, 'sqs.proxy.password') && !set(props, 'sqs.proxy.user')) {
    addError(values, 'sqs.proxy.password', 'sqs.proxy.password is set but sqs.proxy.user is not: the proxy password needs a user')
  }
  validatePoisonSettings(values)
  const url = values.find((v) => v.name === 'sqs.url')
  if (url !== undefined && url.errors.length === 0 && typeof url.value === 'string') {
    try {
      const { fifo } = locateQueue(url.value)
      const partitioning = (props['sqs.fifo.partitioning'] ?? 'none').trim()
      if (!fifo && partitioning !== 'none' && partitioning !== '') {
        addError(values, 'sqs.fifo.partitioning', `sqs.fifo.partitioning=${partitioning} needs a FIFO queue (a queue name ending in .fifo), and ${url.value} is a standard queue: ` +
          'standard queues keep no order to preserve; remove the property or set it to none')
      }
    } catch (error) {
      url.errors.push((error as Error).message)
    }
  }
  const known = sqsConfigKeys.map((key) => key.name)
  // Values of unknown properties are not echoed: a misspelt secret key must not come back in a REST answer.
  for (const name of Object.keys(props)) {
    if (known.includes(name) || name.startsWith(PROVIDER_SETTINGS_PREFIX) || !OWN_PREFIXES.some((prefix) => name.startsWith(prefix))) continue
    const suggestion = closestName(name, known)
    values.push({
      name,
      value: null,
      visible: true,
      errors: [`Unknown configuration ${name}${suggestion === undefined ? '' : `; did you mean ${suggestion}?`} The SQS source connector has no such property.`]
    })
  }
  return values
}

/** The DLQ topic is needed, and must be another topic, once poison messages are to be written to Kafka. */
function validatePoisonSettings (values: ValidatedValue[]): void {
  const value = (name: string): unknown => values.find((v) => v.name === name)?.value
  const max = value('sqs.poison.receive.count.max')
  if (typeof max !== 'number' || max <= 0 || value('sqs.poison.action') !== 'dlq') return
  const dlqTopic = value('sqs.poison.dlq.topic')
  if (dlqTopic === '' || dlqTopic === null) {
    addError(values, 'sqs.poison.dlq.topic', 'sqs.poison.dlq.topic must be set when sqs.poison.receive.count.max is above 0 and sqs.poison.action is dlq: ' +
      'name the Kafka topic for poison messages, or set sqs.poison.action=redrive to leave them to the queue\'s redrive policy')
  } else if (dlqTopic === value('kafka.topic')) {
    addError(values, 'sqs.poison.dlq.topic', 'sqs.poison.dlq.topic must differ from kafka.topic: poison messages would be mixed with the others')
  }
}

/** True when the config carries Confluent license properties (accepted and ignored). */
export function hasLicenseProperties (props: ConnectorConfig): boolean {
  return Object.keys(props).some((name) => name === 'confluent.license' || name.startsWith(LICENSE_PREFIX) || name === 'confluent.topic')
}
