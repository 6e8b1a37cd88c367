/** The benchmark report: target verdicts, markdown tables, the SVG chart and the docs section it replaces. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RunFigures } from '../../../bench/compare/figures.ts'
import type { MatrixRow } from '../../../bench/compare/matrix.ts'
import { buildReport, replaceBetweenMarkers, DOCS_END, DOCS_START } from '../../../bench/compare/report.ts'
import { barChartSvg } from '../../../bench/compare/svg-chart.ts'
import { checkTargets, ratio } from '../../../bench/compare/targets.ts'
import { summarise } from '../../../bench/compare/figures.ts'

const rows: MatrixRow[] = [
  { kind: 'drain', id: 'standard-64k-t8', label: 'standard queue, 64 KiB, 8 tasks', fifo: false, groups: 0, bodyBytes: 65_536, tasks: 8, messages: 100 },
  { kind: 'latency', id: 'latency-1k-t1', label: 'latency', bodyBytes: 1024, tasks: 1, perSecond: 200, seconds: 5 }
]

function run (row: string, system: string, over: Partial<RunFigures>): RunFigures {
  return { row, system, round: 1, status: 'ok', sent: 100, distinct: 100, duplicates: 0, losses: 0, ...over }
}

const runs: RunFigures[] = [
  run('standard-64k-t8', 'ceiling', { messagesPerSecond: 1000, cpuSecondsPer10k: 2, peakRssMb: 80 }),
  run('standard-64k-t8', 'sqs-connect', { messagesPerSecond: 950, cpuSecondsPer10k: 3, peakRssMb: 160 }),
  run('standard-64k-t8', 'camel', { messagesPerSecond: 500, cpuSecondsPer10k: 5 }),
  run('standard-64k-t8', 'camel', { round: 2, status: 'timeout', note: 'slow', distinct: 40, stillQueued: 60 }),
  { ...run('standard-64k-t8', 'bento', {}), status: 'unavailable', note: 'not in this checkout', sent: 0, distinct: 0 },
  run('latency-1k-t1', 'ceiling', { p50Ms: 5, p99Ms: 20 }),
  run('latency-1k-t1', 'sqs-connect', { p50Ms: 30, p99Ms: 90, losses: 1 })
]

test('targets: PASS, FAIL and n/a per row, with the measured ratio', () => {
  const checks = checkTargets(rows, summarise(runs))
  const verdict = (row: string, target: string): string | undefined => checks.find((c) => c.row === row && c.target.startsWith(target))?.verdict
  assert.equal(verdict('standard-64k-t8', 'throughput ≥ 0.9 × ceiling'), 'PASS')
  assert.equal(verdict('standard-64k-t8', 'throughput ≥ 2 × camel'), 'FAIL')
  assert.equal(verdict('standard-64k-t8', 'throughput ≥ 1 × bento'), 'n/a')
  assert.equal(verdict('standard-64k-t8', 'CPU per message'), 'FAIL')
  assert.equal(verdict('standard-64k-t8', 'peak RSS ≤ 150 MB'), 'FAIL')
  assert.equal(verdict('latency-1k-t1', 'p99 latency'), 'FAIL', '90 > 20 + 50')
  assert.equal(verdict('latency-1k-t1', 'no message lost'), 'FAIL')
  assert.equal(checks.find((c) => c.target === 'throughput ≥ 0.9 × ceiling')?.measured, '0.95 × (950 vs 1000 msg/s)')
  assert.equal(ratio(1, 0), undefined)
})

test('the report has one table row per system and row, ratios ours/other, unavailable peers with their reason, and the settings', () => {
  const report = buildReport(rows, runs, { 'sqs-connect': { 'tasks.max': '8' } }, { at: '2026-12-02T15:00:00.000Z', quick: true, rounds: 1, machine: '2 cores' })
  assert.match(report.markdown, /\| standard queue, 64 KiB, 8 tasks \(100 msgs\) \| ceiling \| 1000 \|.*\| 0.95 × \| ok \|/)
  assert.match(report.markdown, /\| camel \| 500 \|.*\| 0 \| 0 \(60 still in SQS\) \| 1.9 × \| ok \(some rounds: slow\) \|/)
  assert.match(report.markdown, /\| bento \| – \|.*unavailable: not in this checkout \|/)
  assert.match(report.markdown, /\| latency \| sqs-connect \| 30 \| 90 \|/)
  assert.match(report.markdown, /\*\*FAIL\*\*/)
  const order = [...report.markdown.matchAll(/^\| standard queue, 64 KiB, 8 tasks \(100 msgs\) \| ([a-z-]+) \|/gm)].map((m) => m[1])
  assert.deepEqual(order, ['ceiling', 'sqs-connect', 'bento', 'camel'], 'fixed order: ceiling, ours, peers by name')
  assert.match(report.markdown, /- \*\*sqs-connect\*\*: `tasks.max` = 8/)
  assert.match(report.svg, /^<svg /)
  assert.match(report.svg, /<rect x="190" y="\d+" width="\d+" height="16" fill="#[0-9a-f]{6}"><title>sqs-connect: 950 msg\/s<\/title>/)
  assert.match(report.svg, /bento: unavailable/)
})

test('the chart scales bars to the largest value and escapes text', () => {
  const svg = barChartSvg('a <b> & "c"', 'msg/s', [{ label: 'row<1>', bars: [{ system: 'x', value: 100 }, { system: 'y', value: 50 }] }])
  const widths = [...svg.matchAll(/<rect x="190" y="\d+" width="(\d+)" height="16"/g)].map((m) => Number(m[1]))
  assert.deepEqual(widths, [600, 300])
  assert.match(svg, /a &lt;b&gt; &amp; &quot;c&quot;/)
  assert.match(svg, /row&lt;1&gt;/)
})

test('the docs section between the markers is replaced, the rest is kept; missing markers are an error', () => {
  const docs = `# Title\nintro\n${DOCS_START}\nold\n${DOCS_END}\noutro\n`
  assert.equal(replaceBetweenMarkers(docs, 'new'), `# Title\nintro\n${DOCS_START}\n\nnew\n\n${DOCS_END}\noutro\n`)
  assert.throws(() => replaceBetweenMarkers('# nothing', 'new'), /no <!-- bench:results:start -->/)
})
