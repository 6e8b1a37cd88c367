/**
 * The SQS source connector's properties: Confluent's names, types and defaults, plus our extensions
 * (`sqs.endpoint.url`, `sqs.region`, `sqs.traceparent.enable`). One definition per property; parsing,
 * validation, the REST validate answer and docs/configuration.md all come from this list.
 */
import { atLeast, awsRegion, kafkaTopicName, parseConfigOrThrow, range, urlWithScheme, type ConfigKey } from '../../connect/config/config-def.ts'
import type { ConnectorConfig } from '../../connect/connector.ts'

export const SQS_GROUP = 'SQS'
export const AWS_GROUP = 'AWS credentials'
export const PROXY_GROUP = 'Proxy'
export const RETRY_GROUP = 'Retries'
export const KAFKA_GROUP = 'Kafka'
export const LICENSE_GROUP = 'License'

export const sqsConfigKeys: readonly ConfigKey[] = [
  {
    name: 'kafka.topic', type: 'STRING', validator: kafkaTopicName, importance: 'HIGH', group: KAFKA_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'Kafka topic',
    documentation: 'The Kafka topic every record is written to. Exactly one topic.'
  },
  {
    name: 'sqs.url', type: 'STRING', validator: urlWithScheme(['https', 'http']), importance: 'HIGH', group: SQS_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'SQS URL',
    documentation: 'The URL of the SQS queue to read, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo. ' +
      'The region and, for hosts that are not AWS, the endpoint are taken from it unless sqs.region or sqs.endpoint.url say otherwise.'
  },
  {
    name: 'sqs.waittime.seconds', type: 'INT', defaultValue: 20, validator: range(1, 20), importance: 'LOW', group: SQS_GROUP, orderInGroup: 2, width: 'SHORT',
    displayName: 'Long poll wait time', documentation: 'How long one ReceiveMessage call waits for messages to arrive (long polling), in seconds.'
  },
  {
    name: 'sqs.messages.max', type: 'INT', defaultValue: 10, validator: range(1, 10), importance: 'LOW', group: SQS_GROUP, orderInGroup: 3, width: 'SHORT',
    displayName: 'Messages per receive', documentation: 'The most messages one ReceiveMessage call asks for.'
  },
  {
    name: 'sqs.endpoint.url', type: 'STRING', defaultValue: '', validator: urlWithScheme(['https', 'http'], true), importance: 'LOW', group: SQS_GROUP, orderInGroup: 4, width: 'LONG',
    displayName: 'SQS endpoint override',
    documentation: 'Sends every SQS request to this endpoint instead of the one derived from sqs.url (VPC endpoints, FIPS endpoints, local SQS servers). Empty: derived from sqs.url.'
  },
  {
    name: 'sqs.region', type: 'STRING', defaultValue: '', validator: awsRegion(true), importance: 'LOW', group: SQS_GROUP, orderInGroup: 5, width: 'SHORT', displayName: 'AWS region override',
    documentation: 'The region requests are signed for. Empty: the AWS_REGION environment variable, else the region in sqs.url, else us-east-1.'
  },
  {
    name: 'sqs.traceparent.enable', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: SQS_GROUP, orderInGroup: 6, width: 'SHORT', displayName: 'W3C traceparent header',
    documentation: 'When a message carries the AWSTraceHeader system attribute, also add a W3C traceparent header derived from it. ' +
      'The AWSTraceHeader header itself is always added.'
  },
  {
    name: 'sqs.receive.concurrency', type: 'INT', defaultValue: 1, validator: range(1, 10), importance: 'LOW', group: SQS_GROUP, orderInGroup: 7, width: 'SHORT',
    displayName: 'Outstanding receives per task',
    documentation: 'How many ReceiveMessage long polls one task keeps outstanding; their messages are handed on in the order the receives complete. ' +
      'New receives start only while the worker has room for more records, so back-pressure still holds. ' +
      'Safe for FIFO queues: SQS hands one message group to one receive at a time and holds later messages of the group until the earlier ones are deleted, ' +
      'which happens only after Kafka acknowledged them.'
  },
  {
    name: 'sqs.max.retries', type: 'INT', defaultValue: 10, validator: atLeast(0), importance: 'LOW', group: RETRY_GROUP, orderInGroup: 1, width: 'SHORT', displayName: 'Retries per SQS call',
    documentation: 'How many times a failed SQS call (throttling, 5xx, network error, timeout) is retried, with exponential backoff and jitter, before the task fails. ' +
      'Errors that retrying cannot fix (access denied, bad credentials, a queue that does not exist) fail the task at once.'
  },
  {
    name: 'sqs.max.retry.time.ms', type: 'LONG', defaultValue: 300_000, validator: atLeast(0), importance: 'LOW', group: RETRY_GROUP, orderInGroup: 2, width: 'MEDIUM',
    displayName: 'Retry time budget', documentation: 'The most time, in milliseconds, spent retrying one failing SQS call, whatever sqs.max.retries allows.'
  },
  {
    name: 'sqs.credentials.provider.class', type: 'CLASS', defaultValue: 'com.amazonaws.auth.DefaultAWSCredentialsProviderChain', importance: 'LOW', group: AWS_GROUP, orderInGroup: 1, width: 'LONG',
    displayName: 'Credentials provider',
    documentation: 'Where AWS credentials come from. The default is the AWS default chain (environment, shared files and profiles, SSO, web identity, container, EC2 instance metadata). ' +
      'Well-known AWS SDK for Java class names map to the matching JavaScript provider; any other value names a JavaScript module (a file path or a package) that exports a credentials provider, see docs/credentials.md.'
  },
  {
    name: 'aws.access.key.id', type: 'PASSWORD', defaultValue: '', importance: 'HIGH', group: AWS_GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'AWS access key id',
    documentation: 'A static access key id. Set together with aws.secret.key.id; they then take precedence over sqs.credentials.provider.class.'
  },
  {
    name: 'aws.secret.key.id', type: 'PASSWORD', defaultValue: '', importance: 'HIGH', group: AWS_GROUP, orderInGroup: 3, width: 'MEDIUM', displayName: 'AWS secret access key',
    documentation: 'The secret access key that goes with aws.access.key.id (the name is Confluent\'s).'
  },
  {
    name: 'sqs.proxy.url', type: 'STRING', defaultValue: '', validator: urlWithScheme(['http', 'https'], true), importance: 'LOW', group: PROXY_GROUP, orderInGroup: 1, width: 'LONG',
    displayName: 'Proxy URL', documentation: 'An HTTP or HTTPS forward proxy (http://host:port or https://host:port) that every SQS request goes through. Empty: no proxy.'
  },
  {
    name: 'sqs.proxy.user', type: 'STRING', defaultValue: '', importance: 'LOW', group: PROXY_GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'Proxy user',
    documentation: 'The user for the proxy\'s basic authentication. Empty: no authentication.'
  },
  {
    name: 'sqs.proxy.password', type: 'PASSWORD', defaultValue: '', importance: 'LOW', group: PROXY_GROUP, orderInGroup: 3, width: 'MEDIUM', displayName: 'Proxy password',
    documentation: 'The password for the proxy\'s basic authentication.'
  },
  {
    name: 'confluent.license', type: 'PASSWORD', defaultValue: '', importance: 'HIGH', group: LICENSE_GROUP, orderInGroup: 1, width: 'NONE', displayName: 'License',
    documentation: 'Accepted for compatibility with Confluent\'s connector and ignored: sqs-connect needs no license.'
  },
  {
    name: 'confluent.topic.bootstrap.servers', type: 'LIST', defaultValue: [], importance: 'HIGH', group: LICENSE_GROUP, orderInGroup: 2, width: 'NONE', displayName: 'License topic cluster',
    documentation: 'Accepted for compatibility and ignored, like every other confluent.topic.* property.'
  },
  {
    name: 'confluent.topic', type: 'STRING', defaultValue: '_confluent-command', importance: 'LOW', group: LICENSE_GROUP, orderInGroup: 3, width: 'NONE', displayName: 'License topic',
    documentation: 'Accepted for compatibility and ignored.'
  },
  {
    name: 'confluent.topic.replication.factor', type: 'INT', defaultValue: 3, importance: 'LOW', group: LICENSE_GROUP, orderInGroup: 4, width: 'NONE', displayName: 'License topic replication factor',
    documentation: 'Accepted for compatibility and ignored.'
  }
]

