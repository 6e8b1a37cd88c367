/**
 * The exactly-once crash loop: a real `sqs-connect standalone` with exactly.once.source.support=enabled is
 * killed with SIGKILL again and again, at named points of the produce/delete cycle (the env-gated test hook of
 * src/runtime/exactly-once/crash-points.ts) and at random moments from outside; then a clean run drains the
 * queue. The topic is read back by Kafka's own KafkaConsumer with isolation.level=read_committed (and by our
 * read_committed fetch loop, which must agree); every message must be
 * there exactly once, and each FIFO message group in send order.
 */
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { ensureMavenLib } from '../../../infra/maven.ts'
import { compiledJava } from './java-compile.ts'
import { CommittedLogReader } from '../../../src/kafka/committed-log-reader.ts'
import type { ReadRecord } from '../../../src/kafka/topic-reader.ts'
import { CRASH_POINTS } from '../../../src/runtime/exactly-once/crash-points.ts'
import { startStandalone, type CliProcess } from './cli.ts'
import { deliveryReport, type DeliveryReport } from './delivery.ts'
import { createTopic, keyPayload, waitFor } from './kafka.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './sqs.ts'
import { sqsConnector } from './worker.ts'
import { sharedServers } from './servers.ts'
import assert from 'node:assert/strict'

const run = promisify(execFile)

export interface CrashLoopOptions {
  readonly name: string
  readonly kafkaBootstrap: string
  readonly sqsEndpoint: string
  readonly count: number
  readonly crashes: number
  readonly tasks: number
  readonly fifoGroups?: number
  /** Messages a crashed worker held come back this soon. */
  readonly visibilityTimeoutS?: number
  /** Progress lines. */
  readonly log?: (line: string) => void
  /**
   * About how many messages a worker handles before it is killed, so that the kills spread over the whole run
   * (the full loop: count / crashes). Unset: each life is short (a hook at its 1st-12th hit, an outside kill
   * after 1-3 s), which suits the short slice in `npm test`.
   */
  readonly messagesPerLife?: number
}

export interface CrashLoopResult {
  readonly report: DeliveryReport
  /** How each life ended: a hook point, `external`, or `drained` when the queue emptied first. */
  readonly crashes: Record<string, number>
  readonly lives: number
  /** Records Apache Kafka's KafkaConsumer (read_committed) read; the report is made from these. */
  readonly javaRecords: number
  /** Records our own read_committed fetch loop (the marker reader's) read; must be the same records. */
  readonly fetchLoopRecords: number
  readonly readersAgree: boolean
  /** Log lines of the workers saying messages already in Kafka were deleted without being written again. */
  readonly duplicatesSkippedLines: number
  readonly elapsedMs: number
}

/** Which kill each life gets: hook points in turn, every fourth one from outside at a random moment. */
function plan (life: number): string {
  const kinds = [...CRASH_POINTS, 'external']
  return kinds[life % kinds.length]!
}

