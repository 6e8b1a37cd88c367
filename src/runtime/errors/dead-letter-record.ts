/**
 * The record a failed source record becomes on the dead-letter topic. Whatever failed (a transform, a converter,
 * the producer), the dead-letter record holds the original record as the task returned it from poll(), in a form
 * that cannot fail and loses nothing: key and value through JsonConverter with schemas.enable=true (schema and
 * payload, so a consumer can rebuild the Connect data), headers through SimpleHeaderConverter, the timestamp
 * kept. With context headers on, Connect's __connect.errors.* headers follow.
 */
import { JsonConverter, SimpleHeaderConverter, StringConverter } from '../../connect/converters/index.ts'
import type { Schema } from '../../connect/data/schema.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import type { OutgoingRecord } from '../../kafka/producer.ts'
import { errorChain, type ProcessingContext } from './processing-context.ts'

/** Connect's DeadLetterQueueReporter header names. */
export const ERROR_HEADERS = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  connectorName: '__connect.errors.connector.name',
  taskId: '__connect.errors.task.id',
  stage: '__connect.errors.stage',
  className: '__connect.errors.class.name',
  exceptionClass: '__connect.errors.exception.class.name',
  exceptionMessage: '__connect.errors.exception.message',
  stacktrace: '__connect.errors.exception.stacktrace',
  /** sqs-connect additions for source records: where the record came from (for SQS, the queue and MessageId), as JSON. */
  sourcePartition: '__connect.errors.source.partition',
  sourceOffset: '__connect.errors.source.offset'
} as const

export interface DeadLetterContext {
  readonly connectorName: string
  readonly taskId: number
  readonly contextHeaders: boolean
}

function jsonConverter (schemas: boolean, isKey: boolean): JsonConverter {
  const converter = new JsonConverter()
  converter.configure({ 'schemas.enable': String(schemas) }, isKey)
  return converter
}

const withSchemas = { key: jsonConverter(true, true), value: jsonConverter(true, false) }
const schemaless = { key: jsonConverter(false, true), value: jsonConverter(false, false) }
const text = new StringConverter()
text.configure({}, false)
const headerConverter = new SimpleHeaderConverter()
headerConverter.configure({})

/**
 * JSON with the schema; a value that does not fit its schema (only a faulty connector makes one) as schemaless
 * JSON; anything JSON cannot hold as its Java toString text.
 */
function serialize (topic: string, schema: Schema | null, value: unknown, isKey: boolean): Uint8Array | null {
  try {
    return (isKey ? withSchemas.key : withSchemas.value).fromConnectData(topic, schema, value)
  } catch {
    try {
      return (isKey ? schemaless.key : schemaless.value).fromConnectData(topic, null, value)
    } catch {
      return text.fromConnectData(topic, null, value)
    }
  }
}

function headerBytes (topic: string, record: SourceRecord): Array<readonly [string, Uint8Array | null]> {
  const out: Array<readonly [string, Uint8Array | null]> = []
  for (const header of record.headers) {
    let bytes: Uint8Array | null
    try {
      bytes = headerConverter.fromConnectHeader(topic, header.key, header.schema, header.value)
    } catch {
      bytes = text.fromConnectData(topic, null, header.value)
    }
    out.push([header.key, bytes])
  }
  return out
}

/** Error.stack with its causes, as Java's printStackTrace adds "Caused by:" sections. */
export function stackTraceOf (error: Error): string {
  return errorChain(error).map((e, i) => (i === 0 ? '' : 'Caused by: ') + (e.stack ?? `${e.name}: ${e.message}`)).join('\n')
}

function utf8 (value: string): Uint8Array {
  return Buffer.from(value, 'utf8')
}

/** The dead-letter record for the context's original record. */
export function deadLetterRecord (dlqTopic: string, context: ProcessingContext, where: DeadLetterContext): OutgoingRecord {
  const original = context.original
  const headers = headerBytes(dlqTopic, original)
  if (where.contextHeaders) {
    const add = (name: string, value: string): void => { headers.push([name, utf8(value)]) }
    add(ERROR_HEADERS.topic, original.topic)
    // A source record has no partition or offset in Kafka yet: the partition only when the connector chose one.
    if (original.kafkaPartition !== undefined) add(ERROR_HEADERS.partition, String(original.kafkaPartition))
    add(ERROR_HEADERS.connectorName, where.connectorName)
    add(ERROR_HEADERS.taskId, String(where.taskId))
    add(ERROR_HEADERS.stage, context.stage)
    add(ERROR_HEADERS.className, context.executingClass)
    if (context.error !== undefined) {
      add(ERROR_HEADERS.exceptionClass, context.error.name)
      add(ERROR_HEADERS.exceptionMessage, context.error.message)
      add(ERROR_HEADERS.stacktrace, stackTraceOf(context.error))
    }
    add(ERROR_HEADERS.sourcePartition, JSON.stringify(original.sourcePartition))
    add(ERROR_HEADERS.sourceOffset, JSON.stringify(original.sourceOffset))
  }
  return {
    topic: dlqTopic,
    key: serialize(dlqTopic, original.keySchema, original.key, true),
    value: serialize(dlqTopic, original.valueSchema, original.value, false),
    headers,
    ...(original.timestamp === undefined ? {} : { timestamp: original.timestamp })
  }
}
