/** Turns an SQS message into the SourceRecord Confluent's connector produces (key, value, headers). */
import type { Message } from '@aws-sdk/client-sqs'
import { SchemaBuilder, Schemas } from '../../connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../connect/data/source-record.ts'
import { Struct } from '../../connect/data/struct.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import type { FifoPartitioning } from './config.ts'
import { messageHeaders, type HeaderOptions } from './message-headers.ts'

export interface RecordOptions extends HeaderOptions {
  /** `sqs.fifo.partitioning`; the task passes `none` for standard queues. Default `none`. */
  readonly partitioning?: FifoPartitioning
}

/**
 * The key schema with `sqs.fifo.partitioning=key`: what ExtractField$Key gives after ValueToKey, the value
 * field's own schema (an optional string), so the key bytes equal those of the transform recipe.
 */
export const GROUP_KEY_SCHEMA = Schemas.OPTIONAL_STRING

/** Unnamed struct, version 1, fields in this order: the seed's key schema. */
export const KEY_SCHEMA = SchemaBuilder.struct().version(1)
  .field('QueueUrl', Schemas.STRING)
  .field('MessageId', Schemas.STRING)
  .field('MessageGroupId', Schemas.OPTIONAL_STRING)
  .build()

/** Unnamed struct, version 1, fields in this order: the seed's value schema. */
export const VALUE_SCHEMA = SchemaBuilder.struct().version(1)
  .field('ApproximateFirstReceiveTimestamp', Schemas.INT64)
  .field('ApproximateReceiveCount', Schemas.INT32)
  .field('SenderId', Schemas.STRING)
  .field('SentTimestamp', Schemas.INT64)
  .field('MessageDeduplicationId', Schemas.OPTIONAL_STRING)
  .field('MessageGroupId', Schemas.OPTIONAL_STRING)
  .field('SequenceNumber', Schemas.OPTIONAL_STRING)
  .field('Body', Schemas.STRING)
  .build()

/** The system attribute names a record needs; ReceiveMessage asks for `All`. */
export type SystemAttributes = Partial<Record<string, string>>

function invalid (message: Message, problem: string): SqsConnectError {
  return new SqsConnectError(ErrorCodes.SQS_MESSAGE_INVALID, `SQS message ${message.MessageId ?? '(no id)'} cannot become a record: ${problem}`,
    { subject: message.MessageId ?? 'unknown message' })
}

function required (message: Message, attributes: SystemAttributes, name: string): string {
  const value = attributes[name]
  if (value === undefined) throw invalid(message, `system attribute ${name} is missing`)
  return value
}

/** Epoch-ms strings beyond 2^53 stay exact as bigint. */
function int64 (message: Message, attributes: SystemAttributes, name: string): number | bigint {
  const text = required(message, attributes, name)
  if (!/^-?\d+$/.test(text)) throw invalid(message, `system attribute ${name} is not an integer: ${text}`)
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : BigInt(text)
}

function int32 (message: Message, attributes: SystemAttributes, name: string): number {
  const text = required(message, attributes, name)
  const n = Number(text)
  if (!/^-?\d+$/.test(text) || n > 2147483647 || n < -2147483648) throw invalid(message, `system attribute ${name} is not an int32: ${text}`)
  return n
}

/** Builds the record for one received message of the queue at `queueUrl`; headers as message-headers.ts makes them. */
export function toSourceRecord (queueUrl: string, topic: string, message: Message, options: RecordOptions = { traceparent: false }): SourceRecord {
  const attributes: SystemAttributes = message.Attributes ?? {}
  if (message.MessageId === undefined) throw invalid(message, 'it has no MessageId')
  if (message.Body === undefined) throw invalid(message, 'it has no Body')
  const groupId = attributes.MessageGroupId ?? null
  const key = new Struct(KEY_SCHEMA)
    .put('QueueUrl', queueUrl)
    .put('MessageId', message.MessageId)
    .put('MessageGroupId', groupId)
  const value = new Struct(VALUE_SCHEMA)
    .put('ApproximateFirstReceiveTimestamp', int64(message, attributes, 'ApproximateFirstReceiveTimestamp'))
    .put('ApproximateReceiveCount', int32(message, attributes, 'ApproximateReceiveCount'))
    .put('SenderId', required(message, attributes, 'SenderId'))
    .put('SentTimestamp', int64(message, attributes, 'SentTimestamp'))
    .put('MessageDeduplicationId', attributes.MessageDeduplicationId ?? null)
    .put('MessageGroupId', groupId)
    .put('SequenceNumber', attributes.SequenceNumber ?? null)
    .put('Body', message.Body)
  const byGroupKey = options.partitioning === 'key'
  return sourceRecord({
    sourcePartition: { QueueUrl: queueUrl },
    sourceOffset: { MessageId: message.MessageId },
    topic,
    ...(options.partitioning === 'partition' && groupId !== null ? { partitionKey: new TextEncoder().encode(groupId) } : {}),
    keySchema: byGroupKey ? GROUP_KEY_SCHEMA : KEY_SCHEMA,
    key: byGroupKey ? groupId : key,
    valueSchema: VALUE_SCHEMA,
    value,
    headers: messageHeaders(message, options)
  })
}
