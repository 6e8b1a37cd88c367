/** The SQS source connector's properties (names, types and defaults of Confluent's connector). */
import { nonEmptyString, parseConfigOrThrow, range, type ConfigKey } from '../../connect/config/config-def.ts'
import type { ConnectorConfig } from '../../connect/connector.ts'

export const SQS_GROUP = 'SQS'

export const sqsConfigKeys: readonly ConfigKey[] = [
  {
    name: 'kafka.topic', type: 'STRING', validator: nonEmptyString, importance: 'HIGH', group: SQS_GROUP, displayName: 'Kafka topic',
    documentation: 'The Kafka topic every record is written to.'
  },
  {
    name: 'sqs.url', type: 'STRING', validator: nonEmptyString, importance: 'HIGH', group: SQS_GROUP, displayName: 'SQS URL',
    documentation: 'The URL of the SQS queue to read, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo. ' +
      'The region and (for non-AWS hosts) the endpoint are taken from it.'
  },
  {
    name: 'sqs.waittime.seconds', type: 'INT', defaultValue: 20, validator: range(1, 20), importance: 'LOW', group: SQS_GROUP,
    displayName: 'Long poll wait time', documentation: 'How long one ReceiveMessage call waits for messages to arrive (long polling), in seconds.'
  },
  {
    name: 'sqs.messages.max', type: 'INT', defaultValue: 10, validator: range(1, 10), importance: 'LOW', group: SQS_GROUP,
    displayName: 'Messages per receive', documentation: 'The most messages one ReceiveMessage call asks for.'
  }
]

export interface SqsSourceConfig {
  readonly topic: string
  readonly queueUrl: string
  readonly waitTimeSeconds: number
  readonly maxMessages: number
}

/** Parses the connector properties; throws one config error naming every bad property. */
export function parseSqsSourceConfig (props: ConnectorConfig): SqsSourceConfig {
  const values = parseConfigOrThrow('Connector configuration', sqsConfigKeys, props)
  return {
    topic: values['kafka.topic'] as string,
    queueUrl: values['sqs.url'] as string,
    waitTimeSeconds: values['sqs.waittime.seconds'] as number,
    maxMessages: values['sqs.messages.max'] as number
  }
}
