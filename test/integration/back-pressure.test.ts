/**
 * Back-pressure with large messages and a slow Kafka: a standalone worker (a child process, as users run it)
 * drains 512 KiB messages into a broker that throttles its producer (a client quota), while the test samples
 * the worker's resident memory and, from its /metrics, how many messages it has received and Kafka has not yet
 * acknowledged.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { SendMessageCommand } from '@aws-sdk/client-sqs'
import { parse } from 'dot-properties'
import { freePorts } from '../../infra/ports.ts'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { startStandalone, workerProperties } from './support/cli.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { sampleValue, scrapeMetrics } from './support/prometheus.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sqsClient } from './support/sqs.ts'
import { sqsConnector } from './support/worker.ts'

const MiB = 1024 * 1024
const MESSAGES = 120
const BODY_BYTES = 512 * 1024
const BUFFER_BYTES = 4 * MiB
/**
 * The worker's V8 heap limit, below the 60 MiB of bodies that pass through (body strings live on the heap): with
 * the buffer bound raised to 256 MiB the worker dies of an out-of-memory error after about 40 messages.
 */
const HEAP_MB = 48
/** What the worker's resident memory may grow above its idle size while draining (measured: about 30 MiB). */
const RSS_GROWTH_BOUND = 64 * MiB

async function residentBytes (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for ${pid}`)
  return Number(kb) * 1024
}

/**
 * Messages the worker's task received from SQS and Kafka has not acknowledged yet, from one scrape of /metrics
 * (both counters in the same answer). Not SQS's ApproximateNumberOfMessagesNotVisible: that also counts messages
 * already acknowledged whose DeleteMessageBatch is still on its way, which says nothing about back-pressure.
 */
async function receivedNotWritten (restUrl: string, connector: string): Promise<number> {
  const { samples } = await scrapeMetrics(restUrl)
  const task = { connector, task: '0' }
  return sampleValue(samples, 'sqs_connect_sqs_messages_received_total', task) -
    sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_write_total', task)
}

test('a slow Kafka and 512 KiB messages: received-but-unwritten messages and worker memory stay bounded; all arrive', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'bounded', { visibilityTimeout: 300 })
  const topic = await createTopic(env.kafkaBootstrap, 'bounded')
  const name = `bounded-${randomUUID().slice(0, 8)}`
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  // About 2 MiB/s for this connector's producer: a 60 MiB backlog takes half a minute to write.
  await admin.limitProducerRate(`connector-producer-${name}-0`, 2 * MiB)
  await admin.close()

  const [restPort] = await freePorts(1)
  const listeners = `http://127.0.0.1:${restPort}`
  const worker = await startStandalone(
    { ...parse(workerProperties(env.kafkaBootstrap)), listeners, 'sqsconnect.task.buffer.max.bytes': String(BUFFER_BYTES) },
    sqsConnector(name, queueUrl, topic),
    { SQS_CONNECT_LOG_LEVEL: 'warn', NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` })
  const pid = worker.child.pid
  assert.ok(pid !== undefined)
  // Idle size: running, one long poll outstanding on the empty queue.
  await new Promise((resolve) => setTimeout(resolve, 4000))
  // On a slow machine the REST API (and the task's metrics) may come later than that.
  await waitFor('the task\'s metrics on the worker\'s REST API', async () => await receivedNotWritten(listeners, name).then(() => true, () => false), 60_000, 250)
  let idle = 0
  for (let i = 0; i < 10; i++) {
    idle = Math.max(idle, await residentBytes(pid))
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  let peakRss = idle
  let peakUnwritten = 0
  let scrapes = 0
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      const rss = await residentBytes(pid).catch(() => 0)
      peakRss = Math.max(peakRss, rss)
      // A scrape that fails is not counted (scrapes > 50 is checked below).
      const unwritten = await receivedNotWritten(listeners, name).catch(() => undefined)
      if (unwritten !== undefined) {
        peakUnwritten = Math.max(peakUnwritten, unwritten)
        scrapes++
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()

  const ids: string[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const reply = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `${i} `.padEnd(BODY_BYTES, 'z') }))
    ids.push(reply.MessageId ?? '')
  }
  await waitFor('every message written and deleted', async () => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) throw new Error(`The worker died while draining:\n${worker.output().slice(-2000)}`)
    return await messagesInQueue(sqs, queueUrl) === 0
  }, 180_000, 500)
  sampling = false
  await sampler

  // The task polls only below 4 MiB held (fewer than 8 records of ~0.5 MiB), then one more receive of up to 10
  // (measured: 17 at the peak).
  assert.ok(scrapes > 50, `the drain was sampled (${scrapes} scrapes)`)
  assert.ok(peakUnwritten >= 8, `the slow Kafka built a backlog of received messages (peak ${peakUnwritten})`)
  assert.ok(peakUnwritten <= 8 + 10, `at most ${8 + 10} messages received and not yet acknowledged by Kafka; saw ${peakUnwritten}`)
  assert.ok(peakRss - idle < RSS_GROWTH_BOUND,
    `worker memory grew by ${((peakRss - idle) / MiB).toFixed(1)} MiB (idle ${(idle / MiB).toFixed(1)} MiB), bound ${RSS_GROWTH_BOUND / MiB} MiB`)
  const stopped = await worker.stop()
  assert.equal(stopped.code, 0)
  const records = await readRecords(env.kafkaBootstrap, topic, MESSAGES, 60_000)
  assert.deepEqual(records.map((r) => keyPayload(r).MessageId), ids, 'every message, once, in order')
  sqs.destroy()
})