export async function runCrashLoop (o: CrashLoopOptions): Promise<CrashLoopResult> {
  const log = o.log ?? (() => {})
  const began = Date.now()
  const sqs = sqsClient(o.sqsEndpoint)
  const fifo = o.fifoGroups !== undefined
  const groupOf = fifo ? (i: number): string => `group-${i % (o.fifoGroups ?? 1)}` : undefined
  const queueUrl = await createQueue(sqs, o.name, { fifo, visibilityTimeout: o.visibilityTimeoutS ?? 5 })
  // FIFO: one partition, so a group's order in Kafka is its order in the one log.
  const topic = await createTopic(o.kafkaBootstrap, o.name, fifo ? 1 : 4)
  const sent = await sendMessages(sqs, queueUrl, o.count, { body: (i) => `${o.name} ${i}`, ...(groupOf === undefined ? {} : { groupId: groupOf }) },
    { concurrency: fifo ? 1 : 8 })
  const workerProps = {
    'bootstrap.servers': o.kafkaBootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': '/tmp/unused.offsets',
    'exactly.once.source.support': 'enabled'
  }
  // Small transactions (about 15 records), so that a hook armed at its n-th hit kills after a few hundred messages at most.
  const connectorProps = sqsConnector(`${o.name}-${randomUUID().slice(0, 8)}`, queueUrl, topic, {
    'tasks.max': String(o.tasks), 'producer.override.batch.size': '16384'
  })
  const crashes: Record<string, number> = {}
  let skippedLines = 0
  const countSkips = (worker: CliProcess): void => { skippedLines += (worker.output().match(/already in Kafka \(a marker exists\)/g) ?? []).length }
  let lives = 0
  for (let k = 0; k < o.crashes; k++) {
    if (await messagesInQueue(sqs, queueUrl) === 0) break
    const kind = plan(k)
    // Transactions hold about 15 records, deletes up to 10 messages: a hook's n-th hit comes after about n * 10-15 messages.
    const nth = 1 + Math.floor(Math.random() * (o.messagesPerLife === undefined ? 12 : Math.max(2, Math.round(o.messagesPerLife / 6))))
    const env = kind === 'external' ? {} : { SQS_CONNECT_TEST_CRASH_AT: `${kind}:${nth}`, SQS_CONNECT_TEST_CRASH_CONFIRM: 'kill-this-process' }
    const worker = await startStandalone(workerProps, connectorProps, env)
    lives += 1
    const ended = await lifeOf(worker, kind, sqs, queueUrl, o.messagesPerLife)
    countSkips(worker)
    crashes[ended] = (crashes[ended] ?? 0) + 1
    log(`life ${lives}: ${ended}${kind === 'external' ? '' : ` (armed ${kind}:${nth})`}, ${await messagesInQueue(sqs, queueUrl)} messages left`)
  }
  const last = await startStandalone(workerProps, connectorProps)
  lives += 1
  await waitFor('the queue to be empty', async () => {
    if (last.child.exitCode !== null || last.child.signalCode !== null) throw new Error(`The last worker exited:\n${last.output().slice(-3000)}`)
    return await messagesInQueue(sqs, queueUrl) === 0
  }, 600_000, 250)
  const exit = await last.stop()
  countSkips(last)
  if (exit.code !== 0) throw new Error(`The last worker exited with ${exit.code ?? exit.signal ?? '?'}:\n${exit.stderr.slice(-3000)}`)
  sqs.destroy()

  const records = await readCommittedWithJava(o.kafkaBootstrap, topic)
  const ours = await readCommitted(o.kafkaBootstrap, topic)
  const ids = (rs: readonly ReadRecord[]): string => rs.map((r) => `${r.partition}/${String(r.offset)}`).sort().join(',')
  return {
    report: deliveryReport(sent, records, groupOf),
    crashes,
    lives,
    javaRecords: records.length,
    fetchLoopRecords: ours.length,
    readersAgree: ours.length === records.length && ids(ours) === ids(records),
    duplicatesSkippedLines: skippedLines,
    elapsedMs: Date.now() - began
  }
}

