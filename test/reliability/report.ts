/** The results as a markdown table, and the rewrite of the marked sections of docs/reliability.md. */
import { readFile, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { memoryGrowth } from './soak.ts'
import type { CaseResult } from './stream-case.ts'

const MB = 1024 * 1024

function seconds (ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`
}

/** The worst (largest) value over the windows; a window that never recovered makes it 'never'. */
function worst (values: ReadonlyArray<number | undefined>): string {
  if (values.length === 0) return '–'
  if (values.some((v) => v === undefined)) return 'never'
  return seconds(Math.max(...values as number[]))
}

export function runHeader (slice: string, began: Date): string {
  return `Run of ${began.toISOString().replace(/\.\d+Z$/, 'Z')}, slice \`${slice}\`, Node ${process.version}, ${cpus().length} cores ` +
    '(the machine was shared with other jobs running at the same time, so times are indicative).'
}

export function casesTable (results: readonly CaseResult[]): string {
  const lines = [
    '| case | fault | sent | in Kafka (distinct) | lost | duplicates | first record after fault | caught up after fault | worker peak RSS | result |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|'
  ]
  for (const r of results) {
    const o = r.outcome
    const rec = o?.recoveries ?? []
    const waiting = typeof r.notes.leftInQueue === 'number' && r.notes.leftInQueue > 0 ? ` (${r.notes.leftInQueue} still in SQS)` : ''
    const kinds = o !== undefined && o.duplicates > 0 ? ` (${o.redelivered} redelivered, ${o.resent} re-sent)` : ''
    lines.push(`| ${r.id} | ${r.fault} | ${o?.sent ?? '–'} | ${o?.distinct ?? '–'} | ${o?.lost.length ?? '–'}${waiting} | ${o?.duplicates ?? '–'}${kinds} | ` +
      `${worst(rec.map((w) => w.firstRecordMs))} | ${worst(rec.map((w) => w.caughtUpMs))} | ${Math.round(r.peakRssBytes / MB)} MB | ${r.ok ? 'pass' : '**FAIL**'} |`)
  }
  return lines.join('\n')
}

export function soakTable (result: CaseResult): string {
  const o = result.outcome
  const g = memoryGrowth(result.memory)
  return [
    '| stream | sent | in Kafka (distinct) | lost | duplicates | RSS after warm-up → end (peak) | heap used after warm-up → end | RSS trend | heap trend | result |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${result.fault.replace(/^none: /, '')} | ${o?.sent ?? '–'} | ${o?.distinct ?? '–'} | ${o?.lost.length ?? '–'} | ${o?.duplicates ?? '–'} | ` +
    `${g === undefined ? '–' : `${g.rssStartMb} → ${g.rssEndMb} MB (${g.rssPeakMb} MB)`} | ${g === undefined ? '–' : `${g.heapStartMb} → ${g.heapEndMb} MB`} | ` +
    `${g === undefined ? '–' : `${g.rssMbPerHour} MB/h`} | ${g === undefined ? '–' : `${g.heapMbPerHour} MB/h`} | ${result.ok ? 'pass' : '**FAIL**'} |`
  ].join('\n')
}

/** Replaces what lies between `<!-- reliability:<section>:start -->` and its `:end` marker. */
export async function rewriteDocSection (file: string, section: 'cases' | 'soak', body: string): Promise<void> {
  const text = await readFile(file, 'utf8')
  const start = `<!-- reliability:${section}:start -->`
  const end = `<!-- reliability:${section}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`${file} has no ${start} … ${end} section to rewrite`)
  await writeFile(file, `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`)
}
