import assert from 'node:assert/strict'
import { test } from 'node:test'
import { newPartitionState, readCommittedBatches, type Batch, type CommittedEntry } from '../../../src/kafka/committed-batches.ts'

const IS_CONTROL = 1 << 5

function data (firstOffset: number, producerId: number, keys: string[]): Batch {
  return {
    firstOffset: BigInt(firstOffset), lastOffsetDelta: keys.length - 1, attributes: 1 << 4, producerId: BigInt(producerId),
    records: keys.map((k, i) => ({ offsetDelta: i, key: Buffer.from(k), value: Buffer.from('v') }))
  }
}

/** A control batch: version 0, type 0 (abort) or 1 (commit), as the broker writes it. */
function marker (offset: number, producerId: number, commit: boolean): Batch {
  const key = Buffer.alloc(4)
  key.writeInt16BE(commit ? 1 : 0, 2)
  return { firstOffset: BigInt(offset), lastOffsetDelta: 0, attributes: IS_CONTROL | (1 << 4), producerId: BigInt(producerId), records: [{ offsetDelta: 0, key, value: Buffer.alloc(6) }] }
}

test('two aborted transactions of one producer id, split over two fetches, are skipped; its committed ones and other producers\' are read', () => {
  const state = newPartitionState(0n)
  const read: CommittedEntry[] = []
  const keep = (e: CommittedEntry): void => { read.push(e) }
  // Fetch 1: pid 7 aborts a transaction (0-1, marker at 2), commits one (3, marker 4), pid 8 commits (5, marker 6),
  // pid 7 starts a second aborted transaction (7-8) whose abort marker only comes in the next fetch.
  readCommittedBatches(0, state, [{ producerId: 7n, firstOffset: 0n }, { producerId: 7n, firstOffset: 7n }], [
    data(0, 7, ['a0', 'a1']), marker(2, 7, false), data(3, 7, ['c3']), marker(4, 7, true), data(5, 8, ['d5']), marker(6, 8, true), data(7, 7, ['a7', 'a8'])
  ], keep)
  assert.equal(state.position, 9n)
  // Fetch 2: the broker announces the still-running abort again (it overlaps the range); its marker; then a commit of pid 7.
  readCommittedBatches(0, state, [{ producerId: 7n, firstOffset: 7n }], [marker(9, 7, false), data(10, 7, ['c10']), marker(11, 7, true)], keep)
  assert.deepEqual(read.map((e) => `${String(e.offset)}:${e.key?.toString() ?? ''}`), ['3:c3', '5:d5', '10:c10'])
  assert.equal(state.position, 12n)
})

test('batches before the position (a fetch that overlaps what was read) are not handed on twice', () => {
  const state = newPartitionState(0n)
  const read: string[] = []
  readCommittedBatches(0, state, [], [data(0, 1, ['x', 'y']), marker(2, 1, true)], (e) => read.push(String(e.offset)))
  readCommittedBatches(0, state, [], [data(0, 1, ['x', 'y']), marker(2, 1, true), data(3, 1, ['z'])], (e) => read.push(String(e.offset)))
  assert.deepEqual(read, ['0', '1', '3'])
})
