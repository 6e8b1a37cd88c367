/**
 * The comparison run of `npm run bench`: the matrix for the chosen systems, then the JSON, the markdown report
 * and (with --write-docs) docs/benchmarks.md and docs/benchmarks.svg.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import type { InfraEnv } from '../../infra/index.ts'
import { projectRoot } from '../../infra/paths.ts'
import { optionalSystems, PEER_NAMES, systems } from '../systems/index.ts'
import { matrixRows, selectRows, type MatrixRow } from './matrix.ts'
import { benchSqsClient } from './queues.ts'
import { buildReport } from './report.ts'
import { writeDocs } from './report.ts'
import { runMatrix, type Candidate } from './run-matrix.ts'

export interface CompareOptions {
  readonly quick: boolean
  readonly rounds: number
  /** Comma-separated system names; all known ones when absent. */
  readonly systems?: string
  /** Comma-separated row ids or id prefixes; all rows when absent. */
  readonly scenario?: string
  readonly writeDocs: boolean
  readonly log: (line: string) => void
}

export function candidates (filter: string | undefined): Candidate[] {
  const known = [...systems.map((s) => s.name), ...PEER_NAMES.filter((p) => !systems.some((s) => s.name === p))]
  const wanted = filter === undefined ? known : filter.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return wanted.map((name) => {
    const system = [...systems, ...optionalSystems].find((s) => s.name === name)
    return system === undefined ? { name } : { name, system }
  })
}

export function compareRows (options: Pick<CompareOptions, 'quick' | 'scenario'>): MatrixRow[] {
  return selectRows(matrixRows(options.quick), options.scenario)
}

export async function runComparison (env: InfraEnv, runDir: string, options: CompareOptions): Promise<{ file: string, markdown: string }> {
  const rows = compareRows(options)
  const sqs = benchSqsClient(env.sqsEndpoint)
  const at = new Date().toISOString()
  // The machine is shared: the load when the run began says how much the figures can be trusted.
  const loadAtStart = loadavg()[0] ?? 0
  try {
    const { runs, settings } = await runMatrix({ env, sqs, runDir, log: options.log, settings: new Map() }, rows, candidates(options.systems), options.rounds)
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at start`
    const report = buildReport(rows, runs, settings, { at, quick: options.quick, rounds: options.rounds, machine })
    const dir = join(projectRoot, 'bench', 'results')
    await mkdir(dir, { recursive: true })
    const file = join(dir, `${at.replace(/[:.]/g, '-')}.json`)
    await writeFile(file, `${JSON.stringify({ at, machine, quick: options.quick, rounds: options.rounds, rows, settings, runs, summaries: report.summaries, targets: report.checks }, null, 2)}\n`)
    if (options.writeDocs) await writeDocs(join(projectRoot, 'docs', 'benchmarks.md'), join(projectRoot, 'docs', 'benchmarks.svg'), report)
    return { file, markdown: report.markdown }
  } finally {
    sqs.destroy()
  }
}
