/** What the connector's records must look like byte for byte (JsonConverter, schemas.enable=true). */

// Exact schema JSON as Kafka's JsonConverter writes it (kafka-connect.md §4.2, run against Kafka itself).
export const KEY_SCHEMA = '{"type":"struct","fields":[{"type":"string","optional":false,"field":"QueueUrl"},{"type":"string","optional":false,"field":"MessageId"},{"type":"string","optional":true,"field":"MessageGroupId"}],"optional":false,"version":1}'
export const VALUE_SCHEMA = '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"ApproximateFirstReceiveTimestamp"},{"type":"int32","optional":false,"field":"ApproximateReceiveCount"},{"type":"string","optional":false,"field":"SenderId"},{"type":"int64","optional":false,"field":"SentTimestamp"},{"type":"string","optional":true,"field":"MessageDeduplicationId"},{"type":"string","optional":true,"field":"MessageGroupId"},{"type":"string","optional":true,"field":"SequenceNumber"},{"type":"string","optional":false,"field":"Body"}],"optional":false,"version":1}'

export interface ValuePayload {
  ApproximateFirstReceiveTimestamp: number
  ApproximateReceiveCount: number
  SenderId: string
  SentTimestamp: number
  MessageDeduplicationId: string | null
  MessageGroupId: string | null
  SequenceNumber: string | null
  Body: string
}

/** A JSON string literal, or null. */
export const q = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s))

/** The payload of a value record written with schemas.enable=true. */
export const valuePayload = (value: Buffer | null): ValuePayload => (JSON.parse(value?.toString('utf8') ?? 'null') as { payload: ValuePayload }).payload

/** The exact key bytes (as text) of the record for one message. */
export const keyText = (queueUrl: string, messageId: string, groupId: string | null): string =>
  `{"schema":${KEY_SCHEMA},"payload":{"QueueUrl":${q(queueUrl)},"MessageId":${q(messageId)},"MessageGroupId":${q(groupId)}}}`
