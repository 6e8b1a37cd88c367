/**
 * The asynchronous step before convertRecord: converters with a prepare() (AvroConverter and its schema
 * registry) get to do their I/O for the record's key and value schemas. Undefined when there is nothing to
 * wait for, so records with synchronous converters, or with registry ids already cached, cost no promise.
 */
import type { SourceRecord } from '../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import type { ConnectorConverters } from './converter-setup.ts'
import { describeRecord } from './record-conversion.ts'

async function settle (record: SourceRecord, key: Promise<void> | undefined, value: Promise<void> | undefined): Promise<void> {
  for (const [stage, work] of [['key.converter', key], ['value.converter', value]] as const) {
    try {
      await work
    } catch (error) {
      // Keep the registry's code and retriable flag; add which converter and which record. The message already holds
      // the registry error's own, so its cause (the network error) is kept instead of it, and logs do not repeat it.
      const ours = error instanceof SqsConnectError
      const code = ours ? error.code : ErrorCodes.CONVERSION_FAILED
      throw new SqsConnectError(code, `The ${stage} could not convert the ${describeRecord(record)}: ${(error as Error).message}`,
        { subject: ours ? error.subject : stage, retriable: ours && error.retriable, cause: ours ? error.cause : error })
    }
  }
}

/** Awaitable converter work for one record, or undefined when none is needed. */
export function prepareConversion (record: SourceRecord, converters: ConnectorConverters): Promise<void> | undefined {
  const key = converters.key.prepare?.(record.topic, record.keySchema, record.key)
  const value = converters.value.prepare?.(record.topic, record.valueSchema, record.value)
  if (key === undefined && value === undefined) return undefined
  // Both start at once; an unobserved rejection of the second must not crash the process while the first is awaited.
  value?.catch(() => {})
  return settle(record, key, value)
}
