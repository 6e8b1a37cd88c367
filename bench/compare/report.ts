/** The output of a comparison run: the markdown report, the chart, and docs/benchmarks.md's generated section. */
import { readFile, writeFile } from 'node:fs/promises'
import { summarise, type RunFigures, type SystemSummary } from './figures.ts'
import type { MatrixRow } from './matrix.ts'
import { barChartSvg, type ChartGroup } from './svg-chart.ts'
import { drainTable, latencyTable, targetTable } from './tables.ts'
import { checkTargets, type TargetCheck } from './targets.ts'

export const DOCS_START = '<!-- bench:results:start -->'
export const DOCS_END = '<!-- bench:results:end -->'

export interface RunContext {
  readonly at: string
  readonly quick: boolean
  readonly rounds: number
  readonly machine: string
}

export interface ComparisonReport {
  readonly summaries: SystemSummary[]
  readonly checks: TargetCheck[]
  readonly markdown: string
  readonly svg: string
}

function settingsMarkdown (settings: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  return Object.entries(settings).map(([system, values]) =>
    `- **${system}**: ${Object.entries(values).map(([k, v]) => `\`${k}\` = ${v}`).join('; ')}`).join('\n')
}

export function buildReport (rows: readonly MatrixRow[], runs: readonly RunFigures[], settings: Readonly<Record<string, Readonly<Record<string, string>>>>, context: RunContext): ComparisonReport {
  const summaries = summarise(runs)
  const checks = checkTargets(rows, summaries)
  const groups: ChartGroup[] = rows.filter((r) => r.kind === 'drain').map((row) => ({
    label: row.id,
    bars: summaries.filter((s) => s.row === row.id).map((s) => ({ system: s.system, value: s.messagesPerSecond, ...(s.status === 'ok' ? {} : { note: s.status }) }))
  }))
  const svg = barChartSvg(`Throughput, messages/s (${context.quick ? 'quick run' : 'full run'}, ${context.at.slice(0, 16).replace('T', ' ')} UTC)`, 'msg/s', groups)
  const markdown = [
    `Run of ${context.at} (${context.quick ? '--quick' : 'full'}, ${context.rounds} round(s)); ${context.machine}.`,
    '',
    '### Throughput (prefilled queue drained)',
    '',
    drainTable(rows, summaries),
    '',
    '### Latency (fixed send rate)',
    '',
    latencyTable(rows, summaries),
    '',
    '### Targets (issue 8)',
    '',
    targetTable(checks),
    '',
    '### Settings of this run',
    '',
    settingsMarkdown(settings)
  ].join('\n')
  return { summaries, checks, markdown, svg }
}

/** Replaces what lies between the markers of `docs` (the whole text when they are missing is an error). */
export function replaceBetweenMarkers (docs: string, generated: string): string {
  const start = docs.indexOf(DOCS_START)
  const end = docs.indexOf(DOCS_END)
  if (start < 0 || end < start) throw new Error(`docs/benchmarks.md has no ${DOCS_START} … ${DOCS_END} section to replace`)
  return `${docs.slice(0, start + DOCS_START.length)}\n\n${generated}\n\n${docs.slice(end)}`
}

export async function writeDocs (docsFile: string, svgFile: string, report: ComparisonReport): Promise<void> {
  const docs = await readFile(docsFile, 'utf8')
  await writeFile(docsFile, replaceBetweenMarkers(docs, `![Throughput per system and scenario](benchmarks.svg)\n\n${report.markdown}`))
  await writeFile(svgFile, report.svg)
}
