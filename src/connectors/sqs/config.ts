/**
 * The SQS source connector's properties: Confluent's names, types and defaults, plus our extensions
 * (`sqs.endpoint.url`, `sqs.region`, `sqs.traceparent.enable`, `sqs.fifo.partitioning`, `sqs.metrics.*`, ...). One definition per property; parsing,
 * validation, the REST validate answer and docs/configuration.md all come from this list.
 */
import { atLeast, awsRegion, kafkaTopicName, oneOf, parseConfigOrThrow, range, urlWithScheme, type ConfigKey, type Validator } from '../../connect/config/config-def.ts'
import type { ConnectorConfig } from '../../connect/connector.ts'

export const SQS_GROUP = 'SQS'
export const AWS_GROUP = 'AWS credentials'
export const PROXY_GROUP = 'Proxy'
export const RETRY_GROUP = 'Retries'
export const VISIBILITY_GROUP = 'Visibility'
export const KAFKA_GROUP = 'Kafka'
export const LICENSE_GROUP = 'License'
export const POISON_GROUP = 'Poison messages'
export const METRICS_GROUP = 'Metrics'

/** `sqs.poison.action`: produce poison messages to a Kafka topic, or leave them to the queue's redrive policy. */
export const POISON_ACTIONS = ['dlq', 'redrive'] as const
export type PoisonAction = (typeof POISON_ACTIONS)[number]

/** Empty, or a legal Kafka topic name. */
const optionalTopicName: Validator = Object.assign(
  (value: Parameters<Validator>[0]) => (value === '' ? undefined : kafkaTopicName(value)),
  { describe: `empty or ${kafkaTopicName.describe}` }
)

/** How records of a FIFO queue are placed on a topic's partitions (docs/fifo.md). */
export const FIFO_PARTITIONING = ['none', 'key', 'partition'] as const
export type FifoPartitioning = typeof FIFO_PARTITIONING[number]

