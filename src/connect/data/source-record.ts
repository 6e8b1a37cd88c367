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
  /**
   * Extension beyond Connect: bytes the default partitioner hashes (murmur2) instead of the serialized
   * key, so records can be placed by something other than their key (e.g. an SQS MessageGroupId) while
   * the key stays as it is. `kafkaPartition` wins over it. Transforms that build a new record drop it.
   */
  readonly partitionKey?: Uint8Array
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
