/**
 * One reliability case: a steady stream into SQS, the real worker (a child process) moving it into Kafka, a
 * fault injected mid-stream, then the stream stops, the queue drains and every record is read back. The case
 * fails when a sent message is not in Kafka (or, in exactly-once mode, is there twice), when a body came out
 * different, or when the worker did not survive or stop cleanly.
 */
import type { SQSClient } from '@aws-sdk/client-sqs'
import { CommittedLogReader } from '../../src/kafka/committed-log-reader.ts'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { readAllRecords } from '../integration/support/delivery.ts'
import { createTopic, waitFor } from '../integration/support/kafka.ts'
import { createQueue, messagesInQueue, sqsClient } from '../integration/support/sqs.ts'
import { sqsConnector } from '../integration/support/worker.ts'
import { outcomeOf, type FaultWindow, type Outcome } from './outcome.ts'
import { ProgressSampler } from './progress.ts'
import type { Rig } from './rig.ts'
import { SteadyTraffic } from './traffic.ts'
import { WorkerUnderTest, type MemorySample } from './worker-process.ts'

/** How long records may take to flow (again): generous, for a loaded machine; a healthy run needs seconds. */
const FLOW_TIMEOUT_MS = 180_000

export interface CaseContext {
  readonly rig: Rig
  readonly worker: WorkerUnderTest
  readonly sqs: SQSClient
  readonly queueUrl: string
  /** Figures the case wants in its report (kill counts, broker restart times...). */
  readonly notes: Record<string, unknown>
  /** Waits, checking every 200 ms that the worker (when running) has not died by itself. */
  sleep (ms: number): Promise<void>
  /** Resolves once records were written after this call (the worker is moving messages again). */
  waitForNewRecords (what: string): Promise<void>
  /** apply(), hold for `ms`, lift(): the window runs from apply's end to lift's end. */
  hold (label: string, ms: number, apply: () => Promise<void>, lift: () => Promise<void>): Promise<FaultWindow>
  log (line: string): void
}

export interface StreamCase {
  readonly id: string
  /** What the fault is, for the results table. */
  readonly fault: string
  readonly ratePerS: number
  readonly bodyBytes: number
  readonly tasks: number
  readonly visibilityS: number
  readonly sqsViaProxy?: boolean
  readonly kafkaViaProxy?: boolean
  readonly exactlyOnce?: boolean
  readonly checkBodies?: boolean
  /** Topic settings, e.g. max.message.bytes for large records. */
  readonly topicConfigs?: Record<string, string>
  readonly warmupMs: number
  readonly tailMs: number
  /** The drain fails when the queue has not shrunk for this long (a loaded machine drains slowly, but it drains). */
  readonly drainTimeoutMs: number
  readonly sampleEveryMs?: number
  readonly memorySampleMs?: number
  /** A run without faults (the soak); every other case must inject at least one. */
  readonly faultFree?: boolean
  /** Injects the faults mid-stream; returns their windows. */
  inject (ctx: CaseContext): Promise<FaultWindow[]>
}

export interface CaseResult {
  readonly id: string
  readonly fault: string
  readonly ok: boolean
  readonly failures: readonly string[]
  readonly outcome: Outcome | undefined
  readonly notes: Record<string, unknown>
  readonly peakRssBytes: number
  readonly memory: readonly MemorySample[]
  readonly elapsedMs: number
}