export interface SqsSourceConfig {
  readonly topic: string
  readonly queueUrl: string
  readonly waitTimeSeconds: number
  readonly maxMessages: number
  /** ReceiveMessage calls outstanding per task. */
  readonly receiveConcurrency: number
  /** Empty means: derive from the queue URL. */
  readonly endpointUrl: string
  /** Empty means: AWS_REGION, then the queue URL, then us-east-1. */
  readonly region: string
  readonly traceparent: boolean
  readonly maxRetries: number
  readonly maxRetryTimeMs: number
  readonly credentialsProviderClass: string
  /** Empty strings when not set. */
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly proxyUrl: string
  readonly proxyUser: string
  readonly proxyPassword: string
  /** Every property as configured, for a credentials provider module (docs/credentials.md). */
  readonly properties: ConnectorConfig
}

/** Parses the connector properties; throws one config error naming every bad property. */
export function parseSqsSourceConfig (props: ConnectorConfig): SqsSourceConfig {
  const values = parseConfigOrThrow('Connector configuration', sqsConfigKeys, props)
  const text = (name: string): string => values[name] as string
  const number = (name: string): number => values[name] as number
  return {
    topic: text('kafka.topic'),
    queueUrl: text('sqs.url'),
    waitTimeSeconds: number('sqs.waittime.seconds'),
    maxMessages: number('sqs.messages.max'),
    receiveConcurrency: number('sqs.receive.concurrency'),
    endpointUrl: text('sqs.endpoint.url'),
    region: text('sqs.region'),
    traceparent: values['sqs.traceparent.enable'] as boolean,
    maxRetries: number('sqs.max.retries'),
    maxRetryTimeMs: number('sqs.max.retry.time.ms'),
    credentialsProviderClass: text('sqs.credentials.provider.class'),
    accessKeyId: text('aws.access.key.id'),
    secretAccessKey: text('aws.secret.key.id'),
    proxyUrl: text('sqs.proxy.url'),
    proxyUser: text('sqs.proxy.user'),
    proxyPassword: text('sqs.proxy.password'),
    properties: { ...props }
  }
}
