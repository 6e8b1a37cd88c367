/**
 * At-least-once bookkeeping for delivery tests: every record of a topic read back, and what it says about
 * the messages sent (lost, duplicated, out of order within a FIFO message group).
 */
import { Consumer } from '@platformatic/kafka'
import type { ReadRecord } from '../../../src/kafka/topic-reader.ts'
import { keyPayload, readRecords } from './kafka.ts'

/** The end offset of each partition of the topic, by partition. */
export async function endOffsets (bootstrap: string, topic: string): Promise<bigint[]> {
  const consumer = new Consumer({ clientId: 'delivery-offsets', groupId: 'delivery-offsets-unused', bootstrapBrokers: [bootstrap], timeout: 10_000 })
  try {
    const offsets = await consumer.listOffsets({ topics: [topic] })
    return [...offsets.get(topic) ?? []]
  } finally {
    await consumer.close(true)
  }
}

/** Records in the topic so far: the sum of its partitions' end offsets (an idempotent, non-transactional producer writes no control records). */
export async function recordsInTopic (bootstrap: string, topic: string): Promise<number> {
  return Number((await endOffsets(bootstrap, topic)).reduce((sum, end) => sum + end, 0n))
}

/** Every record in the topic, in offset order per partition. */
export async function readAllRecords (bootstrap: string, topic: string, timeoutMs = 120_000): Promise<ReadRecord[]> {
  const count = await recordsInTopic(bootstrap, topic)
  const records = await readRecords(bootstrap, topic, count, timeoutMs)
  if (records.length !== count) throw new Error(`Read ${records.length} of the ${count} records in ${topic} within ${timeoutMs} ms`)
  return records
}

export interface DeliveryReport {
  readonly sent: number
  readonly records: number
  /** Distinct MessageIds among the records. */
  readonly distinct: number
  /** Sent MessageIds with no record. */
  readonly lost: string[]
  /** Records beyond the first for their MessageId. */
  readonly duplicates: number
  /** MessageIds in Kafka that were never sent. */
  readonly unexpected: string[]
  /** For `groupOf`: groups whose first occurrences in Kafka are not in send order, with the first place they differ. */
  readonly outOfOrder: string[]
}

/**
 * Compares the MessageIds sent (in send order) with the records in Kafka. With `groupOf` (the message group of
 * the i-th sent message; a one-partition topic), each group's first occurrences must follow the send order.
 */
export function deliveryReport (sent: readonly string[], records: readonly ReadRecord[], groupOf?: (i: number) => string): DeliveryReport {
  const sentIds = new Set(sent)
  const firstSeen: string[] = []
  const seen = new Set<string>()
  let duplicates = 0
  for (const record of records) {
    const id = keyPayload(record).MessageId
    if (seen.has(id)) {
      duplicates += 1
    } else {
      seen.add(id)
      firstSeen.push(id)
    }
  }
  const outOfOrder: string[] = []
  if (groupOf !== undefined) {
    const expected = new Map<string, string[]>()
    const group = new Map<string, string>()
    for (const [i, id] of sent.entries()) {
      const g = groupOf(i)
      group.set(id, g)
      const list = expected.get(g)
      if (list === undefined) expected.set(g, [id])
      else list.push(id)
    }
    const actual = new Map<string, string[]>()
    for (const id of firstSeen) {
      const g = group.get(id)
      if (g === undefined) continue
      const list = actual.get(g)
      if (list === undefined) actual.set(g, [id])
      else list.push(id)
    }
    for (const [g, ids] of expected) {
      const got = actual.get(g) ?? []
      const at = got.findIndex((id, k) => id !== ids[k])
      if (at >= 0) outOfOrder.push(`${g}: position ${at} holds ${got[at] ?? '?'}, sent as ${ids[at] ?? '?'}`)
    }
  }
  return {
    sent: sent.length,
    records: records.length,
    distinct: seen.size,
    lost: sent.filter((id) => !seen.has(id)),
    duplicates,
    unexpected: firstSeen.filter((id) => !sentIds.has(id)),
    outOfOrder
  }
}

/** One line for the test log. */
export function describeReport (what: string, report: DeliveryReport, extra: Record<string, unknown> = {}): string {
  return `${what}: ${JSON.stringify({ sent: report.sent, records: report.records, distinct: report.distinct, lost: report.lost.length, duplicates: report.duplicates, unexpected: report.unexpected.length, outOfOrder: report.outOfOrder.length, ...extra })}`
}
