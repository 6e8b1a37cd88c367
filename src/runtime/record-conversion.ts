/** SourceRecord -> bytes, in Connect's order: headers first, then key and value (convertHeaderFor, then convert). */
import type { SourceRecord } from '../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import type { OutgoingRecord } from '../kafka/producer.ts'
import type { ConnectorConverters } from './converter-setup.ts'

/** How a record names itself in errors: its source position, which for SQS holds the MessageId. */
export function describeRecord (record: SourceRecord): string {
  return `record for topic ${record.topic} from ${JSON.stringify(record.sourcePartition)} at ${JSON.stringify(record.sourceOffset)}`
}

/** Converts one record; a failure names the record and the converter at fault. */
export function convertRecord (record: SourceRecord, converters: ConnectorConverters): OutgoingRecord {
  const stage = { name: 'header.converter' }
  try {
    const headers: Array<readonly [string, Uint8Array | null]> = []
    for (const header of record.headers) {
      headers.push([header.key, converters.header.fromConnectHeader(record.topic, header.key, header.schema, header.value)])
    }
    stage.name = 'key.converter'
    const key = converters.key.fromConnectData(record.topic, record.keySchema, record.key, record.headers)
    stage.name = 'value.converter'
    const value = converters.value.fromConnectData(record.topic, record.valueSchema, record.value, record.headers)
    return {
      topic: record.topic,
      ...(record.kafkaPartition === undefined ? {} : { partition: record.kafkaPartition }),
      ...(record.partitionKey === undefined ? {} : { partitionKey: record.partitionKey }),
      ...(record.timestamp === undefined ? {} : { timestamp: record.timestamp }),
      key,
      value,
      headers
    }
  } catch (error) {
    throw new SqsConnectError(ErrorCodes.CONVERSION_FAILED,
      `The ${stage.name} could not convert the ${describeRecord(record)}: ${(error as Error).message}`,
      { subject: stage.name, cause: error })
  }
}
