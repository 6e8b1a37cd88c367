/**
 * SQS faults between the connector and a real ElasticMQ: through toxiproxy (latency, resets, timeouts, a
 * blackhole, an outage) and through a local server answering SQS error responses. Transient faults are
 * retried and lose nothing; faults retrying cannot fix, and outages longer than the budget, fail the task.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SQSClient } from '@aws-sdk/client-sqs'
import type { Worker } from '../../src/runtime/worker.ts'
import { readAllRecords } from './support/delivery.ts'
import { createTopic, keyPayload, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { answers, startFaultServer } from './support/sqs-fault-server.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { fileToxiproxy } from './support/toxiproxy.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const SECRET = 'fault-test-secret-key-0123456789'

interface TaskView { state: string, trace: string }

function task (worker: Worker): TaskView {
  const t = worker.status()[0]?.tasks[0]
  return { state: t?.state ?? 'MISSING', trace: t?.trace ?? '' }
}

async function waitForFailure (worker: Worker, timeoutMs: number): Promise<string> {
  await waitFor('the task to fail', async () => task(worker).state === 'FAILED', timeoutMs, 50)
  return task(worker).trace
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A queue, a topic and a connector polling the queue through `endpoint` (1 s long polls, so faults show quickly). */
async function setUp (prefix: string, endpoint: string | undefined, extra: Record<string, string> = {}, visibilityTimeout = 5): Promise<{
  sqs: SQSClient, queueUrl: string, topic: string, kafkaBootstrap: string, start: () => Promise<Worker>
}> {
  const { kafkaBootstrap, sqsEndpoint } = await sharedServers()
  const sqs = sqsClient(sqsEndpoint)
  const queueUrl = await createQueue(sqs, prefix, { visibilityTimeout })
  const topic = await createTopic(kafkaBootstrap, prefix)
  const props = { 'sqs.waittime.seconds': '1', ...(endpoint === undefined ? {} : { 'sqs.endpoint.url': endpoint }), ...extra }
  return { sqs, queueUrl, topic, kafkaBootstrap, start: async () => await startWorker(kafkaBootstrap, [sqsConnector(prefix, queueUrl, topic, props)]) }
}

/** Every sent MessageId is in the topic (duplicates allowed: at-least-once). */
async function assertAllInKafka (kafkaBootstrap: string, topic: string, sent: string[]): Promise<void> {
  // Every record in the topic: faults cause redeliveries, so reading sent.length records could stop short of some.
  const records = await readAllRecords(kafkaBootstrap, topic, 30_000)
  const inKafka = new Set(records.map((r) => keyPayload(r).MessageId))
  assert.deepEqual(sent.filter((id) => !inKafka.has(id)), [], 'every message reached Kafka')
}

test('toxiproxy: latency, connection resets, timeouts, a blackhole and an outage within the budget lose nothing', async () => {
  const toxiproxy = await fileToxiproxy()
  const { sqsEndpoint } = await sharedServers()
  const proxy = await toxiproxy.createProxy('sqs-transient', sqsEndpoint)
  const { sqs, queueUrl, topic, kafkaBootstrap, start } = await setUp('faults-tp', proxy.url)
  const sent: string[] = []
  const send = async (phase: string, n: number): Promise<void> => { sent.push(...await sendMessages(sqs, queueUrl, n, { body: (i) => `${phase} ${i}` })) }
  const delivered = async (what: string, timeoutMs: number): Promise<void> => {
    await waitFor(what, async () => worker.committedRecords >= sent.length, timeoutMs)
  }
  /** While `toxic` holds, nothing gets through; once it is gone, everything sent meanwhile does. */
  const blocked = async (phase: string, holdMs: number, apply: () => Promise<void>, lift: () => Promise<void>, recoverMs: number): Promise<void> => {
    await apply()
    // A long poll already past the proxy when the fault began may still answer: let it end (1 s) first.
    await sleep(1500)
    const before = worker.committedRecords
    await send(phase, 10)
    await sleep(holdMs)
    assert.equal(worker.committedRecords, before, `${phase}: nothing got through while the fault held`)
    await lift()
    await delivered(`${phase}: every record after the fault`, recoverMs)
  }

  const worker = await start()
  await proxy.addToxic({ name: 'slow', type: 'latency', attributes: { latency: 400, jitter: 100 } })
  await send('latency', 20)
  await delivered('records through a 400 ms latency', 30_000)
  await proxy.removeToxic('slow')

  await blocked('reset', 2500,
    async () => await proxy.addToxic({ name: 'reset', type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } }),
    async () => await proxy.removeToxic('reset'), 30_000)
  await blocked('timeout', 2500,
    // Connections are cut after 500 ms without a byte getting through.
    async () => await proxy.addToxic({ name: 'cut', type: 'timeout', stream: 'upstream', attributes: { timeout: 500 } }),
    async () => await proxy.removeToxic('cut'), 30_000)
  await blocked('outage', 2500, async () => await proxy.setEnabled(false), async () => await proxy.setEnabled(true), 30_000)
  // A blackhole holds requests without an answer: the request in flight ends only by its request timeout
  // (sqs.waittime.seconds + 15 s) as a TimeoutError, which is retried.
  await blocked('blackhole', 3000,
    async () => await proxy.addToxic({ name: 'hole', type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } }),
    async () => await proxy.removeToxic('hole'), 40_000)

  assert.equal(task(worker).state, 'RUNNING', task(worker).trace)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  await assertAllInKafka(kafkaBootstrap, topic, sent)
  sqs.destroy()
})

