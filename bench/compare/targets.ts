/**
 * Issue 8's targets, checked per row against the summaries of one run: benchmark verdicts (PASS/FAIL/n/a), printed
 * and written to docs/benchmarks.md, never a test failure. OURS is the system the targets are about.
 */
import { round, type SystemSummary } from './figures.ts'
import type { MatrixRow } from './matrix.ts'

export const OURS = 'sqs-connect'
export const CEILING = 'ceiling'

export type Verdict = 'PASS' | 'FAIL' | 'n/a'

export interface TargetCheck {
  readonly row: string
  readonly target: string
  /** The measured comparison, e.g. "0.93 × (4120 vs 4430 msg/s)". */
  readonly measured: string
  readonly verdict: Verdict
}

/** ours / other for one figure; undefined when either is missing or the other is 0. */
export function ratio (ours: number | undefined, other: number | undefined): number | undefined {
  return ours === undefined || other === undefined || other === 0 ? undefined : round(ours / other, 2)
}

export function checkTargets (rows: readonly MatrixRow[], summaries: readonly SystemSummary[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const row of rows) {
    // A peer that timed out is compared at the rate it reached within the window; ours must have finished.
    const of = (system: string): SystemSummary | undefined => summaries.find((s) => s.row === row.id && s.system === system && (s.status === 'ok' || (s.status === 'timeout' && system !== OURS)))
    const ours = of(OURS)
    const add = (target: string, measured: string, pass: boolean | undefined): void => {
      checks.push({ row: row.id, target, measured: pass === undefined ? `${measured} (not measured)` : measured, verdict: pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL' })
    }
    if (row.kind === 'drain') {
      const throughput = (system: string, factor: number): void => {
        const r = ratio(ours?.messagesPerSecond, of(system)?.messagesPerSecond)
        add(`throughput ≥ ${factor} × ${system}`, r === undefined ? '-' : `${r} × (${ours?.messagesPerSecond} vs ${of(system)?.messagesPerSecond} msg/s)`, r === undefined ? undefined : r >= factor)
      }
      throughput(CEILING, 0.9)
      throughput('camel', 2)
      throughput('bento', 1)
      const cpu = ratio(ours?.cpuSecondsPer10k, of('camel')?.cpuSecondsPer10k)
      add('CPU per message ≤ 0.5 × camel', cpu === undefined ? '-' : `${cpu} × (${ours?.cpuSecondsPer10k} vs ${of('camel')?.cpuSecondsPer10k} CPU-s/10k)`, cpu === undefined ? undefined : cpu <= 0.5)
      if (row.tasks === 8 && row.bodyBytes === 64 * 1024) {
        add('peak RSS ≤ 150 MB', ours?.peakRssMb === undefined ? '-' : `${ours.peakRssMb} MB`, ours?.peakRssMb === undefined ? undefined : ours.peakRssMb <= 150)
      }
    } else {
      const ceilingP99 = of(CEILING)?.p99Ms
      const measured = ours?.p99Ms === undefined || ceilingP99 === undefined ? '-' : `${ours.p99Ms} ms vs ${ceilingP99} + 50 ms`
      add('p99 latency ≤ ceiling p99 + 50 ms', measured, ours?.p99Ms === undefined || ceilingP99 === undefined ? undefined : ours.p99Ms <= ceilingP99 + 50)
    }
    const all = summaries.find((s) => s.row === row.id && s.system === OURS)
    add('no message lost', all === undefined ? '-' : `${all.losses} lost, ${all.duplicates} duplicates`, all === undefined || all.status !== 'ok' ? undefined : all.losses === 0)
  }
  return checks
}
