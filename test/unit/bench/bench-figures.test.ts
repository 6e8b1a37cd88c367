/** The benchmark harness's pure parts: body markers, /proc parsing, tallies, figures, targets, tables, SVG. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { benchBody, readMarker } from '../../../bench/compare/body-marker.ts'
import { latencyFigures, rates, summarise, type RunFigures } from '../../../bench/compare/figures.ts'
import { matrixRows, selectRows } from '../../../bench/compare/matrix.ts'
import { parseRssBytes, parseStat, processTree } from '../../../bench/compare/proc-stats.ts'
import { entriesPerBatch } from '../../../bench/compare/queues.ts'
import { Tally } from '../../../bench/compare/tally.ts'
import { parseDeliveries, formatDeliveries } from '../../../bench/systems/deliveries.ts'

test('a body has the requested size and its marker is found in raw bytes and inside a JSON value', () => {
  const body = benchBody({ seq: 4711, sentMs: 1_764_000_000_123 }, 1024)
  assert.equal(body.length, 1024)
  assert.deepEqual(readMarker(Buffer.from(body)), { seq: 4711, sentMs: 1_764_000_000_123 })
  const json = Buffer.from(JSON.stringify({ MessageId: 'x', Body: body, SentTimestamp: 1 }))
  assert.deepEqual(readMarker(json), { seq: 4711, sentMs: 1_764_000_000_123 })
  assert.deepEqual(readMarker(body), { seq: 4711, sentMs: 1_764_000_000_123 })
  assert.equal(benchBody({ seq: 1, sentMs: 2 }, 3), 'bench#1@2;', 'never shorter than the marker')
})

test('readMarker rejects values without a complete marker', () => {
  for (const value of [null, undefined, '', 'hello', 'bench#', 'bench#12', 'bench#12@', 'bench#12@34', 'bench#x@1;', 'bench#1@2x']) {
    assert.equal(readMarker(typeof value === 'string' ? Buffer.from(value) : value), undefined, String(value))
  }
})

test('parseStat reads ppid and utime+stime+cutime+cstime, even with spaces and parentheses in the name', () => {
  const line = '4242 (node (tsx) x) S 17 4242 4242 0 -1 4194560 9000 0 0 0 250 40 7 3 20 0 11 0 12345 1234567890 30000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0'
  assert.deepEqual(parseStat(line), { pid: 4242, ppid: 17, cpuTicks: 250 + 40 + 7 + 3 })
  assert.throws(() => parseStat('garbage'), /Not a \/proc/)
})

test('parseRssBytes takes VmRSS in bytes; a zombie without the line is 0', () => {
  assert.equal(parseRssBytes('Name:\tjava\nVmHWM:\t  300000 kB\nVmRSS:\t  123456 kB\nThreads: 40\n'), 123456 * 1024)
  assert.equal(parseRssBytes('Name:\tzombie\nState:\tZ (zombie)\n'), 0)
})

test('processTree collects the roots and all their descendants, not siblings; a gone root gives nothing', () => {
  const parents = new Map([[1, 0], [10, 1], [11, 10], [12, 11], [13, 10], [20, 1], [21, 20]])
  assert.deepEqual(processTree([10], parents).sort((a, b) => a - b), [10, 11, 12, 13])
  assert.deepEqual(processTree([99], parents), [])
})

test('a Tally counts distinct messages, duplicates, strangers and losses, and latency only from the chosen sequence number', async () => {
  const tally = new Tally(5)
  const reached = tally.reach(3)
  tally.add({ seq: 0, sentMs: 100 }, 150)
  tally.add({ seq: 0, sentMs: 100 }, 160)
  tally.measureLatencyFrom(1)
  tally.add({ seq: 1, sentMs: 100 }, 130)
  tally.add(undefined, 170)
  tally.add({ seq: 9, sentMs: 100 }, 170)
  tally.add({ seq: 3, sentMs: 200 }, 290)
  await reached
  assert.equal(tally.distinct, 3)
  assert.equal(tally.duplicates, 1)
  assert.equal(tally.unmarked, 2)
  assert.equal(tally.missing(), 2)
  assert.equal(tally.firstAt, 150)
  assert.deepEqual(tally.latencies, [30, 90])
})

test('figures: rates per drain window, percentiles, and a summary over rounds', () => {
  assert.deepEqual(rates(20_000, 1024, 4, 6), { messagesPerSecond: 5000, mibPerSecond: 4.88, cpuSecondsPer10k: 3 })
  assert.deepEqual(rates(10, 1024, 0, 1), {})
  assert.deepEqual(latencyFigures(Array.from({ length: 100 }, (_, i) => 100 - i)), { p50Ms: 50, p99Ms: 99 })
  const run = (round: number, over: Partial<RunFigures>): RunFigures => ({ row: 'r', system: 's', round, status: 'ok', sent: 10, distinct: 10, duplicates: 0, losses: 0, ...over })
  const [summary] = summarise([run(1, { messagesPerSecond: 100, peakRssMb: 50, duplicates: 1 }), run(2, { messagesPerSecond: 200, peakRssMb: 70 }),
    run(3, { status: 'timeout', note: 'slow', messagesPerSecond: 1, losses: 2, stillQueued: 5 }), run(4, { status: 'timeout', note: 'slow', stillQueued: 3 })])
  assert.equal(summary?.messagesPerSecond, 150, 'mean over ok rounds only')
  assert.equal(summary?.peakRssMb, 70)
  assert.equal(summary?.duplicates, 1)
  assert.equal(summary?.losses, 2, 'losses of every round count')
  assert.equal(summary?.stillQueued, 8, 'messages left in the queue by rounds that timed out count apart from losses')
  assert.equal(summary?.status, 'ok')
  assert.equal(summary?.note, 'slow')
})

test('the matrix covers standard, FIFO, three body sizes, tasks 1/4/8 and latency; filters select by id prefix', () => {
  const rows = matrixRows(false)
  assert.deepEqual([...new Set(rows.map((r) => r.bodyBytes))].sort((a, b) => a - b), [1024, 65_536, 262_144])
  assert.deepEqual([...new Set(rows.map((r) => r.tasks))].sort(), [1, 4, 8])
  assert.ok(rows.some((r) => r.kind === 'drain' && r.fifo && r.groups === 100))
  assert.ok(rows.some((r) => r.kind === 'latency'))
  assert.ok(matrixRows(true).every((q) => q.kind === 'latency' || q.messages <= 2000), 'quick rows are small')
  assert.deepEqual(selectRows(rows, 'fifo,latency').map((r) => r.id), ['fifo-100g-1k-t4', 'latency-1k-t1'])
  assert.equal(selectRows(rows, undefined).length, rows.length)
  assert.equal(selectRows(rows, 'nothing').length, 0)
})

test('SendMessageBatch entries stay within 10 and 1 MiB per batch', () => {
  assert.equal(entriesPerBatch(1024), 10)
  assert.equal(entriesPerBatch(65_536), 10)
  assert.equal(entriesPerBatch(262_144), 3)
  assert.ok(entriesPerBatch(262_144) * 262_144 < 1024 * 1024)
  assert.equal(entriesPerBatch(1024 * 1024), 1)
})

test('delivery lines round-trip, and a half-written last line is kept for later', () => {
  const text = formatDeliveries([{ seq: 1, sentMs: 2, atMs: 3 }, { seq: 4, sentMs: 5, atMs: 6 }])
  assert.deepEqual(parseDeliveries(`${text}7 8`), { deliveries: [{ seq: 1, sentMs: 2, atMs: 3 }, { seq: 4, sentMs: 5, atMs: 6 }], rest: '7 8' })
  assert.deepEqual(parseDeliveries('7 8'), { deliveries: [], rest: '7 8' })
})
