/** The figures of one system on one row in one round, and their summary over rounds. */
import { percentile } from '../support.ts'

export type RunStatus = 'ok' | 'timeout' | 'failed' | 'unavailable'

export interface RunFigures {
  readonly row: string
  readonly system: string
  readonly round: number
  readonly status: RunStatus
  /** Why a run is not ok (an error message, "not in this checkout"). */
  readonly note?: string
  readonly sent: number
  readonly distinct: number
  readonly duplicates: number
  /** Messages neither in Kafka (or deleted, for the ceiling) nor still in the queue: gone. */
  readonly losses: number
  /** Of a run that timed out: messages not delivered yet but still in the queue (visible, in flight or delayed). */
  readonly stillQueued?: number
  /** Start of the system → its first message delivered (in Kafka, or deleted for the ceiling). */
  readonly startupSeconds?: number
  /** First message delivered → all delivered and the queue empty; the throughput window. */
  readonly drainSeconds?: number
  readonly messagesPerSecond?: number
  readonly mibPerSecond?: number
  /** CPU seconds of all the system's processes during the drain window, per 10,000 messages. */
  readonly cpuSecondsPer10k?: number
  /** CPU seconds from start to done, startup included. */
  readonly cpuSecondsTotal?: number
  readonly peakRssMb?: number
  readonly p50Ms?: number
  readonly p99Ms?: number
}

/** Throughput figures from counts and times; undefined when the window is empty. */
export function rates (messages: number, bodyBytes: number, drainSeconds: number, drainCpuSeconds: number): Pick<RunFigures, 'messagesPerSecond' | 'mibPerSecond' | 'cpuSecondsPer10k'> {
  if (!(drainSeconds > 0) || messages <= 0) return {}
  return {
    messagesPerSecond: round(messages / drainSeconds, 0),
    mibPerSecond: round((messages * bodyBytes) / (1024 * 1024) / drainSeconds, 2),
    cpuSecondsPer10k: round((drainCpuSeconds / messages) * 10_000, 2)
  }
}

/** Latency percentiles of a list of milliseconds. */
export function latencyFigures (latenciesMs: readonly number[]): Pick<RunFigures, 'p50Ms' | 'p99Ms'> {
  if (latenciesMs.length === 0) return {}
  const sorted = [...latenciesMs].sort((a, b) => a - b)
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) }
}

export function round (value: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.round(value * f) / f
}

/** One system on one row over all its rounds. */
export interface SystemSummary {
  readonly row: string
  readonly system: string
  readonly rounds: number
  /** ok when at least one round was; otherwise the last round's status and note. */
  readonly status: RunStatus
  readonly note?: string
  readonly messagesPerSecond?: number
  readonly mibPerSecond?: number
  readonly cpuSecondsPer10k?: number
  readonly peakRssMb?: number
  readonly startupSeconds?: number
  readonly duplicates: number
  readonly losses: number
  readonly stillQueued: number
  readonly p50Ms?: number
  readonly p99Ms?: number
}

const mean = (values: readonly number[]): number | undefined => values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length

/** Means over the ok rounds (throughput, CPU, latency), the highest peak RSS, and duplicates, losses and messages still queued of all rounds. */
export function summarise (runs: readonly RunFigures[]): SystemSummary[] {
  const groups = new Map<string, RunFigures[]>()
  for (const run of runs) groups.set(`${run.row}\u0000${run.system}`, [...(groups.get(`${run.row}\u0000${run.system}`) ?? []), run])
  return [...groups.values()].map((group) => {
    const first = group[0]!
    const ok = group.filter((r) => r.status === 'ok')
    const pick = (f: (r: RunFigures) => number | undefined, decimals: number): number | undefined => {
      const m = mean(ok.map(f).filter((v): v is number => v !== undefined))
      return m === undefined ? undefined : round(m, decimals)
    }
    const rss = ok.map((r) => r.peakRssMb).filter((v): v is number => v !== undefined)
    const last = group[group.length - 1]!
    const failed = ok.length === 0
    return dropUndefined<SystemSummary>({
      row: first.row,
      system: first.system,
      rounds: group.length,
      status: failed ? last.status : 'ok',
      note: failed ? last.note : group.find((r) => r.status !== 'ok')?.note,
      messagesPerSecond: pick((r) => r.messagesPerSecond, 0),
      mibPerSecond: pick((r) => r.mibPerSecond, 2),
      cpuSecondsPer10k: pick((r) => r.cpuSecondsPer10k, 2),
      peakRssMb: rss.length === 0 ? undefined : Math.max(...rss),
      startupSeconds: pick((r) => r.startupSeconds, 2),
      duplicates: group.reduce((a, r) => a + r.duplicates, 0),
      losses: group.reduce((a, r) => a + r.losses, 0),
      stillQueued: group.reduce((a, r) => a + (r.stillQueued ?? 0), 0),
      p50Ms: pick((r) => r.p50Ms, 0),
      p99Ms: pick((r) => r.p99Ms, 0)
    })
  })
}

type Loose<T> = { [K in keyof T]: T[K] | undefined }

function dropUndefined<T extends object> (value: Loose<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
