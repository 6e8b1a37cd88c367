/**
 * The cases of the reliability suite, in two sizes: `ci` (short windows, about three minutes in all, for CI)
 * and `full` (longer windows, more kills, every SQS fault; on demand).
 */
import type { CaseContext, StreamCase } from './stream-case.ts'
import type { FaultWindow } from './outcome.ts'
import { queueCounts } from '../integration/support/sqs.ts'

export type Slice = 'ci' | 'full'

/** The largest SQS message (1 MiB); ElasticMQ's strict limits count it in characters, the bodies here are ASCII. */
export const MAX_SQS_BODY = 1024 * 1024

interface Sizes {
  readonly kills: number
  readonly killEveryMs: number
  readonly brokerKills: number
  readonly brokerDownMs: number
  /** broker-outage-long: one kill, the broker kept down this long (several visibility timeouts). */
  readonly longOutageMs: number
  readonly sqsFaultMs: number
  readonly slowKafkaMs: number
  readonly warmupMs: number
  readonly tailMs: number
  /** The steady send rate, messages/s. */
  readonly ratePerS: number
}

const SIZES: Record<Slice, Sizes> = {
  ci: { kills: 2, killEveryMs: 3000, brokerKills: 1, brokerDownMs: 3000, longOutageMs: 30_000, sqsFaultMs: 4000, slowKafkaMs: 4000, warmupMs: 2000, tailMs: 2000, ratePerS: 50 },
  full: { kills: 5, killEveryMs: 5000, brokerKills: 2, brokerDownMs: 10_000, longOutageMs: 30_000, sqsFaultMs: 15_000, slowKafkaMs: 15_000, warmupMs: 5000, tailMs: 5000, ratePerS: 100 }
}

/** kill -9 of the worker `kills` times, each restart one second later with the same files. */
async function killAndRestart (ctx: CaseContext, kills: number, everyMs: number): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = []
  const inFlight: number[] = []
  for (let k = 1; k <= kills; k++) {
    // Each life moves messages before it dies: kills of a worker still starting up would prove less.
    if (k > 1) await ctx.waitForNewRecords(`records from the worker restarted after kill ${k - 1}`)
    if (k > 1) await ctx.sleep(everyMs)
    windows.push(await ctx.hold(`kill ${k}`, 1000, async () => {
      const run = await ctx.worker.kill()
      if (run.signal !== 'SIGKILL') throw new Error(`kill ${k}: the worker ended with ${run.code ?? run.signal ?? '?'}, not by SIGKILL`)
      // Read at once, before the visibility timeout: what the dead worker had received and not deleted.
      inFlight.push((await queueCounts(ctx.sqs, ctx.queueUrl)).inFlight)
    }, async () => { await ctx.worker.start() }))
  }
  ctx.notes.kills = kills
  ctx.notes.inFlightAtKills = inFlight
  return windows
}

/** The broker killed (SIGKILL) and restarted on the same ports and data dir; the window ends when it is ready again. */
async function brokerKills (ctx: CaseContext, kills: number, downMs: number, everyMs: number): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = []
  const restartMs: number[] = []
  for (let k = 1; k <= kills; k++) {
    if (k > 1) await ctx.waitForNewRecords(`records after broker restart ${k - 1}`)
    if (k > 1) await ctx.sleep(everyMs)
    windows.push(await ctx.hold(`broker kill ${k}`, downMs, async () => { await ctx.rig.infra.kafka.kill() }, async () => {
      const began = Date.now()
      await ctx.rig.restartBroker()
      restartMs.push(Date.now() - began)
    }))
  }
  ctx.notes.brokerRestartMs = restartMs
  return windows
}

/** One toxic on the worker's SQS path for `ms`. */
function sqsToxic (ms: number, name: string, type: 'latency' | 'reset_peer' | 'timeout', stream: 'upstream' | 'downstream', attributes: Record<string, number>) {
  return async (ctx: CaseContext): Promise<FaultWindow[]> => [await ctx.hold(name, ms,
    async () => { await ctx.rig.sqsProxy.addToxic({ name, type, stream, attributes }) },
    async () => { await ctx.rig.sqsProxy.removeToxic(name) })]
}

