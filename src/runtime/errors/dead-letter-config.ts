/**
 * The dead-letter topic properties. Connect defines them for sink connectors only (SinkConnectorConfig);
 * sqs-connect accepts them for its source connector, with the same names, types and defaults, so a record that
 * cannot be converted (or transformed, or written) is kept in Kafka instead of being skipped.
 */
import { kafkaTopicName, type ConfigKey, type ConfigValue, type Validator } from '../../connect/config/config-def.ts'

export const DLQ_TOPIC_NAME = 'errors.deadletterqueue.topic.name'
export const DLQ_REPLICATION_FACTOR = 'errors.deadletterqueue.topic.replication.factor'
export const DLQ_CONTEXT_HEADERS = 'errors.deadletterqueue.context.headers.enable'

/** Empty (no dead-letter topic) or a legal topic name. */
const emptyOrTopicName: Validator = Object.assign(
  (value: ConfigValue) => (value === '' || value === null ? undefined : kafkaTopicName(value)),
  { describe: 'empty, or a Kafka topic name' }
)

const minusOneOrPositive: Validator = Object.assign(
  (value: ConfigValue) => (typeof value === 'number' && value !== -1 && value < 1 ? 'Replication factor must be positive, or -1 to use the broker\'s default' : undefined),
  { describe: 'Positive number, or -1 to use the broker\'s default' }
)

const GROUP = 'Error Handling'

export const deadLetterQueueConfigKeys: readonly ConfigKey[] = [
  {
    name: DLQ_TOPIC_NAME, type: 'STRING', defaultValue: '', validator: emptyOrTopicName, importance: 'MEDIUM', group: GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name',
    documentation: 'sqs-connect extension for source connectors (Connect has it for sinks only): the topic that receives, with errors.tolerance=all, each record that failed in a transform, a converter or (for good) in the producer, as the original record in JsonConverter format. Its SQS message is deleted only once Kafka acknowledged the dead-letter record. Empty: no dead-letter topic (docs/error-handling.md).'
  },
  {
    name: DLQ_REPLICATION_FACTOR, type: 'SHORT', defaultValue: 3, validator: minusOneOrPositive, importance: 'MEDIUM', group: GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor',
    documentation: 'The replication factor of the dead-letter topic when the task creates it (it has 1 partition); -1 for the broker default. A cluster with fewer brokers gets a topic with one replica per broker and a warning.'
  },
  {
    name: DLQ_CONTEXT_HEADERS, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers',
    documentation: 'Add Connect\'s __connect.errors.* headers (topic, connector, task, stage, class, exception, message, stack trace, and the record\'s source partition and offset) to dead-letter records.'
  }
]
