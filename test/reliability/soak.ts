/**
 * Soak mode: a steady stream with no faults for `minutes`, the worker's RSS and V8 heap sampled every 10 s
 * (by the probe preloaded into it), and how much they grew once warmed up.
 */
import type { StreamCase } from './stream-case.ts'
import type { MemorySample } from './worker-process.ts'

export function soakCase (minutes: number, ratePerS: number): StreamCase {
  return {
    id: 'soak', fault: `none: ${minutes} min at ${ratePerS} msg/s`, faultFree: true,
    ratePerS, bodyBytes: 512, tasks: 2, visibilityS: 30, warmupMs: 0, tailMs: 0, drainTimeoutMs: 300_000,
    sampleEveryMs: 2000, memorySampleMs: 10_000,
    inject: async (ctx) => {
      const until = Date.now() + minutes * 60_000
      while (Date.now() < until) {
        await ctx.sleep(Math.min(60_000, until - Date.now()))
        ctx.log(`soak: ${Math.round((until - Date.now()) / 60_000)} min left`)
      }
      return []
    }
  }
}

export interface MemoryGrowth {
  readonly samples: number
  /** Skipped at the start: startup and JIT warm-up. */
  readonly warmupS: number
  readonly rssStartMb: number
  readonly rssEndMb: number
  readonly rssPeakMb: number
  readonly heapStartMb: number
  readonly heapEndMb: number
  /** Least-squares slopes over the samples after warm-up. */
  readonly rssMbPerHour: number
  readonly heapMbPerHour: number
}

const MB = 1024 * 1024

function slopePerHour (points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length
  if (n < 2) return 0
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  return sxx === 0 ? 0 : (sxy / sxx) * 3_600_000
}

/** Growth after the first `warmupS` seconds; start and end are the mean of three samples each. */
export function memoryGrowth (samples: readonly MemorySample[], warmupS = 120): MemoryGrowth | undefined {
  const t0 = samples[0]?.t
  if (t0 === undefined) return undefined
  const settled = samples.filter((s) => s.t - t0 >= warmupS * 1000)
  const used = settled.length >= 6 ? settled : samples
  const mean = (xs: readonly MemorySample[], f: (s: MemorySample) => number): number => xs.reduce((sum, s) => sum + f(s), 0) / Math.max(1, xs.length) / MB
  const round = (x: number): number => Math.round(x * 10) / 10
  return {
    samples: samples.length,
    warmupS: used === settled ? warmupS : 0,
    rssStartMb: round(mean(used.slice(0, 3), (s) => s.rss)),
    rssEndMb: round(mean(used.slice(-3), (s) => s.rss)),
    rssPeakMb: round(Math.max(...samples.map((s) => s.rss)) / MB),
    heapStartMb: round(mean(used.slice(0, 3), (s) => s.heapUsed)),
    heapEndMb: round(mean(used.slice(-3), (s) => s.heapUsed)),
    rssMbPerHour: round(slopePerHour(used.map((s) => [s.t, s.rss / MB] as const))),
    heapMbPerHour: round(slopePerHour(used.map((s) => [s.t, s.heapUsed / MB] as const)))
  }
}
