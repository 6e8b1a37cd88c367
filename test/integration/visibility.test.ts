/**
 * Visibility management against Kafka and ElasticMQ: heartbeats keep messages hidden while Kafka is slower
 * than the visibility timeout (Kafka is slowed inside the Worker's record sender, createSender), and messages
 * a task holds when it stops or fails are visible again at once, unless sqs.visibility.reset.on.failure=false
 * (the release on stop also against moto).
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { builtInPlugins } from '../../src/cli/plugins.ts'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { RecordProducer, type OutgoingRecord, type WrittenRecord } from '../../src/kafka/producer.ts'
import { createLogger } from '../../src/runtime/logging.ts'
import { parseWorkerConfig } from '../../src/runtime/worker-config.ts'
import type { RecordSender } from '../../src/runtime/worker-source-task.ts'
import { Worker } from '../../src/runtime/worker.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { fileMoto } from './support/moto.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector } from './support/worker.ts'

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** Counts every record handed to Kafka by MessageId, and makes Kafka as slow as asked (or hang until closed). */
class SlowKafka implements RecordSender {
  readonly sent = new Map<string, number>()
  readonly #producer: RecordProducer
  readonly #delayMs: number
  readonly #closing = new AbortController()

  constructor (bootstrap: string, clientId: string, delayMs: number) {
    this.#producer = new RecordProducer({ bootstrapServers: [bootstrap], clientId, requestTimeoutMs: 10_000, retries: 2 })
    this.#delayMs = delayMs
  }

  get duplicates (): number {
    return [...this.sent.values()].filter((n) => n > 1).length
  }

  async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> {
    for (const record of records) {
      const id = (JSON.parse(Buffer.from(record.key ?? []).toString('utf8')) as { payload: { MessageId: string } }).payload.MessageId
      this.sent.set(id, (this.sent.get(id) ?? 0) + 1)
    }
    // Cut short by close(), so that no timer outlives the test.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#delayMs)
      this.#closing.signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
    })
    if (this.#closing.signal.aborted) throw new Error('the slow Kafka sender was closed')
    return await this.#producer.send(records)
  }

  async close (): Promise<void> {
    this.#closing.abort()
    await this.#producer.close()
  }
}

async function startSlowWorker (bootstrap: string, connector: Record<string, string>, delayMs: number): Promise<{ worker: Worker, kafka: SlowKafka }> {
  let kafka: SlowKafka | undefined
  const worker = new Worker({
    config: parseWorkerConfig({
      'bootstrap.servers': bootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'task.shutdown.graceful.timeout.ms': '2000'
    }),
    plugins: builtInPlugins(),
    logger: createLogger(process.env.SQS_CONNECT_LOG_LEVEL ?? 'warn'),
    createSender: (clientId) => { kafka = new SlowKafka(bootstrap, clientId, delayMs); return kafka }
  })
  after(async () => { await worker.stop() })
  await worker.startConnector(connector)
  if (kafka === undefined) throw new Error('the worker built no record sender')
  return { worker, kafka }
}

/** MessageIds a plain consumer receives within `withinMs`, or until it has all of `wanted` (each hidden again for 60 s, not deleted). */
async function visibleWithin (sqs: SQSClient, queueUrl: string, wanted: readonly string[], withinMs: number): Promise<string[]> {
  const ids = new Set<string>()
  const deadline = Date.now() + withinMs
  while (!wanted.every((id) => ids.has(id)) && Date.now() < deadline) {
    const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }))
    for (const message of reply.Messages ?? []) ids.add(message.MessageId ?? '')
  }
  return [...ids]
}

async function inFlightCount (sqs: SQSClient, queueUrl: string): Promise<number> {
  const reply = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }))
  return Number(reply.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
}

function taskState (worker: Worker): string {
  return worker.status()[0]?.tasks[0]?.state ?? 'MISSING'
}

const KAFKA_DELAY_MS = 5000
const MESSAGES = 20

/** Kafka 5 s slow, the queue's visibility timeout 3 s (read from the queue: sqs.visibility.timeout.seconds=0). */
async function slowKafkaRun (name: string, heartbeat: boolean): Promise<{ kafka: SlowKafka, worker: Worker, ids: string[], topic: string, bootstrap: string }> {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 3 })
  const topic = await createTopic(env.kafkaBootstrap, name)
  const ids = await sendMessages(sqs, queueUrl, MESSAGES, { body: (i) => `slow ${i}` })
  sqs.destroy()
  const { worker, kafka } = await startSlowWorker(env.kafkaBootstrap, sqsConnector(name, queueUrl, topic, {
    'sqs.waittime.seconds': '1', 'sqs.visibility.heartbeat.enable': String(heartbeat)
  }), KAFKA_DELAY_MS)
  return { kafka, worker, ids, topic, bootstrap: env.kafkaBootstrap }
}

