/**
 * What one case did, from what was sent, the records read back and the offset samples taken meanwhile: lost
 * and duplicated messages, and per fault window how soon records flowed again and when the backlog the fault
 * built up was cleared.
 */
import { keyPayload } from '../integration/support/kafka.ts'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import type { OffsetSample } from './progress.ts'
import { bodyOf, indexOfBody, type SentMessage } from './traffic.ts'

/** A fault held from `from` to `to` (epoch ms). */
export interface FaultWindow {
  readonly label: string
  readonly from: number
  readonly to: number
}

export interface WindowRecovery {
  readonly label: string
  readonly heldMs: number
  /** Distinct messages that reached Kafka while the fault held. */
  readonly deliveredDuring: number
  /** Fault end to the first sample with a message in Kafka that was not there at the end; undefined: none was seen. */
  readonly firstRecordMs: number | undefined
  /** Fault end until every message sent before the fault ended was in Kafka. */
  readonly caughtUpMs: number | undefined
}

export interface Outcome {
  readonly sent: number
  readonly records: number
  readonly distinct: number
  readonly lost: readonly string[]
  readonly duplicates: number
  /** Duplicates from SQS handing the message out again (an ApproximateReceiveCount not seen before for it). */
  readonly redelivered: number
  /** Duplicates from one receive written twice (same ApproximateReceiveCount): a produce request sent again. */
  readonly resent: number
  /** MessageIds in Kafka that the case never sent. */
  readonly unexpected: number
  /** Records whose body differs from the one sent under their MessageId (checked when asked). */
  readonly badBodies: number
  readonly recoveries: readonly WindowRecovery[]
}

export interface OutcomeInput {
  readonly label: string
  readonly bodyBytes: number
  readonly checkBodies: boolean
  readonly sent: readonly SentMessage[]
  readonly records: readonly ReadRecord[]
  readonly samples: readonly OffsetSample[]
  readonly windows: readonly FaultWindow[]
}

/** For each MessageId, the lowest offset it has in each partition it is in. */
type Positions = Map<string, Map<number, bigint>>

function positionsOf (records: readonly ReadRecord[]): Positions {
  const positions: Positions = new Map()
  for (const record of records) {
    const id = keyPayload(record).MessageId
    let byPartition = positions.get(id)
    if (byPartition === undefined) positions.set(id, byPartition = new Map())
    const known = byPartition.get(record.partition)
    if (known === undefined || record.offset < known) byPartition.set(record.partition, record.offset)
  }
  return positions
}

/** Distinct messages below the sample's end offsets: those in Kafka at that moment. */
function distinctAt (positions: Positions, sample: OffsetSample | undefined): number {
  if (sample === undefined) return 0
  let n = 0
  for (const byPartition of positions.values()) {
    for (const [partition, offset] of byPartition) {
      if (offset < (sample.ends[partition] ?? 0n)) { n += 1; break }
    }
  }
  return n
}

function lastAtOrBefore (samples: readonly OffsetSample[], t: number): OffsetSample | undefined {
  let found: OffsetSample | undefined
  for (const s of samples) { if (s.t > t) break; found = s }
  return found
}

function recoveryOf (window: FaultWindow, input: OutcomeInput, positions: Positions): WindowRecovery {
  const { samples } = input
  const atEnd = lastAtOrBefore(samples, window.to)
  const after = samples.filter((s) => s.t > window.to)
  const atEndDistinct = distinctAt(positions, atEnd)
  // Distinct counts only grow, so each first sample reaching a count is found by bisection. Counting messages
  // rather than offsets leaves out transaction markers and records written again.
  const firstReaching = (count: number): OffsetSample | undefined => {
    let lo = 0
    let hi = after.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (distinctAt(positions, after[mid]) >= count) hi = mid
      else lo = mid + 1
    }
    return after[lo]
  }
  const firstNew = firstReaching(atEndDistinct + 1)
  // Every message SQS had confirmed by the fault's end.
  const caughtUp = firstReaching(input.sent.filter((m) => m.at <= window.to).length)
  return {
    label: window.label,
    heldMs: window.to - window.from,
    deliveredDuring: atEndDistinct - distinctAt(positions, lastAtOrBefore(samples, window.from)),
    firstRecordMs: firstNew === undefined ? undefined : firstNew.t - window.to,
    caughtUpMs: caughtUp === undefined ? undefined : caughtUp.t - window.to
  }
}

/** Splits the duplicates by the ApproximateReceiveCount the connector put in each record's value. */
function duplicateKinds (records: readonly ReadRecord[]): { redelivered: number, resent: number } {
  const counts = new Map<string, Set<number>>()
  let redelivered = 0
  let resent = 0
  for (const record of records) {
    const id = keyPayload(record).MessageId
    const receiveCount = (JSON.parse(record.value?.toString('utf8') ?? 'null') as { payload?: { ApproximateReceiveCount?: number } } | null)?.payload?.ApproximateReceiveCount ?? -1
    const seen = counts.get(id)
    if (seen === undefined) { counts.set(id, new Set([receiveCount])); continue }
    if (seen.has(receiveCount)) resent += 1
    else redelivered += 1
    seen.add(receiveCount)
  }
  return { redelivered, resent }
}

function countBadBodies (input: OutcomeInput): number {
  const indexById = new Map(input.sent.map((m) => [m.id, m.index]))
  let bad = 0
  for (const record of input.records) {
    const body = (JSON.parse(record.value?.toString('utf8') ?? 'null') as { payload?: { Body?: string } } | null)?.payload?.Body ?? ''
    const index = indexById.get(keyPayload(record).MessageId)
    if (index === undefined || indexOfBody(input.label, body) !== index || body !== bodyOf(input.label, index, input.bodyBytes)) bad += 1
  }
  return bad
}

export function outcomeOf (input: OutcomeInput): Outcome {
  const positions = positionsOf(input.records)
  const sentIds = new Set(input.sent.map((m) => m.id))
  return {
    sent: input.sent.length,
    records: input.records.length,
    distinct: positions.size,
    lost: input.sent.filter((m) => !positions.has(m.id)).map((m) => m.id),
    duplicates: input.records.length - positions.size,
    ...duplicateKinds(input.records),
    unexpected: [...positions.keys()].filter((id) => !sentIds.has(id)).length,
    badBodies: input.checkBodies ? countBadBodies(input) : 0,
    recoveries: input.windows.map((w) => recoveryOf(w, input, positions))
  }
}