export async function runStreamCase (rig: Rig, c: StreamCase, log: (line: string) => void): Promise<CaseResult> {
  const began = Date.now()
  const direct = rig.infra.env.kafkaBootstrap
  const sqs = sqsClient(rig.infra.env.sqsEndpoint)
  const failures: string[] = []
  const notes: Record<string, unknown> = {}
  const queueUrl = await createQueue(sqs, c.id, { visibilityTimeout: c.visibilityS })
  const topic = await createTopic(direct, c.id, c.tasks > 1 ? 2 : 1, c.topicConfigs ?? {})
  const worker = new WorkerUnderTest({
    workerProps: {
      'bootstrap.servers': c.kafkaViaProxy === true ? rig.kafkaProxy.listen : direct,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': '/tmp/unused.offsets',
      ...(c.exactlyOnce === true ? { 'exactly.once.source.support': 'enabled' } : {})
    },
    connectorProps: sqsConnector(c.id, queueUrl, topic, {
      'tasks.max': String(c.tasks),
      // Short polls through the SQS proxy, so a fault shows within a second (and a blackholed poll ends at its 16 s request timeout).
      ...(c.sqsViaProxy === true ? { 'sqs.endpoint.url': rig.sqsProxy.url, 'sqs.waittime.seconds': '1' } : {})
    }),
    ...(c.memorySampleMs === undefined ? {} : { memorySampleMs: c.memorySampleMs })
  })
  const traffic = new SteadyTraffic(sqs, queueUrl, { ratePerS: c.ratePerS, bodyBytes: c.bodyBytes, label: c.id })
  const progress = new ProgressSampler(direct, topic, c.sampleEveryMs ?? 250)
  const sleep = async (ms: number): Promise<void> => {
    const until = Date.now() + ms
    while (Date.now() < until) {
      worker.assertAlive()
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, until - Date.now())))
    }
  }
  const ctx: CaseContext = {
    rig, worker, sqs, queueUrl, notes, sleep, log,
    waitForNewRecords: async (what) => {
      const before = progress.latest?.total ?? 0n
      await waitFor(what, async () => { worker.assertAlive(); return (progress.latest?.total ?? 0n) > before }, FLOW_TIMEOUT_MS, 100)
    },
    hold: async (label, ms, apply, lift) => {
      await apply()
      const from = Date.now()
      await sleep(ms)
      await lift()
      return { label, from, to: Date.now() }
    }
  }
  let windows: FaultWindow[] = []
  let records: ReadRecord[] = []
  try {
    progress.start()
    await worker.start()
    traffic.start()
    await ctx.waitForNewRecords('the first record in Kafka')
    await sleep(c.warmupMs)
    windows = await c.inject(ctx)
    await sleep(c.tailMs)
    await traffic.stop()
    const drainBegan = Date.now()
    await waitForDrain(sqs, queueUrl, c.drainTimeoutMs, () => { worker.assertAlive() })
    notes.drainMs = Date.now() - drainBegan
    await new Promise((resolve) => setTimeout(resolve, 2 * (c.sampleEveryMs ?? 250)))
    const exit = await worker.stop()
    if (exit?.code !== 0) failures.push(`the worker did not stop cleanly (${exit?.code ?? exit?.signal ?? '?'}): ${exit?.stderr.slice(-1000) ?? ''}`)
  } catch (error) {
    failures.push(`${(error as Error).message}\n${worker.output().slice(-2000)}`)
    // Messages not in Kafka may still wait in SQS (not lost, not delivered yet): say how many.
    notes.leftInQueue = await messagesInQueue(sqs, queueUrl).catch(() => 'unknown')
  } finally {
    await traffic.stop().catch(() => {})
    await worker.stop().catch(() => {})
    await progress.stop()
    await rig.toxiproxy.reset().catch(() => {})
  }
  try {
    records = c.exactlyOnce === true ? await readCommitted(direct, topic) : await readAllRecords(direct, topic, 180_000)
  } catch (error) {
    failures.push(`could not read the topic back: ${(error as Error).message}`)
  }
  const outcome = outcomeOf({ label: c.id, bodyBytes: c.bodyBytes, checkBodies: c.checkBodies === true, sent: traffic.sent, records, samples: progress.samples, windows })
  notes.failedSends = traffic.failedSends
  if (outcome.lost.length > 0) failures.push(`${outcome.lost.length} sent messages are not in Kafka (first: ${outcome.lost.slice(0, 3).join(', ')})`)
  if (outcome.unexpected > 0) failures.push(`${outcome.unexpected} records for messages never sent`)
  if (outcome.badBodies > 0) failures.push(`${outcome.badBodies} records whose body differs from the one sent`)
  if (c.exactlyOnce === true && outcome.duplicates > 0) failures.push(`${outcome.duplicates} duplicates in exactly-once mode (read_committed)`)
  if (windows.length === 0 && failures.length === 0 && c.faultFree !== true) failures.push('no fault was injected')
  sqs.destroy()
  return { id: c.id, fault: c.fault, ok: failures.length === 0, failures, outcome, notes, peakRssBytes: worker.peakRss, memory: await worker.memorySamples(), elapsedMs: Date.now() - began }
}

/** The longest a drain may take even while it progresses. */
const DRAIN_CAP_MS = 30 * 60_000

/**
 * Waits until the queue is empty. Fails when it has not reached a new low for `stallMs`, or after DRAIN_CAP_MS:
 * a slow drain on a loaded machine passes, a stuck worker does not (and loss is judged from Kafka anyway).
 */
async function waitForDrain (sqs: SQSClient, queueUrl: string, stallMs: number, check: () => void): Promise<void> {
  const began = Date.now()
  let low = Number.POSITIVE_INFINITY
  let lowAt = began
  for (;;) {
    check()
    const left = await messagesInQueue(sqs, queueUrl)
    if (left === 0) return
    if (left < low) { low = left; lowAt = Date.now() }
    if (Date.now() - lowAt > stallMs) throw new Error(`the queue did not drain: ${left} messages left, none fewer for ${stallMs / 1000} s`)
    if (Date.now() - began > DRAIN_CAP_MS) throw new Error(`the queue did not drain within ${DRAIN_CAP_MS / 60_000} min: ${left} messages left`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Every committed record of a topic written in transactions (markers and aborted records left out). */
async function readCommitted (bootstrap: string, topic: string): Promise<ReadRecord[]> {
  const reader = new CommittedLogReader([bootstrap], 'reliability-check', topic)
  const records: ReadRecord[] = []
  try {
    await reader.catchUp((e) => records.push({ topic, partition: e.partition, offset: e.offset, timestamp: 0n, key: e.key, value: e.value, headers: [] }), 180_000)
  } finally {
    await reader.close()
  }
  return records
}