test('Kafka slower than the visibility timeout: heartbeats keep every message from being delivered twice', async () => {
  const { kafka, worker, ids, topic, bootstrap } = await slowKafkaRun('heartbeat-on', true)
  await waitFor('every message to reach Kafka', async () => ids.every((id) => kafka.sent.has(id)), 40_000)
  // Two more visibility timeouts: a message whose heartbeat failed would come back meanwhile.
  await sleep(6000)
  assert.equal(taskState(worker), 'RUNNING')
  assert.equal(kafka.duplicates, 0, `messages handed to Kafka more than once: ${JSON.stringify([...kafka.sent].filter(([, n]) => n > 1))}`)
  const records = await readRecords(bootstrap, topic, MESSAGES, 20_000)
  assert.deepEqual(records.map((r) => keyPayload(r).MessageId).sort(), [...ids].sort())
  for (const record of records) {
    const value = JSON.parse(record.value?.toString('utf8') ?? 'null') as { payload: { ApproximateReceiveCount: number } }
    assert.equal(value.payload.ApproximateReceiveCount, 1, 'received once')
  }
  await worker.stop()
})

test('the control: without heartbeats the same slow Kafka makes SQS deliver messages again', async () => {
  const { kafka, worker, ids } = await slowKafkaRun('heartbeat-off', false)
  await waitFor('a message to be delivered twice', async () => kafka.duplicates > 0, 30_000)
  assert.ok(ids.some((id) => (kafka.sent.get(id) ?? 0) > 1))
  await worker.stop()
})

/** A queue hiding received messages for 60 s, and a worker whose Kafka never answers: everything it receives stays in flight. */
async function stuckRun (name: string, reset: boolean, messages: number, sqsEndpoint?: string): Promise<{ sqs: SQSClient, queueUrl: string, ids: string[], worker: Worker, kafka: SlowKafka }> {
  const env = await sharedServers()
  const sqs = sqsClient(sqsEndpoint ?? env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 60 })
  const topic = await createTopic(env.kafkaBootstrap, name)
  const ids = await sendMessages(sqs, queueUrl, messages, { body: (i) => `held ${i}` })
  const { worker, kafka } = await startSlowWorker(env.kafkaBootstrap, sqsConnector(name, queueUrl, topic, {
    'sqs.waittime.seconds': '1', 'sqs.visibility.reset.on.failure': String(reset)
  }), 600_000)
  await waitFor('every message to be received', async () => await inFlightCount(sqs, queueUrl) === messages, 20_000)
  return { sqs, queueUrl, ids, worker, kafka }
}

test('stopped with messages in flight: they are visible again at once, not after 60 s', async () => {
  const { sqs, queueUrl, ids, worker } = await stuckRun('reset-stop', true, 15)
  const stopped = Date.now()
  await worker.stop()
  const back = await visibleWithin(sqs, queueUrl, ids, 3000)
  assert.deepEqual(back.sort(), [...ids].sort(), 'every unacknowledged message can be received again')
  assert.ok(Date.now() - stopped < 8000, `back after ${Date.now() - stopped} ms`)
  sqs.destroy()
})

test('moto: stopped with messages in flight, they are visible again at once', async () => {
  const moto = await fileMoto()
  const { sqs, queueUrl, ids, worker } = await stuckRun('moto-reset-stop', true, 12, moto.endpoint)
  await worker.stop()
  const back = await visibleWithin(sqs, queueUrl, ids, 3000)
  assert.deepEqual(back.sort(), [...ids].sort())
  sqs.destroy()
})

test('stopped with sqs.visibility.reset.on.failure=false: the messages stay hidden for their visibility timeout', async () => {
  const { sqs, queueUrl, ids, worker } = await stuckRun('reset-off-stop', false, 5)
  await worker.stop()
  assert.deepEqual(await visibleWithin(sqs, queueUrl, ids, 3000), [], 'nothing visible before the 60 s timeout')
  sqs.destroy()
})

/** A topic that refuses the second of three messages (too large): the task fails holding it. */
async function refusedRun (name: string, reset: boolean): Promise<{ sqs: SQSClient, queueUrl: string, ids: string[], worker: Worker }> {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 60 })
  const topic = `${name}-${Date.now()}`
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  await admin.ensureTopic({ name: topic, configs: { 'max.message.bytes': '4096' } })
  await admin.close()
  const ids = await sendMessages(sqs, queueUrl, 3, { body: (i) => (i === 1 ? 'x'.repeat(20_000) : `small ${i}`) })
  const { worker } = await startSlowWorker(env.kafkaBootstrap, sqsConnector(name, queueUrl, topic, {
    'sqs.waittime.seconds': '1', 'sqs.messages.max': '10', 'sqs.visibility.reset.on.failure': String(reset)
  }), 0)
  await waitFor('the task to fail', async () => taskState(worker) === 'FAILED', 30_000, 50)
  return { sqs, queueUrl, ids, worker }
}

test('a task that fails holding a message makes it visible again at once, while the worker keeps running', async () => {
  const { sqs, queueUrl, ids, worker } = await refusedRun('reset-fail', true)
  const back = await visibleWithin(sqs, queueUrl, [ids[1]!], 3000)
  assert.ok(back.includes(ids[1]!), `the refused message is back within 3 s (got ${JSON.stringify(back)})`)
  assert.equal(taskState(worker), 'FAILED')
  await worker.stop()
  sqs.destroy()
})

test('a task that fails with sqs.visibility.reset.on.failure=false leaves the message hidden', async () => {
  const { sqs, queueUrl, ids, worker } = await refusedRun('reset-off-fail', false)
  const back = await visibleWithin(sqs, queueUrl, [ids[1]!], 3000)
  assert.ok(!back.includes(ids[1]!), 'the refused message stays hidden for its 60 s visibility timeout')
  await worker.stop()
  sqs.destroy()
})
