/**
 * Runs every selected row for every selected system on the same servers, in rounds; the system order alternates
 * from one row/round to the next, so warm-up and a busy neighbour do not always favour the same system.
 * A system that is missing or cannot be provisioned gives 'unavailable' rows instead of ending the run.
 */
import type { BenchSystem } from '../systems/system.ts'
import type { RunFigures } from './figures.ts'
import type { MatrixRow } from './matrix.ts'
import { measureDrain, measureLatency, type MeasureContext } from './measure.ts'

export interface Candidate {
  readonly name: string
  /** Undefined: not in this checkout's bench/systems/index.ts. */
  readonly system?: BenchSystem
}

export interface MatrixRun {
  readonly runs: RunFigures[]
  readonly settings: Record<string, Readonly<Record<string, string>>>
}

function unavailable (row: MatrixRow, name: string, roundNo: number, note: string): RunFigures {
  return { row: row.id, system: name, round: roundNo, status: 'unavailable', note, sent: 0, distinct: 0, duplicates: 0, losses: 0 }
}

/** Provisions each system once; returns the reason for each one that cannot run. */
async function provisionAll (candidates: readonly Candidate[], log: (line: string) => void): Promise<Map<string, string>> {
  const problems = new Map<string, string>()
  for (const c of candidates) {
    if (c.system === undefined) {
      problems.set(c.name, 'not in this checkout (bench/systems/index.ts)')
      continue
    }
    const began = Date.now()
    try {
      await c.system.provision()
      log(`${c.name}: provisioned in ${Date.now() - began} ms`)
    } catch (error) {
      problems.set(c.name, `provision failed: ${error instanceof Error ? error.message : String(error)}`)
      log(`${c.name}: ${problems.get(c.name) ?? ''}`)
    }
  }
  return problems
}

export async function runMatrix (ctx: MeasureContext, rows: readonly MatrixRow[], candidates: readonly Candidate[], rounds: number): Promise<MatrixRun> {
  const problems = await provisionAll(candidates, ctx.log)
  const runs: RunFigures[] = []
  const settings: Record<string, Readonly<Record<string, string>>> = {}
  for (const [r, row] of rows.entries()) {
    for (let roundNo = 1; roundNo <= rounds; roundNo++) {
      const order = (r + roundNo) % 2 === 1 ? [...candidates] : [...candidates].reverse()
      for (const candidate of order) {
        const problem = problems.get(candidate.name)
        if (problem !== undefined || candidate.system === undefined) {
          runs.push(unavailable(row, candidate.name, roundNo, problem ?? 'not available'))
          continue
        }
        ctx.log(`${row.id} round ${roundNo}: ${candidate.name}`)
        const began = Date.now()
        let figures: RunFigures
        try {
          figures = row.kind === 'drain' ? await measureDrain(ctx, candidate.system, row, roundNo) : await measureLatency(ctx, candidate.system, row, roundNo)
        } catch (error) {
          figures = { ...unavailable(row, candidate.name, roundNo, error instanceof Error ? error.message : String(error)), status: 'failed' }
        }
        runs.push(figures)
        ctx.log(`  ${figures.status}${figures.note === undefined ? '' : ` (${figures.note})`}: ${describe(figures)} [${Math.round((Date.now() - began) / 1000)} s]`)
      }
    }
  }
  for (const [name, values] of ctx.settings) settings[name] = values
  return { runs, settings }
}

function describe (f: RunFigures): string {
  const parts = [
    f.messagesPerSecond === undefined ? undefined : `${f.messagesPerSecond} msg/s`,
    f.p50Ms === undefined ? undefined : `p50 ${f.p50Ms} ms, p99 ${f.p99Ms ?? '?'} ms`,
    f.cpuSecondsPer10k === undefined ? undefined : `${f.cpuSecondsPer10k} CPU-s/10k`,
    f.peakRssMb === undefined ? undefined : `${f.peakRssMb} MB RSS`,
    `${f.distinct}/${f.sent} distinct, ${f.duplicates} dup, ${f.losses} lost${f.stillQueued === undefined ? '' : `, ${f.stillQueued} still in SQS`}`
  ]
  return parts.filter((p) => p !== undefined).join(', ')
}
