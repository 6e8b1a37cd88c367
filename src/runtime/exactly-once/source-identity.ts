/**
 * The connector-neutral identity of what a record came from: its source partition and offset as canonical
 * JSON (keys sorted). For SQS that is {"QueueUrl":...}{"MessageId":...}: SQS keeps a message's MessageId on
 * every redelivery, to any receiver, on standard and FIFO queues alike (docs/exactly-once.md says why not
 * MessageDeduplicationId).
 */
import type { SourceRecord } from '../../connect/data/source-record.ts'

function canonical (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value) ?? 'null'
}

/** The marker key of a record: the same for every delivery of the same source message. */
export function sourceIdentity (record: Pick<SourceRecord, 'sourcePartition' | 'sourceOffset'>): string {
  return `${canonical(record.sourcePartition)}${canonical(record.sourceOffset)}`
}
