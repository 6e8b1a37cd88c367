/**
 * kill -9 of a real `sqs-connect standalone` mid-stream, then a restart with the same files: nothing is lost,
 * the queue ends empty, and the only duplicates are messages the killed worker wrote to Kafka but had not
 * deleted yet, never more than it held in flight (received, not deleted) when it died.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { startStandalone, type CliProcess } from './support/cli.ts'
import { deliveryReport, describeReport, endOffsets, readAllRecords, recordsInTopic } from './support/delivery.ts'
import { createTopic, keyPayload, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, queueCounts, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector } from './support/worker.ts'

/** Messages come back this soon after a crash. */
const VISIBILITY_TIMEOUT_S = 5

interface CrashRun {
  readonly count: number
  readonly kills: number
  readonly tasks: number
  readonly fifoGroups?: number
}

interface Kill {
  /** Records in the topic once the killed process was gone. */
  readonly written: number
  /** Messages the killed worker had received and not deleted. */
  readonly inFlight: number
  /** Each partition's end offset after the kill: records below it were written by this or an earlier worker. */
  readonly ends: bigint[]
}

async function crashAndRestart (name: string, run: CrashRun): Promise<void> {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const fifo = run.fifoGroups !== undefined
  const groupOf = fifo ? (i: number): string => `group-${i % (run.fifoGroups ?? 1)}` : undefined
  const queueUrl = await createQueue(sqs, name, { fifo, visibilityTimeout: VISIBILITY_TIMEOUT_S })
  // FIFO order holds per partition; the key struct holds the MessageId, so a group spans partitions unless there is one.
  const topic = await createTopic(env.kafkaBootstrap, name, fifo ? 1 : 2)
  const sent = await sendMessages(sqs, queueUrl, run.count, { body: (i) => `${name} ${i}`, ...(groupOf === undefined ? {} : { groupId: groupOf }) },
    { concurrency: fifo ? 1 : 8 })
  const workerProps = {
    'bootstrap.servers': env.kafkaBootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': '/tmp/unused.offsets'
  }
  const connectorProps = sqsConnector(name, queueUrl, topic, { 'tasks.max': String(run.tasks) })
  const began = Date.now()

  const kills: Kill[] = []
  for (let k = 0; k < run.kills; k++) {
    const worker = await startStandalone(workerProps, connectorProps)
    const before = kills.at(-1)?.written ?? 0
    // Some, not all: each worker gets its share of the stream before it dies.
    const target = before + Math.floor((run.count - before) / (run.kills + 1 - k))
    await waitFor(`${target} records in Kafka`, async () => {
      if (worker.child.exitCode !== null) throw new Error(`The worker exited early:\n${worker.output().slice(-3000)}`)
      return await recordsInTopic(env.kafkaBootstrap, topic) >= target
    }, 120_000, 50)
    kills.push(await killNow(worker, sqs, queueUrl, env.kafkaBootstrap, topic))
  }

  const last = await startStandalone(workerProps, connectorProps)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 150_000, 250)
  const drainedIn = Date.now() - began
  const exit = await last.stop()
  assert.equal(exit.code, 0, exit.stderr.slice(-2000))

  const records = await readAllRecords(env.kafkaBootstrap, topic)
  const report = deliveryReport(sent, records, groupOf)
  const inFlightAtKills = kills.reduce((sum, k) => sum + k.inFlight, 0)
  const sameWorkerDuplicates = duplicatesWithinOneWorker(records, kills)
  console.log(describeReport(name, report, {
    kills: kills.map((k) => ({ written: k.written, inFlight: k.inFlight })), sameWorkerDuplicates, drainedInMs: drainedIn
  }))

  assert.equal(new Set(sent).size, run.count, 'SQS gave every message its own MessageId')
  assert.deepEqual(report.lost.slice(0, 10), [], `${report.lost.length} sent messages are not in Kafka`)
  assert.deepEqual(report.unexpected, [], 'no record for a message that was not sent')
  assert.equal(report.distinct, run.count)
  assert.ok(kills.every((k) => k.written > 0 && k.written < run.count), 'every kill came mid-stream')
  assert.ok(report.duplicates <= inFlightAtKills, `${report.duplicates} duplicates, at most the ${inFlightAtKills} messages in flight at the kills`)
  assert.deepEqual(sameWorkerDuplicates, [], 'a message is written twice only across a kill, never twice by one worker')
  assert.deepEqual(report.outOfOrder, [], 'each message group in send order, duplicates removed')
  sqs.destroy()
}

/** SIGKILL, then what the dead worker left: records written, messages it had received and not deleted. */
async function killNow (worker: CliProcess, sqs: ReturnType<typeof sqsClient>, queueUrl: string, bootstrap: string, topic: string): Promise<Kill> {
  worker.child.kill('SIGKILL')
  const exit = await worker.done
  assert.equal(exit.signal, 'SIGKILL')
  // Read at once: the visibility timeout has not run out, so every message it held is still not visible.
  const { inFlight } = await queueCounts(sqs, queueUrl)
  const ends = await endOffsets(bootstrap, topic)
  return { written: Number(ends.reduce((sum, end) => sum + end, 0n)), inFlight, ends }
}

/** MessageIds written more than once by the same worker (between two kills, or after the last): none expected. */
function duplicatesWithinOneWorker (records: readonly ReadRecord[], kills: readonly Kill[]): string[] {
  const seen = new Set<string>()
  const twice: string[] = []
  for (const record of records) {
    const era = kills.findIndex((k) => BigInt(record.offset) < (k.ends[record.partition] ?? 0n))
    const id = `${era < 0 ? kills.length : era}/${keyPayload(record).MessageId}`
    if (seen.has(id)) twice.push(id)
    seen.add(id)
  }
  return twice
}

test('standard queue, tasks.max=2: kill -9 mid-stream, restart: none lost, queue empty, duplicates bounded by what was in flight', async () => {
  await crashAndRestart('crash-once', { count: 6000, kills: 1, tasks: 2 })
})

test('standard queue: three kill -9 over one stream, then a clean run: none lost, duplicates bounded', async () => {
  await crashAndRestart('crash-thrice', { count: 8000, kills: 3, tasks: 2 })
})

test('FIFO queue: kill -9 mid-stream, restart: none lost, each message group in order once duplicates are removed', async () => {
  await crashAndRestart('crash-fifo', { count: 3000, kills: 1, tasks: 2, fifoGroups: 20 })
})
