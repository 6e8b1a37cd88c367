import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sourceRecord, type SourceRecord } from '../../../src/connect/data/source-record.ts'
import type { OutgoingRecord, WrittenRecord } from '../../../src/kafka/producer.ts'
import { CrashPoints } from '../../../src/runtime/exactly-once/crash-points.ts'
import { ExactlyOnceSender } from '../../../src/runtime/exactly-once/exactly-once-sender.ts'
import type { MarkerStore } from '../../../src/runtime/exactly-once/marker-store.ts'
import { sourceIdentity } from '../../../src/runtime/exactly-once/source-identity.ts'
import { createLogger } from '../../../src/runtime/logging.ts'

const MARKERS = 'markers-topic'

function record (messageId: string): SourceRecord {
  return sourceRecord({ sourcePartition: { QueueUrl: 'q' }, sourceOffset: { MessageId: messageId }, topic: 'data', keySchema: null, key: null, valueSchema: null, value: messageId })
}

function out (messageId: string): OutgoingRecord {
  return { topic: 'data', key: null, value: Buffer.from(messageId), headers: [] }
}

/** A marker store holding `marked` identities, always up to date (the Kafka side is tested through real servers). */
function fakeStore (marked: Set<string>): MarkerStore {
  return {
    topic: MARKERS,
    has: (id: string) => marked.has(id),
    upToDate: async () => {},
    claim: async () => () => {},
    committed: (markers: readonly string[], tombstones: readonly string[]) => {
      for (const m of markers) marked.add(m)
      for (const t of tombstones) marked.delete(t)
    }
  } as unknown as MarkerStore
}

/** A transactional producer that records each transaction and places records at increasing offsets. */
function fakeProducer (): { transactions: OutgoingRecord[][], send: (records: readonly OutgoingRecord[]) => Promise<WrittenRecord[]>, initTransactions: () => Promise<void>, close: () => Promise<void> } {
  const transactions: OutgoingRecord[][] = []
  let offset = 0n
  return {
    transactions,
    initTransactions: async () => {},
    send: async (records) => {
      transactions.push([...records])
      return records.map((r) => ({ topic: r.topic, partition: 0, offset: offset++ }))
    },
    close: async () => {}
  }
}

test('records with a marker are acknowledged with null and not written; the rest go out with their markers in one transaction', async () => {
  const marked = new Set([sourceIdentity(record('m2'))])
  const producer = fakeProducer()
  const sender = new ExactlyOnceSender({ producer, store: fakeStore(marked), transactionalId: 't-0', crashPoints: new CrashPoints({}), logger: createLogger('silent') })
  const sources = ['m1', 'm2', 'm3', 'm1'].map(record)
  const written = await sender.send(['m1', 'm2', 'm3', 'm1'].map(out), sources)
  assert.deepEqual(written.map((w) => (w === null ? null : w.topic)), ['data', null, 'data', null], 'm2 is in Kafka already; the second m1 is the same message')
  assert.equal(producer.transactions.length, 1)
  const [transaction] = producer.transactions
  assert.deepEqual(transaction?.filter((r) => r.topic === 'data').map((r) => r.value?.toString()), ['m1', 'm3'])
  assert.deepEqual(transaction?.filter((r) => r.topic === MARKERS).map((r) => r.key?.toString()), [sourceIdentity(record('m1')), sourceIdentity(record('m3'))])
  assert.ok(transaction?.filter((r) => r.topic === MARKERS).every((r) => r.value !== null))
  assert.equal(sender.duplicatesSkipped, 2)
  await sender.close()
})

test('a marker is removed (tombstone) in a later transaction once its message is deleted, never when the delete failed', async () => {
  const marked = new Set<string>()
  const producer = fakeProducer()
  const deletes = new Map<string, (deleted: boolean) => void>()
  const released = async (r: SourceRecord): Promise<boolean> => await new Promise((resolve) => { deletes.set(String(r.value), resolve) })
  const sender = new ExactlyOnceSender({ producer, store: fakeStore(marked), transactionalId: 't-0', released, crashPoints: new CrashPoints({}), logger: createLogger('silent'), tombstoneIntervalMs: 60_000 })
  await sender.send([out('a'), out('b')], [record('a'), record('b')])
  assert.equal(marked.size, 2)
  deletes.get('a')?.(true)
  deletes.get('b')?.(false)
  await new Promise((resolve) => setImmediate(resolve))
  await sender.send([out('c')], [record('c')])
  const second = producer.transactions[1] ?? []
  const tombstones = second.filter((r) => r.topic === MARKERS && r.value === null).map((r) => r.key?.toString())
  assert.deepEqual(tombstones, [sourceIdentity(record('a'))])
  assert.ok(marked.has(sourceIdentity(record('b'))), 'b was not deleted: its marker stays, so a redelivery is recognised')
  assert.ok(!marked.has(sourceIdentity(record('a'))))
  await sender.close()
})

test('the source identity is canonical: the same partition and offset in any key order give the same marker key', () => {
  assert.equal(sourceIdentity({ sourcePartition: { b: 1, a: 'x' }, sourceOffset: { MessageId: 'm' } }), sourceIdentity({ sourcePartition: { a: 'x', b: 1 }, sourceOffset: { MessageId: 'm' } }))
  assert.notEqual(sourceIdentity(record('m1')), sourceIdentity(record('m2')))
})

test('the crash hook is off unless both variables are set', () => {
  assert.equal(new CrashPoints({}).armed, false)
  assert.equal(new CrashPoints({ SQS_CONNECT_TEST_CRASH_AT: 'after-commit:1' }).armed, false)
  assert.equal(new CrashPoints({ SQS_CONNECT_TEST_CRASH_AT: 'after-commit:1', SQS_CONNECT_TEST_CRASH_CONFIRM: 'yes' }).armed, false)
  assert.equal(new CrashPoints({ SQS_CONNECT_TEST_CRASH_AT: 'nowhere:1', SQS_CONNECT_TEST_CRASH_CONFIRM: 'kill-this-process' }).armed, false)
  assert.equal(new CrashPoints({ SQS_CONNECT_TEST_CRASH_AT: 'after-commit:3', SQS_CONNECT_TEST_CRASH_CONFIRM: 'kill-this-process' }).armed, true)
})