test('toxiproxy: an outage longer than sqs.max.retry.time.ms fails the task, naming the property; messages stay in SQS', async () => {
  const toxiproxy = await fileToxiproxy()
  const { sqsEndpoint } = await sharedServers()
  const proxy = await toxiproxy.createProxy('sqs-outage', sqsEndpoint)
  const { sqs, queueUrl, topic, kafkaBootstrap, start } = await setUp('faults-budget', proxy.url, { 'sqs.max.retry.time.ms': '2000' })
  const first = await sendMessages(sqs, queueUrl, 10, { body: (i) => `before ${i}` })
  const worker = await start()
  await waitFor('the first records', async () => worker.committedRecords >= 10, 30_000)
  await waitFor('their messages to be deleted', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)

  const down = Date.now()
  await proxy.setEnabled(false)
  await sendMessages(sqs, queueUrl, 5, { body: (i) => `during ${i}` })
  const trace = await waitForFailure(worker, 20_000)
  const tookMs = Date.now() - down
  assert.ok(tookMs >= 1500, `the task retried for about the 2 s budget before failing (${tookMs} ms)`)
  assert.ok(tookMs < 15_000, `and not much longer (${tookMs} ms)`)
  assert.match(trace, /SQS ReceiveMessage still failed after \d+ attempt\(s\)/)
  assert.match(trace, /sqs\.max\.retry\.time\.ms=2000 ms retry budget was used up/)
  assert.match(trace, /Last error: .*(ECONNREFUSED|ECONNRESET|socket hang up)/)
  await proxy.setEnabled(true)
  assert.equal(await messagesInQueue(sqs, queueUrl), 5, 'the messages sent during the outage are still in SQS')
  await assertAllInKafka(kafkaBootstrap, topic, first)
  sqs.destroy()
})

test('throttling, 429, 500 and 503 answers are retried (ReceiveMessage and DeleteMessageBatch): every record arrives', async () => {
  const { sqsEndpoint } = await sharedServers()
  // Throttling first: its waits start from a larger base, and each retry doubles the ceiling whatever the kind.
  const receiveFaults = [answers.throttling, answers.requestThrottled, answers.kmsThrottled, answers.internalError, answers.serviceUnavailable]
  const deleteFaults = [answers.tooManyRequests, answers.serviceUnavailable]
  const faults = await startFaultServer(sqsEndpoint, (operation, n) => {
    if (operation === 'ReceiveMessage') return receiveFaults[n - 1]
    if (operation === 'DeleteMessageBatch') return deleteFaults[n - 1]
    return undefined
  })
  const { sqs, queueUrl, topic, kafkaBootstrap, start } = await setUp('faults-5xx', faults.url)
  const sent = await sendMessages(sqs, queueUrl, 30, { body: (i) => `m ${i}` })
  const worker = await start()
  await waitFor('every record', async () => worker.committedRecords >= 30, 60_000)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  assert.equal(faults.faulted.get('ReceiveMessage'), 5)
  assert.equal(faults.faulted.get('DeleteMessageBatch'), 2)
  assert.ok((faults.seen.get('ReceiveMessage') ?? 0) >= 6, 'each fault answer was followed by a retry')
  assert.equal(task(worker).state, 'RUNNING', task(worker).trace)
  await assertAllInKafka(kafkaBootstrap, topic, sent)
  sqs.destroy()
})

test('a ReceiveMessage that never gets an answer ends at its request timeout and is retried', async () => {
  const { sqsEndpoint } = await sharedServers()
  const faults = await startFaultServer(sqsEndpoint, (operation, n) => operation === 'ReceiveMessage' && n === 1 ? 'hang' : undefined)
  const { sqs, queueUrl, topic, kafkaBootstrap, start } = await setUp('faults-silent', faults.url)
  const sent = await sendMessages(sqs, queueUrl, 5, { body: (i) => `m ${i}` })
  const began = Date.now()
  const worker = await start()
  await waitFor('every record', async () => worker.committedRecords >= 5, 40_000)
  const tookMs = Date.now() - began
  // The request timeout is sqs.waittime.seconds + 15 s = 16 s; without it the poll would wait forever.
  assert.ok(tookMs >= 15_000 && tookMs < 30_000, `the silent call was abandoned after its 16 s request timeout (${tookMs} ms)`)
  assert.ok((faults.seen.get('ReceiveMessage') ?? 0) >= 2)
  assert.equal(task(worker).state, 'RUNNING', task(worker).trace)
  await assertAllInKafka(kafkaBootstrap, topic, sent)
  sqs.destroy()
})

