/** Connect's SourceRecord: what a source task hands to the runtime. */
import { Headers } from './headers.ts'
import type { Schema } from './schema.ts'

export interface SourceRecord {
  /** Where the record came from (e.g. the queue); opaque to the runtime. */
  readonly sourcePartition: Readonly<Record<string, unknown>>
  /** Position within the source partition; SQS has none that can be replayed. */
  readonly sourceOffset: Readonly<Record<string, unknown>>
  readonly topic: string
  /** Explicit partition, or undefined to let the partitioner choose. */
  readonly kafkaPartition?: number
  readonly keySchema: Schema | null
  readonly key: unknown
  readonly valueSchema: Schema | null
  readonly value: unknown
  /** Epoch milliseconds, or undefined to let the producer stamp the time. */
  readonly timestamp?: number
  readonly headers: Headers
}

/** Builds a SourceRecord with empty headers unless given. */
export function sourceRecord (fields: Omit<SourceRecord, 'headers'> & { headers?: Headers }): SourceRecord {
  return Object.freeze({ ...fields, headers: fields.headers ?? new Headers() })
}