/** `sqs.client`: which client makes the hot-path calls (ReceiveMessage, DeleteMessageBatch, ChangeMessageVisibilityBatch). */
export const SQS_CLIENTS = ['wire', 'sdk'] as const
export type SqsClientKind = typeof SQS_CLIENTS[number]

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
    name: 'sqs.fifo.partitioning', type: 'STRING', defaultValue: 'none', validator: oneOf(FIFO_PARTITIONING), importance: 'MEDIUM', group: SQS_GROUP, orderInGroup: 7, width: 'SHORT',
    displayName: 'FIFO partitioning',
    documentation: 'FIFO queues only: how records are placed on a topic with several partitions so that each message group stays in order (docs/fifo.md). ' +
      'none: as Confluent\'s connector, the key is the QueueUrl/MessageId/MessageGroupId struct, so a group spreads over partitions (order holds with one partition only). ' +
      'key: the record key is the MessageGroupId as an optional string, exactly what the transforms ValueToKey (fields=MessageGroupId) then ExtractField$Key (field=MessageGroupId) make; ' +
      'Kafka\'s default partitioner then keeps each group on one partition. ' +
      'partition: the key struct stays; the partition is murmur2 of the MessageGroupId\'s UTF-8 bytes modulo the partition count, as Kafka\'s default partitioner places a String-serialized group id. ' +
      'Any other value than none is an error for a standard queue.'
  },
  {
    name: 'sqs.receive.concurrency', type: 'INT', defaultValue: 1, validator: range(1, 10), importance: 'LOW', group: SQS_GROUP, orderInGroup: 8, width: 'SHORT',
    displayName: 'Outstanding receives per task',
    documentation: 'How many ReceiveMessage long polls one task keeps outstanding; their messages are handed on in the order the receives complete. ' +
      'New receives start only while the worker has room for more records, so back-pressure still holds. ' +
      'With large messages fewer run: a new receive starts only while the bodies received and not yet handed on, plus what the running receives are expected to return (as much as the last one), stay below 1 MiB per task. ' +
      'Safe for FIFO queues: SQS hands one message group to one receive at a time and holds later messages of the group until the earlier ones are deleted, ' +
      'which happens only after Kafka acknowledged them.'
  },
  {
    name: 'sqs.client', type: 'STRING', defaultValue: 'wire', validator: oneOf(SQS_CLIENTS), importance: 'LOW', group: SQS_GROUP, orderInGroup: 9, width: 'SHORT',
    displayName: 'SQS client for the hot path',
    documentation: 'Which client makes the calls of the hot path: ReceiveMessage, DeleteMessageBatch and ChangeMessageVisibilityBatch (docs/performance.md). ' +
      'wire: a lean client of sqs-connect that speaks SQS\'s JSON protocol with SigV4 signing, using the same credentials, region, endpoint, proxy ' +
      'and timeouts as the AWS SDK client, over keep-alive HTTP/1.1 connections of its own (through the proxy, the SDK client\'s connection pool); ' +
      'it takes much less CPU per message. ' +
      'sdk: the AWS SDK for JavaScript v3, for an environment that needs its behaviour. Every other call (GetQueueAttributes, credentials) always uses the AWS SDK.'
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
    name: 'sqs.visibility.timeout.seconds', type: 'INT', defaultValue: 0, validator: range(0, 43_200), importance: 'MEDIUM', group: VISIBILITY_GROUP, orderInGroup: 1, width: 'SHORT',
    displayName: 'Visibility timeout',
    documentation: 'How long, in seconds, a received message stays hidden from other consumers; passed as VisibilityTimeout on every ReceiveMessage and used by every heartbeat. ' +
      '0: the queue\'s own visibility timeout, read once with GetQueueAttributes (if that is not permitted, 30 s, the SQS default, is assumed and a warning logged).'
  },
  {
    name: 'sqs.visibility.heartbeat.enable', type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM', group: VISIBILITY_GROUP, orderInGroup: 2, width: 'SHORT',
    displayName: 'Visibility heartbeat',
    documentation: 'Extends the visibility timeout of messages not yet acknowledged by Kafka once half of it has passed (ChangeMessageVisibilityBatch), ' +
      'so a slow Kafka does not make SQS deliver them a second time. Needs sqs:ChangeMessageVisibility; without it the task logs a warning once and runs without heartbeats.'
  },
  {
    name: 'sqs.visibility.reset.on.failure', type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM', group: VISIBILITY_GROUP, orderInGroup: 3, width: 'SHORT',
    displayName: 'Release messages on stop or failure',
    documentation: 'When the task fails or stops, makes the messages it received but Kafka has not acknowledged visible again at once (visibility timeout 0, in receive order), ' +
      'so they are delivered again promptly instead of after the visibility timeout. Best effort, within a few seconds; needs sqs:ChangeMessageVisibility.'
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
    name: 'sqs.poison.receive.count.max', type: 'INT', defaultValue: 0, validator: atLeast(0), importance: 'MEDIUM', group: POISON_GROUP, orderInGroup: 1, width: 'SHORT',
    displayName: 'Poison receive count',
    dependents: ['sqs.poison.action', 'sqs.poison.dlq.topic'],
    documentation: 'A message whose ApproximateReceiveCount is greater than this is a poison message and is handled as sqs.poison.action says instead of being written to kafka.topic. ' +
      'When set, a message that cannot become a record (a required system attribute missing or malformed) is a poison message too, instead of failing the task. ' +
      '0 turns poison handling off. With the redrive action, keep it below the queue\'s RedrivePolicy maxReceiveCount. See docs/poison-messages.md.'
  },
  {
    name: 'sqs.poison.action', type: 'STRING', defaultValue: 'dlq', validator: oneOf(POISON_ACTIONS), importance: 'MEDIUM', group: POISON_GROUP, orderInGroup: 2, width: 'SHORT',
    displayName: 'Poison message action',
    documentation: 'What happens to a poison message. dlq: it is written to sqs.poison.dlq.topic (same key and value, plus __sqs.poison.* headers saying why) and deleted from SQS once Kafka acknowledged it. ' +
      'redrive: it is neither written nor deleted; it becomes visible again after its visibility timeout, so the queue\'s RedrivePolicy moves it to the SQS dead-letter queue once its maxReceiveCount is passed.'
  },
  {
    name: 'sqs.poison.dlq.topic', type: 'STRING', defaultValue: '', validator: optionalTopicName, importance: 'MEDIUM', group: POISON_GROUP, orderInGroup: 3, width: 'LONG',
    displayName: 'Poison message topic',
    documentation: 'The Kafka topic poison messages are written to when sqs.poison.action is dlq; required then, and it must differ from kafka.topic. The topic must exist, as kafka.topic must.'
  },
  {
    name: 'sqs.metrics.queue.depth.interval.ms', type: 'LONG', defaultValue: 30_000, validator: atLeast(0), importance: 'LOW', group: METRICS_GROUP, orderInGroup: 1, width: 'SHORT',
    displayName: 'Queue depth poll interval',
    documentation: 'How often, in milliseconds, task 0 of the connector reads the queue\'s ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible and ' +
      'ApproximateNumberOfMessagesDelayed with GetQueueAttributes for the sqs_connect_sqs_queue_messages metric (docs/metrics.md). ' +
      '0 turns it off. Needs sqs:GetQueueAttributes; without it the task logs a warning once and stops polling.'
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
  /** `sqs.client`: the client of the hot-path calls. */
  readonly client: SqsClientKind
  /** Empty means: derive from the queue URL. */
  readonly endpointUrl: string
  /** Empty means: AWS_REGION, then the queue URL, then us-east-1. */
  readonly region: string
  readonly traceparent: boolean
  readonly fifoPartitioning: FifoPartitioning
  readonly maxRetries: number
  readonly maxRetryTimeMs: number
  /** 0 means: the queue's own. */
  readonly visibilityTimeoutSeconds: number
  readonly heartbeat: boolean
  readonly resetOnFailure: boolean
  readonly credentialsProviderClass: string
  /** Empty strings when not set. */
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly proxyUrl: string
  readonly proxyUser: string
  readonly proxyPassword: string
  /** `sqs.poison.receive.count.max`; 0 means poison handling is off. */
  readonly poisonReceiveCountMax: number
  readonly poisonAction: PoisonAction
  /** Empty when not set. */
  readonly poisonDlqTopic: string
  /** `sqs.metrics.queue.depth.interval.ms`; 0: the queue depth is not polled. */
  readonly queueDepthIntervalMs: number
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
    client: text('sqs.client') as SqsClientKind,
    endpointUrl: text('sqs.endpoint.url'),
    region: text('sqs.region'),
    traceparent: values['sqs.traceparent.enable'] as boolean,
    fifoPartitioning: text('sqs.fifo.partitioning') as FifoPartitioning,
    maxRetries: number('sqs.max.retries'),
    maxRetryTimeMs: number('sqs.max.retry.time.ms'),
    visibilityTimeoutSeconds: number('sqs.visibility.timeout.seconds'),
    heartbeat: values['sqs.visibility.heartbeat.enable'] as boolean,
    resetOnFailure: values['sqs.visibility.reset.on.failure'] as boolean,
    credentialsProviderClass: text('sqs.credentials.provider.class'),
    accessKeyId: text('aws.access.key.id'),
    secretAccessKey: text('aws.secret.key.id'),
    proxyUrl: text('sqs.proxy.url'),
    proxyUser: text('sqs.proxy.user'),
    proxyPassword: text('sqs.proxy.password'),
    poisonReceiveCountMax: number('sqs.poison.receive.count.max'),
    poisonAction: text('sqs.poison.action') as PoisonAction,
    poisonDlqTopic: text('sqs.poison.dlq.topic'),
    queueDepthIntervalMs: number('sqs.metrics.queue.depth.interval.ms'),
    properties: { ...props }
  }
}