test('throttled on every call: the task fails after sqs.max.retries retries, naming the property', async () => {
  const { sqsEndpoint } = await sharedServers()
  const faults = await startFaultServer(sqsEndpoint, (operation) => operation === 'ReceiveMessage' ? answers.throttling : undefined)
  const { sqs, queueUrl, start } = await setUp('faults-retries', faults.url, { 'sqs.max.retries': '2' })
  await sendMessages(sqs, queueUrl, 3, { body: (i) => `m ${i}` })
  const worker = await start()
  const trace = await waitForFailure(worker, 20_000)
  assert.equal(faults.seen.get('ReceiveMessage'), 3, 'the first attempt and 2 retries, no more (the SDK itself does not retry)')
  assert.match(trace, /SqsConnectError: SQS ReceiveMessage still failed after 3 attempt\(s\)/)
  assert.match(trace, /sqs\.max\.retries=2 retries were used up/)
  assert.match(trace, /Last error: ThrottlingException, HTTP 400: Rate exceeded/)
  assert.equal(await messagesInQueue(sqs, queueUrl), 3)
  sqs.destroy()
})

test('403 InvalidClientTokenId fails the task at once with what to fix, and no secret', async () => {
  const { sqsEndpoint } = await sharedServers()
  const faults = await startFaultServer(sqsEndpoint, () => answers.invalidClientTokenId)
  const { sqs, start } = await setUp('faults-creds', faults.url, { 'aws.access.key.id': 'AKIAFAULTTEST', 'aws.secret.key.id': SECRET })
  const began = Date.now()
  const worker = await start()
  const trace = await waitForFailure(worker, 10_000)
  assert.ok(Date.now() - began < 5000, 'failed at once, without backoff')
  assert.equal(faults.seen.get('ReceiveMessage'), 1, 'not retried, neither by the policy nor by the SDK')
  assert.match(trace, /AWS did not accept the connector's credentials: the access key id is not known to AWS/)
  assert.match(trace, /check the credentials from aws\.access\.key\.id \/ aws\.secret\.key\.id/)
  assert.match(trace, /InvalidClientTokenId, HTTP 403: The security token included in the request is invalid/)
  assert.ok(!trace.includes(SECRET), 'the secret key is not in the trace')
  sqs.destroy()
})

test('403 AccessDenied on ReceiveMessage fails the task at once: grant sqs:ReceiveMessage', async () => {
  const { sqsEndpoint } = await sharedServers()
  const faults = await startFaultServer(sqsEndpoint, () => answers.accessDenied)
  const { sqs, queueUrl, start } = await setUp('faults-denied', faults.url)
  const worker = await start()
  const trace = await waitForFailure(worker, 10_000)
  assert.equal(faults.seen.get('ReceiveMessage'), 1)
  assert.ok(trace.includes(`Access denied for sqs:ReceiveMessage on SQS queue ${queueUrl}: grant sqs:ReceiveMessage and sqs:DeleteMessage on this queue`), trace)
  sqs.destroy()
})

test('AccessDenied on DeleteMessageBatch: records reach Kafka, their messages stay in SQS, the task fails naming sqs:DeleteMessage', async () => {
  const { sqsEndpoint } = await sharedServers()
  const faults = await startFaultServer(sqsEndpoint, (operation) => operation === 'DeleteMessageBatch' ? answers.accessDenied : undefined)
  const { sqs, queueUrl, topic, kafkaBootstrap, start } = await setUp('faults-nodelete', faults.url, {}, 60)
  const sent = await sendMessages(sqs, queueUrl, 5, { body: (i) => `m ${i}` })
  const worker = await start()
  const trace = await waitForFailure(worker, 20_000)
  assert.match(trace, /Access denied for sqs:DeleteMessage on SQS queue/)
  assert.equal(faults.faulted.get('DeleteMessageBatch'), faults.seen.get('DeleteMessageBatch'), 'no delete got through')
  await assertAllInKafka(kafkaBootstrap, topic, sent)
  assert.equal(await messagesInQueue(sqs, queueUrl), 5, 'undeleted messages stay: a duplicate later, never a loss')
  sqs.destroy()
})

test('a queue that does not exist (real ElasticMQ) fails the task with the QueueDoesNotExist message', async () => {
  const { kafkaBootstrap, sqsEndpoint } = await sharedServers()
  const queueUrl = `${sqsEndpoint}/000000000000/no-such-queue-${Date.now()}`
  const topic = await createTopic(kafkaBootstrap, 'faults-missing')
  const worker = await startWorker(kafkaBootstrap, [sqsConnector('faults-missing', queueUrl, topic, { 'sqs.waittime.seconds': '1' })])
  const trace = await waitForFailure(worker, 10_000)
  assert.ok(trace.includes(`SQS queue ${queueUrl} does not exist: check sqs.url and the region (sqs.region / AWS_REGION; requests are signed for us-east-1)`), trace)
  assert.match(trace, /SQS ReceiveMessage answered QueueDoesNotExist, HTTP 400: The specified queue does not exist/)
})
