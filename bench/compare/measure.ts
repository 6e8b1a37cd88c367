/**
 * One system on one row: a drain (prefilled queue, timed until every message is delivered and the queue is empty)
 * or a latency run (a fixed send rate into a running system). CPU and RSS come from /proc of the system's processes.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { SQSClient } from '@aws-sdk/client-sqs'
import type { InfraEnv } from '../../infra/index.ts'
import { createTopic } from '../support.ts'
import { reportsOwnDeliveries } from '../systems/deliveries.ts'
import type { BenchSystem, RunningSystem } from '../systems/system.ts'
import { latencyFigures, rates, round, type RunFigures } from './figures.ts'
import { tailTopic } from './kafka-tail.ts'
import type { DrainRow, LatencyRow } from './matrix.ts'
import { UsageSampler } from './proc-stats.ts'
import { createBenchQueue, deleteBenchQueue, messagesLeft, prefill, sendSteadily } from './queues.ts'
import { Tally } from './tally.ts'
import { CEILING } from './targets.ts'

export interface MeasureContext {
  readonly env: InfraEnv
  readonly sqs: SQSClient
  /** This run's folder; each measurement gets a subfolder. */
  readonly runDir: string
  readonly log: (line: string) => void
  /** Each system's settings as its last run reported them (with its tasks.max of that run). */
  readonly settings: Map<string, Readonly<Record<string, string>>>
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `body` with a started system and its observers; always stops the system, the observers and the queue. */
async function withSystem<T> (ctx: MeasureContext, system: BenchSystem, spec: { rowId: string, round: number, fifo: boolean, tasks: number, expected: number },
  prepare: (queueUrl: string) => Promise<void>,
  body: (s: { running: RunningSystem, tally: Tally, queueUrl: string, sampler: UsageSampler, startedAt: number }) => Promise<T>): Promise<T> {
  const runDir = join(ctx.runDir, `${spec.rowId}-r${spec.round}-${system.name}`)
  await mkdir(runDir, { recursive: true })
  const queueUrl = await createBenchQueue(ctx.sqs, `bench-${system.name}`, spec.fifo)
  const isCeiling = system.name === CEILING
  const topic = isCeiling ? '' : await createTopic(ctx.env.kafkaBootstrap, `bench-${system.name}`, spec.tasks)
  const tally = new Tally(spec.expected)
  let running: RunningSystem | undefined
  let sampler: UsageSampler | undefined
  const tail = isCeiling ? undefined : tailTopic(ctx.env.kafkaBootstrap, topic, tally)
  try {
    await prepare(queueUrl)
    const startedAt = Date.now()
    running = await system.start({ kafkaBootstrap: ctx.env.kafkaBootstrap, sqsEndpoint: ctx.env.sqsEndpoint, queueUrl, topic, fifo: spec.fifo, tasks: spec.tasks, runDir })
    const r = running
    ctx.settings.set(system.name, running.settings)
    sampler = new UsageSampler(() => r.pids())
    if (reportsOwnDeliveries(running)) running.onDelivery((d) => tally.add(d, d.atMs))
    return await body({ running, tally, queueUrl, sampler, startedAt })
  } finally {
    sampler?.stop()
    await running?.stop().catch((error: unknown) => ctx.log(`${system.name} did not stop cleanly: ${String(error)}`))
    await tail?.stop().catch((error: unknown) => ctx.log(`reading ${topic} failed: ${String(error)}`))
    await deleteBenchQueue(ctx.sqs, queueUrl)
  }
}

/** Resolves true when `count` distinct messages arrived and the queue is empty, false at the deadline. */
async function drained (ctx: MeasureContext, tally: Tally, queueUrl: string, count: number, deadline: number): Promise<boolean> {
  const timeout = sleep(Math.max(0, deadline - Date.now())).then(() => false)
  if (!await Promise.race([tally.reach(count).then(() => true), timeout])) return false
  while (Date.now() < deadline) {
    if (await messagesLeft(ctx.sqs, queueUrl) === 0) return true
    await sleep(50)
  }
  return false
}

/**
 * How long a drain may take: a system slower than about 1/6 of what sqs-connect does on this machine times out, and its
 * row then shows the rate it reached over the window (status timeout), so one slow peer cannot hold the run for an hour.
 */
const budgetMs = (messages: number): number => 60_000 + messages * 6

/**
 * Of a run that did not finish: how many missing messages are gone for good and how many still wait in the queue.
 * Missing is counted before and after the queue is read and the smaller count kept, so a message that moves from the
 * queue into Kafka between the reads is not taken for lost.
 */
