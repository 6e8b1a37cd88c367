/**
 * The benchmark harness end to end on a tiny queue, so it cannot rot: the ceiling and sqs-connect (the real CLI in
 * its own process) drain 200 messages and run a short latency row on the shared servers; a missing peer gives an
 * 'unavailable' row. Checks counts and that the figures are sane, never speed.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { MatrixRow } from '../../bench/compare/matrix.ts'
import { benchSqsClient } from '../../bench/compare/queues.ts'
import { buildReport } from '../../bench/compare/report.ts'
import { runMatrix } from '../../bench/compare/run-matrix.ts'
import { ceiling } from '../../bench/systems/ceiling.ts'
import { sqsConnect } from '../../bench/systems/sqs-connect.ts'
import { sharedServers } from './support/servers.ts'

const rows: MatrixRow[] = [
  { kind: 'drain', id: 'smoke-drain', label: 'smoke: standard queue, 1 KiB, 2 tasks', fifo: false, groups: 0, bodyBytes: 1024, tasks: 2, messages: 200 },
  { kind: 'latency', id: 'smoke-latency', label: 'smoke: latency, 40 msg/s for 2 s', bodyBytes: 1024, tasks: 1, perSecond: 40, seconds: 2 }
]

test('bench smoke: ceiling and sqs-connect deliver every message once with sane figures; a missing peer is reported, not fatal', async () => {
  const env = await sharedServers()
  const sqs = benchSqsClient(env.sqsEndpoint)
  const runDir = await mkdtemp(join(tmpdir(), 'bench-smoke-'))
  const lines: string[] = []
  try {
    const { runs, settings } = await runMatrix({ env, sqs, runDir, log: (line) => lines.push(line), settings: new Map() }, rows,
      [{ name: 'ceiling', system: ceiling }, { name: 'sqs-connect', system: sqsConnect }, { name: 'missing-peer' }], 1)
    assert.equal(runs.length, 6, lines.join('\n'))
    for (const run of runs.filter((r) => r.system !== 'missing-peer')) {
      const what = `${run.system} on ${run.row}: ${JSON.stringify(run)}\n${lines.join('\n')}`
      assert.equal(run.status, 'ok', what)
      assert.equal(run.distinct, run.sent, what)
      assert.equal(run.losses, 0, what)
      assert.equal(run.duplicates, 0, what)
      assert.ok((run.cpuSecondsTotal ?? 0) > 0.1, `a Node process uses CPU: ${what}`)
      assert.ok((run.peakRssMb ?? 0) > 20 && (run.peakRssMb ?? 0) < 4000, `RSS of a Node process: ${what}`)
      if (run.row === 'smoke-drain') {
        assert.equal(run.sent, 200)
        assert.ok((run.messagesPerSecond ?? 0) > 0 && (run.mibPerSecond ?? 0) > 0, what)
        assert.ok((run.startupSeconds ?? -1) >= 0 && (run.drainSeconds ?? 0) > 0, what)
        assert.ok((run.cpuSecondsPer10k ?? 0) > 0, what)
      } else {
        assert.equal(run.sent, 20 + 80, 'warm-up plus 40 msg/s × 2 s')
        assert.ok(run.p50Ms !== undefined && run.p99Ms !== undefined && run.p50Ms >= 0 && run.p99Ms >= run.p50Ms && run.p99Ms < 30_000, what)
      }
    }
    const missing = runs.filter((r) => r.system === 'missing-peer')
    assert.deepEqual(missing.map((r) => r.status), ['unavailable', 'unavailable'])
    assert.match(missing[0]?.note ?? '', /not in this checkout/)
    assert.equal(settings['sqs-connect']?.['sqs.receive.concurrency'], '4')
    const report = buildReport(rows, runs, settings, { at: new Date().toISOString(), quick: true, rounds: 1, machine: 'test' })
    assert.match(report.markdown, /\| smoke-drain \| throughput ≥ 0.9 × ceiling \| [\d.]+ × \(\d+ vs \d+ msg\/s\) \| (PASS|\*\*FAIL\*\*) \|/)
    assert.match(report.markdown, /\| smoke-latency \| p99 latency ≤ ceiling p99 \+ 50 ms \| \d+ ms vs \d+ \+ 50 ms \|/)
  } finally {
    sqs.destroy()
    await rm(runDir, { recursive: true, force: true })
  }
})