export function casesFor (slice: Slice): StreamCase[] {
  const s = SIZES[slice]
  // Drains take seconds on an idle machine; a loaded one drains slowly, so the limit is on a drain that stops progressing.
  const common = { ratePerS: s.ratePerS, bodyBytes: 512, tasks: 2, visibilityS: 5, warmupMs: s.warmupMs, tailMs: s.tailMs, drainTimeoutMs: 180_000 }
  const sqsCase = (id: string, fault: string, inject: StreamCase['inject']): StreamCase => ({ ...common, id, fault, sqsViaProxy: true, inject })
  const cases: StreamCase[] = [
    {
      ...common, id: 'worker-kill', fault: `kill -9 of the worker ×${s.kills}, restarted 1 s later`,
      inject: async (ctx) => await killAndRestart(ctx, s.kills, s.killEveryMs)
    },
    {
      ...common, id: 'worker-kill-eos', exactlyOnce: true, fault: `kill -9 ×${Math.max(1, s.kills - 1)} with exactly.once.source.support=enabled (read_committed)`,
      inject: async (ctx) => await killAndRestart(ctx, Math.max(1, s.kills - 1), s.killEveryMs)
    },
    {
      ...common, id: 'broker-kill', fault: `kill -9 of the Kafka broker ×${s.brokerKills}, down ${s.brokerDownMs / 1000} s, restarted`,
      inject: async (ctx) => await brokerKills(ctx, s.brokerKills, s.brokerDownMs, s.killEveryMs)
    },
    {
      ...common, id: 'broker-outage-long', fault: `kill -9 of the Kafka broker ×1, down ${s.longOutageMs / 1000} s (${s.longOutageMs / 5000}× the visibility timeout), restarted`,
      inject: async (ctx) => await brokerKills(ctx, 1, s.longOutageMs, 0)
    },
    sqsCase('sqs-latency', `SQS latency 1000 ± 250 ms for ${s.sqsFaultMs / 1000} s`, sqsToxic(s.sqsFaultMs, 'latency', 'latency', 'downstream', { latency: 1000, jitter: 250 })),
    sqsCase('sqs-reset', `SQS connections reset (reset_peer) for ${s.sqsFaultMs / 1000} s`, sqsToxic(s.sqsFaultMs, 'reset', 'reset_peer', 'upstream', { timeout: 0 })),
    sqsCase('sqs-timeout', `SQS connections cut after 1 s (timeout 1000) for ${s.sqsFaultMs / 1000} s`, sqsToxic(s.sqsFaultMs, 'cut', 'timeout', 'upstream', { timeout: 1000 })),
    sqsCase('sqs-blackhole', `SQS blackhole (timeout 0: data dropped, connections held) for ${s.sqsFaultMs / 1000} s`,
      sqsToxic(s.sqsFaultMs, 'blackhole', 'timeout', 'upstream', { timeout: 0 })),
    sqsCase('sqs-down', `SQS proxy disabled (connections refused) for ${s.sqsFaultMs / 1000} s`, async (ctx) => [await ctx.hold('down', s.sqsFaultMs,
      async () => { await ctx.rig.sqsProxy.setEnabled(false) }, async () => { await ctx.rig.sqsProxy.setEnabled(true) })]),
    {
      ...common, id: 'slow-kafka', kafkaViaProxy: true, fault: `Kafka 300 ms latency + 32 KB/s upstream bandwidth for ${s.slowKafkaMs / 1000} s`,
      inject: async (ctx) => [await ctx.hold('slow kafka', s.slowKafkaMs, async () => {
        await ctx.rig.kafkaProxy.addToxic({ name: 'latency', type: 'latency', stream: 'downstream', attributes: { latency: 300, jitter: 50 } })
        await ctx.rig.kafkaProxy.addToxic({ name: 'bandwidth', type: 'bandwidth', stream: 'upstream', attributes: { rate: 32 } })
      }, async () => {
        await ctx.rig.kafkaProxy.removeToxic('bandwidth')
        await ctx.rig.kafkaProxy.removeToxic('latency')
      })]
    },
    {
      ...common, id: 'max-bodies', ratePerS: slice === 'ci' ? 2 : 4, bodyBytes: MAX_SQS_BODY, tasks: 1, visibilityS: 10, checkBodies: true,
      topicConfigs: { 'max.message.bytes': String(2 * MAX_SQS_BODY) }, warmupMs: s.warmupMs * 2,
      fault: '1 MiB bodies (the SQS maximum), kill -9 of the worker ×1',
      inject: async (ctx) => await killAndRestart(ctx, 1, 0)
    }
  ]
  return slice === 'ci' ? cases.filter((c) => CI_CASES.includes(c.id)) : cases
}

/** The CI slice: one case per kind of fault, the cheapest SQS ones. */
const CI_CASES = ['worker-kill', 'worker-kill-eos', 'broker-kill', 'sqs-reset', 'sqs-blackhole', 'slow-kafka', 'max-bodies']