async function undelivered (ctx: MeasureContext, tally: Tally, queueUrl: string, from?: number, to?: number): Promise<Pick<RunFigures, 'losses' | 'stillQueued'>> {
  const before = tally.missing(from, to)
  const left = await messagesLeft(ctx.sqs, queueUrl).catch(() => 0)
  const missing = Math.min(before, tally.missing(from, to))
  return { losses: Math.max(0, missing - left), stillQueued: Math.min(missing, left) }
}

export async function measureDrain (ctx: MeasureContext, system: BenchSystem, row: DrainRow, roundNo: number): Promise<RunFigures> {
  return await withSystem(ctx, system, { rowId: row.id, round: roundNo, fifo: row.fifo, tasks: row.tasks, expected: row.messages },
    async (queueUrl) => {
      const began = Date.now()
      await prefill(ctx.sqs, queueUrl, { bodyBytes: row.bodyBytes, fifo: row.fifo, groups: row.groups }, row.messages)
      ctx.log(`  prefilled ${row.messages} messages in ${Date.now() - began} ms`)
    },
    async ({ tally, queueUrl, sampler, startedAt }) => {
      let cpuAtFirst: number | undefined
      const watchFirst = setInterval(() => { if (tally.firstAt !== undefined && cpuAtFirst === undefined) cpuAtFirst = sampler.sample().cpuSeconds }, 20)
      const ok = await drained(ctx, tally, queueUrl, row.messages, startedAt + budgetMs(row.messages))
      const doneAt = Date.now()
      clearInterval(watchFirst)
      const usage = sampler.sample()
      const firstAt = tally.firstAt ?? doneAt
      const drainSeconds = (doneAt - firstAt) / 1000
      return {
        row: row.id,
        system: system.name,
        round: roundNo,
        status: ok ? 'ok' : 'timeout',
        ...(ok ? {} : { note: `${tally.distinct} of ${row.messages} delivered within ${budgetMs(row.messages) / 1000} s` }),
        sent: row.messages,
        distinct: tally.distinct,
        duplicates: tally.duplicates,
        ...(ok ? { losses: tally.missing() } : await undelivered(ctx, tally, queueUrl)),
        startupSeconds: round((firstAt - startedAt) / 1000, 2),
        drainSeconds: round(drainSeconds, 2),
        ...rates(ok ? row.messages : tally.distinct, row.bodyBytes, drainSeconds, usage.cpuSeconds - (cpuAtFirst ?? 0)),
        cpuSecondsTotal: round(usage.cpuSeconds, 2),
        peakRssMb: round(usage.peakRssBytes / (1024 * 1024), 1)
      }
    })
}

/** Warm-up messages sent (and awaited) before the measured ones; they prove the system is up. */
const WARM_UP = 20

export async function measureLatency (ctx: MeasureContext, system: BenchSystem, row: LatencyRow, roundNo: number): Promise<RunFigures> {
  const measured = Math.round(row.perSecond * row.seconds)
  const shape = { bodyBytes: row.bodyBytes, fifo: false, groups: 0 }
  return await withSystem(ctx, system, { rowId: row.id, round: roundNo, fifo: false, tasks: row.tasks, expected: WARM_UP + measured }, async () => {},
    async ({ tally, queueUrl, sampler }) => {
      await prefill(ctx.sqs, queueUrl, shape, WARM_UP, 2)
      const upBy = Date.now() + 120_000
      if (!await drained(ctx, tally, queueUrl, WARM_UP, upBy)) {
        return { row: row.id, system: system.name, round: roundNo, status: 'timeout', note: `warm-up: ${tally.distinct} of ${WARM_UP} delivered in 120 s`, sent: WARM_UP, distinct: tally.distinct, duplicates: tally.duplicates, ...await undelivered(ctx, tally, queueUrl, 0, WARM_UP) }
      }
      tally.measureLatencyFrom(WARM_UP)
      const cpuBefore = sampler.sample().cpuSeconds
      await sendSteadily(ctx.sqs, queueUrl, shape, WARM_UP, row.perSecond, row.seconds)
      const ok = await drained(ctx, tally, queueUrl, WARM_UP + measured, Date.now() + 30_000)
      const usage = sampler.sample()
      return {
        row: row.id,
        system: system.name,
        round: roundNo,
        status: ok ? 'ok' : 'timeout',
        ...(ok ? {} : { note: `${tally.distinct - WARM_UP} of ${measured} delivered within 30 s after the last send` }),
        sent: WARM_UP + measured,
        distinct: tally.distinct,
        duplicates: tally.duplicates,
        ...(ok ? { losses: tally.missing() } : await undelivered(ctx, tally, queueUrl)),
        cpuSecondsPer10k: round(((usage.cpuSeconds - cpuBefore) / measured) * 10_000, 2),
        cpuSecondsTotal: round(usage.cpuSeconds, 2),
        peakRssMb: round(usage.peakRssBytes / (1024 * 1024), 1),
        ...latencyFigures(tally.latencies)
      }
    })
}