/** Waits for the hook to kill the worker, or kills it from outside; `drained` when the queue emptied first. */
async function lifeOf (worker: CliProcess, kind: string, sqs: ReturnType<typeof sqsClient>, queueUrl: string, messagesPerLife?: number): Promise<string> {
  const deadline = Date.now() + (messagesPerLife === undefined ? 20_000 : 60_000)
  const externalAt = Date.now() + 1000 + Math.random() * 2000
  // With messagesPerLife, an outside kill comes once the queue shrank by a random 0.5x-1.5x of it.
  const startCount = await messagesInQueue(sqs, queueUrl)
  const externalBelow = messagesPerLife === undefined ? undefined : startCount - messagesPerLife * (0.5 + Math.random())
  for (;;) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
      const run = await worker.done
      if (run.signal === 'SIGKILL') return kind
      throw new Error(`The worker exited by itself (${run.code ?? run.signal ?? '?'}):\n${run.stderr.slice(-3000)}`)
    }
    const left = await messagesInQueue(sqs, queueUrl)
    const externalDue = externalBelow === undefined ? Date.now() >= externalAt : left <= externalBelow || Date.now() >= deadline
    const due = kind === 'external' ? externalDue : Date.now() >= deadline
    if (due) {
      worker.child.kill('SIGKILL')
      await worker.done
      return kind === 'external' ? 'external' : `${kind} (not reached; killed from outside)`
    }
    if (left === 0) {
      worker.child.kill('SIGKILL')
      await worker.done
      return 'drained'
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Every committed record of the topic, through a read_committed fetch loop that stops at the high watermark. */
async function readCommitted (bootstrap: string, topic: string): Promise<ReadRecord[]> {
  const reader = new CommittedLogReader([bootstrap], 'exactly-once-check', topic)
  const records: ReadRecord[] = []
  try {
    await reader.catchUp((e) => records.push({ topic, partition: e.partition, offset: e.offset, timestamp: 0n, key: e.key, value: e.value, headers: [] }), 120_000)
  } finally {
    await reader.close()
  }
  return records
}

/** MessageIds of the records, for messages. */
export function messageIds (records: readonly ReadRecord[]): string[] {
  return records.map((r) => keyPayload(r).MessageId)
}

/**
 * Every record of the topic as Apache Kafka's own KafkaConsumer with isolation.level=read_committed sees it
 * (test/java/ReadCommittedCount.java, compiled once into the cache): the reference for "a read_committed consumer".
 */
export async function readCommittedWithJava (bootstrap: string, topic: string): Promise<ReadRecord[]> {
  const lib = await ensureMavenLib('kafka')
  const dir = await compiledJava({ name: 'read-committed', sources: ['ReadCommittedCount.java'], lib, marker: 'ReadCommittedCount.class' })
  const { stdout } = await run('java', ['-cp', [dir, join(lib, '*')].join(delimiter), 'ReadCommittedCount', bootstrap, topic], { maxBuffer: 512 * 1024 * 1024 })
  return stdout.split('\n').filter((line) => line !== '').map((line) => {
    const [partition, offset, key] = line.split('\t')
    return { topic, partition: Number(partition), offset: BigInt(offset ?? '0'), timestamp: 0n, key: Buffer.from(key ?? 'null', 'utf8'), value: null, headers: [] }
  })
}

/** Runs the loop on the shared test servers and asserts exactly once (and group order) for a read_committed consumer. */
export async function assertExactlyOnce (options: Omit<CrashLoopOptions, 'kafkaBootstrap' | 'sqsEndpoint'>): Promise<void> {
  const env = await sharedServers()
  const result = await runCrashLoop({ ...options, kafkaBootstrap: env.kafkaBootstrap, sqsEndpoint: env.sqsEndpoint, log: (line) => { console.log(`${options.name}: ${line}`) } })
  const { report } = result
  console.log(`${options.name}: ${JSON.stringify({ ...result, report: { sent: report.sent, records: report.records, distinct: report.distinct, lost: report.lost.length, duplicates: report.duplicates, outOfOrder: report.outOfOrder.length } })}`)
  assert.deepEqual(report.lost.slice(0, 10), [], `${report.lost.length} messages are not in Kafka`)
  assert.equal(report.duplicates, 0, 'no message twice in Kafka for a read_committed consumer')
  assert.deepEqual(report.unexpected, [])
  assert.equal(report.records, options.count)
  assert.deepEqual(report.outOfOrder, [], 'each message group in send order')
  assert.ok(result.readersAgree, `KafkaConsumer read ${result.javaRecords} records, our fetch loop ${result.fetchLoopRecords}`)
  const killed = Object.entries(result.crashes).filter(([kind]) => kind !== 'drained').reduce((sum, [, n]) => sum + n, 0)
  assert.ok(killed >= Math.min(options.crashes, 4), `at least one kill at each point: ${JSON.stringify(result.crashes)}`)
}
