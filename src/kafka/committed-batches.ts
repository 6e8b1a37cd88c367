/**
 * The read_committed rule for the batches of one partition, across fetch responses (as Java's consumer applies it):
 * a data batch of a producer whose aborted transaction the broker announced, from that transaction's first offset
 * up to its abort marker, is skipped; control batches are skipped; everything else is handed on in offset order.
 */
export interface CommittedEntry {
  readonly partition: number
  readonly offset: bigint
  readonly key: Buffer | null
  readonly value: Buffer | null
}

/** The parts of a fetched record batch the rule needs. */
export interface Batch {
  readonly firstOffset: bigint
  readonly lastOffsetDelta: number
  readonly attributes: number
  readonly producerId: bigint
  readonly records: ReadonlyArray<{ readonly offsetDelta: number, readonly key: Buffer | null, readonly value: Buffer | null }>
}

const IS_CONTROL = 1 << 5
const ABORT_MARKER = 0

export interface PartitionState {
  position: bigint
  /**
   * Aborted transactions the broker announced and whose records were not reached yet: producer id -> first offsets,
   * ascending (one producer id has many transactions, and a restarted task keeps its id with a new epoch).
   */
  readonly announced: Map<bigint, bigint[]>
  /** Producers inside an aborted transaction at the current position (until its abort marker). */
  readonly aborting: Set<bigint>
}

/** A partition read from `position` on. */
export function newPartitionState (position: bigint): PartitionState {
  return { position, announced: new Map(), aborting: new Set() }
}

/** Applies one fetch response's batches (and its announced aborted transactions) to the partition's state. */
export function readCommittedBatches (partition: number, state: PartitionState, aborted: ReadonlyArray<{ producerId: bigint, firstOffset: bigint }>,
  batches: readonly Batch[], onEntry: (entry: CommittedEntry) => void): void {
  for (const a of aborted) {
    // Begun before the position: its first batch was read already (and announced then, as everything under the LSO is decided).
    if (a.firstOffset < state.position) continue
    const starts = state.announced.get(a.producerId) ?? []
    if (!starts.includes(a.firstOffset)) state.announced.set(a.producerId, [...starts, a.firstOffset].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
  }
  for (const batch of [...batches].sort((x, y) => (x.firstOffset < y.firstOffset ? -1 : 1))) {
    const next = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n
    if (next <= state.position) continue
    const pid = batch.producerId
    const starts = state.announced.get(pid)
    if (starts !== undefined && starts[0] !== undefined && starts[0] <= batch.firstOffset) {
      state.aborting.add(pid)
      starts.shift()
      if (starts.length === 0) state.announced.delete(pid)
    }
    if ((batch.attributes & IS_CONTROL) !== 0) {
      if (batch.records[0]?.key?.readInt16BE(2) === ABORT_MARKER) state.aborting.delete(pid)
    } else if (!state.aborting.has(pid)) {
      for (const r of batch.records) onEntry({ partition, offset: batch.firstOffset + BigInt(r.offsetDelta), key: r.key, value: r.value })
    }
    state.position = next
  }
}
