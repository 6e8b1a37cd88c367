import assert from 'node:assert/strict'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { ReadRecord } from '../../../src/kafka/topic-reader.ts'
import { outcomeOf } from '../../reliability/outcome.ts'
import type { OffsetSample } from '../../reliability/progress.ts'
import { rewriteDocSection } from '../../reliability/report.ts'
import { memoryGrowth } from '../../reliability/soak.ts'
import { bodyOf, indexOfBody, type SentMessage } from '../../reliability/traffic.ts'

function record (partition: number, offset: number, id: string, body = ''): ReadRecord {
  return {
    topic: 't', partition, offset: BigInt(offset), timestamp: 0n, headers: [],
    key: Buffer.from(JSON.stringify({ payload: { QueueUrl: 'q', MessageId: id, MessageGroupId: null } })),
    value: Buffer.from(JSON.stringify({ payload: { Body: body } }))
  }
}

function sample (t: number, ends: number[]): OffsetSample {
  const big = ends.map(BigInt)
  return { t, ends: big, total: big.reduce((a, b) => a + b, 0n) }
}

const sent = (ids: string[], at: number[]): SentMessage[] => ids.map((id, index) => ({ id, index, at: at[index] ?? 0 }))

test('lost, duplicates and unexpected records are counted by MessageId', () => {
  const o = outcomeOf({
    label: 'c', bodyBytes: 10, checkBodies: false, sent: sent(['a', 'b', 'c'], [1, 2, 3]), samples: [], windows: [],
    records: [record(0, 0, 'a'), record(1, 0, 'a'), record(0, 1, 'b'), record(0, 2, 'x')]
  })
  assert.deepEqual(o.lost, ['c'])
  assert.equal(o.duplicates, 1)
  assert.equal(o.unexpected, 1)
  assert.equal(o.distinct, 3)
})

test('recovery: first record after the window and the moment the backlog sent before its end is in Kafka', () => {
  // a, b before the fault (t=100..200); c, d sent during it (300, 400); the fault holds 250..500.
  const records = [record(0, 0, 'a'), record(0, 1, 'b'), record(0, 2, 'c'), record(0, 3, 'b'), record(0, 4, 'd')]
  const samples = [sample(200, [2]), sample(450, [2]), sample(600, [2]), sample(700, [4]), sample(800, [5])]
  const o = outcomeOf({ label: 'c', bodyBytes: 10, checkBodies: false, sent: sent(['a', 'b', 'c', 'd'], [100, 200, 300, 400]), records, samples, windows: [{ label: 'w', from: 250, to: 500 }] })
  const [w] = o.recoveries
  assert.equal(w?.heldMs, 250)
  assert.equal(w?.deliveredDuring, 0)
  assert.equal(w?.firstRecordMs, 200, 'the sample at 700 is the first with a message more than at the end of the window')
  // At 700 the offsets below 4 hold a, b, c (b twice): d is missing until 800.
  assert.equal(w?.caughtUpMs, 300)
})

test('a window after which nothing arrives has no recovery', () => {
  const o = outcomeOf({
    label: 'c', bodyBytes: 10, checkBodies: false, sent: sent(['a', 'b'], [100, 200]), records: [record(0, 0, 'a')],
    samples: [sample(150, [1]), sample(400, [1])], windows: [{ label: 'w', from: 250, to: 300 }]
  })
  assert.equal(o.recoveries[0]?.firstRecordMs, undefined)
  assert.equal(o.recoveries[0]?.caughtUpMs, undefined)
})

test('bodies: made from label and index, recognised, and a changed body is counted', () => {
  const body = bodyOf('max', 7, 200)
  assert.equal(body.length, 200)
  assert.equal(indexOfBody('max', body), 7)
  assert.notEqual(bodyOf('max', 8, 200).slice(6), body.slice(6))
  const o = outcomeOf({
    label: 'max', bodyBytes: 200, checkBodies: true, sent: sent(['a', 'b'], [1, 2]), samples: [], windows: [],
    records: [record(0, 0, 'a', bodyOf('max', 0, 200)), record(0, 1, 'b', `${bodyOf('max', 1, 200).slice(0, 199)}!`)]
  })
  assert.equal(o.badBodies, 1)
})

test('memory growth: skips the warm-up, averages three samples at each end, fits a trend per hour', () => {
  const mb = 1024 * 1024
  // 20 samples 10 s apart; RSS grows by 1 MB a minute after a first sample of startup noise.
  const samples = Array.from({ length: 20 }, (_, i) => ({ t: i * 10_000, rss: (i === 0 ? 300 : 100 + i / 6) * mb, heapUsed: 50 * mb, heapTotal: 0, external: 0, arrayBuffers: 0 }))
  const g = memoryGrowth(samples, 30)
  assert.equal(g?.warmupS, 30)
  assert.equal(g?.rssMbPerHour, 60)
  assert.equal(g?.heapMbPerHour, 0)
  assert.equal(g?.rssPeakMb, 300)
  assert.equal(g?.heapEndMb, 50)
  assert.equal(memoryGrowth([]), undefined)
})

test('the docs section between the markers is replaced, the rest kept', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'reliability-doc-')), 'r.md')
  await writeFile(file, 'head\n<!-- reliability:cases:start -->\nold\n<!-- reliability:cases:end -->\ntail\n')
  await rewriteDocSection(file, 'cases', 'new table')
  assert.equal(await readFile(file, 'utf8'), 'head\n<!-- reliability:cases:start -->\nnew table\n<!-- reliability:cases:end -->\ntail\n')
  await assert.rejects(rewriteDocSection(file, 'soak', 'x'), /no <!-- reliability:soak:start -->/)
})
