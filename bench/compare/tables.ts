/** Markdown tables of one run: throughput rows, latency rows (with ratios ours/other) and the target verdicts. */
import type { SystemSummary } from './figures.ts'
import type { MatrixRow } from './matrix.ts'
import { OURS, ratio, type TargetCheck } from './targets.ts'

const cell = (value: number | string | undefined): string => (value === undefined ? '–' : String(value))

/** Lost messages; a run that timed out also shows those still waiting in the queue, which are not lost. */
const lostCell = (s: SystemSummary): string => (s.stillQueued > 0 ? `${s.losses} (${s.stillQueued} still in SQS)` : String(s.losses))

function statusCell (s: SystemSummary): string {
  return s.status === 'ok' ? (s.note === undefined ? 'ok' : `ok (some rounds: ${escape(s.note)})`) : `${s.status}: ${escape(s.note ?? '')}`
}

function escape (text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160)
}

/** "ours / this system": throughput ratio for drain rows, p99 ratio for latency rows. */
function oursOver (row: MatrixRow, s: SystemSummary, ours: SystemSummary | undefined): string {
  if (s.system === OURS) return ''
  const r = row.kind === 'drain' ? ratio(ours?.messagesPerSecond, s.messagesPerSecond) : ratio(ours?.p99Ms, s.p99Ms)
  return r === undefined ? '–' : `${r} ×`
}

export function drainTable (rows: readonly MatrixRow[], summaries: readonly SystemSummary[]): string {
  const lines = ['| scenario | system | msg/s | MiB/s | CPU-s / 10k msg | peak RSS MB | startup s | duplicates | lost | ours / system (msg/s) | status |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |']
  for (const row of rows.filter((r) => r.kind === 'drain')) {
    const ours = summaries.find((s) => s.row === row.id && s.system === OURS)
    for (const s of summaries.filter((x) => x.row === row.id)) {
      lines.push(`| ${row.label} (${row.kind === 'drain' ? row.messages : ''} msgs) | ${s.system} | ${cell(s.messagesPerSecond)} | ${cell(s.mibPerSecond)} | ${cell(s.cpuSecondsPer10k)} | ${cell(s.peakRssMb)} | ${cell(s.startupSeconds)} | ${s.duplicates} | ${lostCell(s)} | ${oursOver(row, s, ours)} | ${statusCell(s)} |`)
    }
  }
  return lines.join('\n')
}

export function latencyTable (rows: readonly MatrixRow[], summaries: readonly SystemSummary[]): string {
  const lines = ['| scenario | system | p50 ms | p99 ms | CPU-s / 10k msg | peak RSS MB | duplicates | lost | ours / system (p99) | status |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |']
  for (const row of rows.filter((r) => r.kind === 'latency')) {
    const ours = summaries.find((s) => s.row === row.id && s.system === OURS)
    for (const s of summaries.filter((x) => x.row === row.id)) {
      lines.push(`| ${row.label} | ${s.system} | ${cell(s.p50Ms)} | ${cell(s.p99Ms)} | ${cell(s.cpuSecondsPer10k)} | ${cell(s.peakRssMb)} | ${s.duplicates} | ${lostCell(s)} | ${oursOver(row, s, ours)} | ${statusCell(s)} |`)
    }
  }
  return lines.join('\n')
}

export function targetTable (checks: readonly TargetCheck[]): string {
  return ['| scenario | target | measured | verdict |', '| --- | --- | --- | --- |',
    ...checks.map((c) => `| ${c.row} | ${c.target} | ${escape(c.measured)} | ${c.verdict === 'FAIL' ? '**FAIL**' : c.verdict} |`)].join('\n')
}
