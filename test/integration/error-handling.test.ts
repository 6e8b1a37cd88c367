/**
 * errors.* through real Kafka and ElasticMQ (docs/error-handling.md). The failing stage is shipped code: a
 * connector whose header.converter is ByteArrayConverter cannot convert a message that carries a String
 * attribute ("Invalid schema type for ByteArrayConverter: STRING"), while messages without attributes pass.
 * Kafka's own refusal (max.message.bytes) stands for a producer failure, and a header value that fails twice
 * before it converts for a retriable failure.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { RecordProducer } from '../../src/kafka/producer.ts'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import type { RecordSender } from '../../src/runtime/worker-source-task.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { startLoggedWorker, taskState, taskTrace } from './support/logged-worker.ts'
import { flakyHeaderPlugin } from './support/flaky-header-connector.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, drainIds, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector } from './support/worker.ts'

before(async () => { await sharedServers() })

const SECRET = 'eh-secret-never-logged-4711'
const BYTE_ARRAY = 'org.apache.kafka.connect.converters.ByteArrayConverter'

/** A connector whose header converter fails on String attributes; credentials given so the test can look for the secret in logs. */
function failingHeaders (name: string, queueUrl: string, topic: string, extra: Record<string, string> = {}): Record<string, string> {
  return sqsConnector(name, queueUrl, topic, {
    'header.converter': BYTE_ARRAY, 'sqs.waittime.seconds': '1', 'aws.access.key.id': 'local', 'aws.secret.key.id': SECRET, ...extra
  })
}

async function sendGood (sqs: SQSClient, queueUrl: string, count: number): Promise<string[]> {
  return await sendMessages(sqs, queueUrl, count, { body: (i) => `good ${i}` })
}

async function sendBad (sqs: SQSClient, queueUrl: string, count: number): Promise<string[]> {
  return await sendMessages(sqs, queueUrl, count, { body: (i) => `bad ${i}`, attributes: (i) => ({ Kind: { DataType: 'String', StringValue: `bad-${i}` } }) })
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort()

function header (record: ReadRecord, name: string): string | undefined {
  return record.headers.filter(([key]) => key === name).at(-1)?.[1]?.toString('utf8')
}

function payload<T> (bytes: Buffer | null): T {
  return (JSON.parse(bytes?.toString('utf8') ?? 'null') as { payload: T }).payload
}

/** Reads the topic for a while: `expected` records, and a few seconds for any record beyond them to show. */
async function readAll (bootstrap: string, topic: string, expected: number, timeoutMs = 5000): Promise<ReadRecord[]> {
  return await readRecords(bootstrap, topic, expected + 1, timeoutMs)
}

test('errors.tolerance=none: a converter failure fails the task, the message stays in SQS, errors.log.enable logs Connect\'s line', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eh-none', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'eh-none')
  const [bad] = await sendBad(sqs, queueUrl, 1)
  const { worker, lines, text } = await startLoggedWorker(env.kafkaBootstrap, [failingHeaders('eh-none', queueUrl, topic, { 'errors.log.enable': 'true' })])
  await waitFor('the task to fail', async () => taskState(worker) === 'FAILED', 30_000)
  assert.match(taskTrace(worker), /Tolerance exceeded in error handler \(errors.tolerance=none\): stage HEADER_CONVERTER with class org\.apache\.kafka\.connect\.converters\.ByteArrayConverter failed/)
  assert.match(taskTrace(worker), /Invalid schema type for ByteArrayConverter: STRING/)
  const logged = lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Error encountered in task'))
  assert.deepEqual(logged.map((l) => l.msg), [`Error encountered in task eh-none-0. Executing stage 'HEADER_CONVERTER' with class '${BYTE_ARRAY}'.`])
  assert.equal(logged[0]?.level, 50, 'logged at error level')
  await worker.stop()
  assert.deepEqual(await drainIds(sqs, queueUrl), [bad], 'the message is still in the queue (made visible again at once)')
  assert.equal((await readAll(env.kafkaBootstrap, topic, 0, 2000)).length, 0)
  assert.ok(!text().includes(SECRET), 'no secret in the logs')
  sqs.destroy()
})

test('errors.tolerance=all without a dead-letter topic: failed records are skipped and their messages left to come back; the others are delivered', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eh-all', { visibilityTimeout: 2 })
  const topic = await createTopic(env.kafkaBootstrap, 'eh-all')
  const bad = await sendBad(sqs, queueUrl, 2)
  const good = await sendGood(sqs, queueUrl, 3)
  const { worker, lines, text } = await startLoggedWorker(env.kafkaBootstrap, [failingHeaders('eh-all', queueUrl, topic, {
    'errors.tolerance': 'all', 'errors.log.enable': 'true', 'errors.log.include.messages': 'true'
  })])
  const errorLinesFor = (id: string): number => lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Error encountered in task eh-all-0.') && l.msg.includes(`sourceOffset={MessageId=${id}}`)).length
  // Each bad message is received again after its 2 s visibility timeout: it was neither deleted nor held.
  await waitFor('each failed message to be received (and skipped) twice', async () => bad.every((id) => errorLinesFor(id) >= 2), 30_000)
  assert.equal(taskState(worker), 'RUNNING')
  const written = await readAll(env.kafkaBootstrap, topic, good.length)
  assert.deepEqual(sorted(written.map((r) => keyPayload(r).MessageId)), sorted(good), 'exactly the good messages reach the topic')
  const line = lines().find((l) => typeof l.msg === 'string' && l.msg.includes(`MessageId=${bad[0]}`))?.msg as string
  assert.match(line, new RegExp(`^Error encountered in task eh-all-0\\. Executing stage 'HEADER_CONVERTER' with class '${BYTE_ARRAY.replaceAll('.', '\\.')}', where source record is = ` +
    `SourceRecord\\{sourcePartition=\\{QueueUrl=${queueUrl.replaceAll('.', '\\.')}\\}, sourceOffset=\\{MessageId=${bad[0]}\\}\\} ConnectRecord\\{topic='${topic}', kafkaPartition=null, key=Struct\\{`))
  assert.match(line, /ConnectHeader\(key=Kind, value=bad-0, schema=Schema\{STRING\}\)/)
  assert.match(line, /Body=bad 0/)
  await worker.stop()
  assert.equal(await messagesInQueue(sqs, queueUrl), bad.length, 'the good messages were deleted, the failed ones not')
  await new Promise((resolve) => setTimeout(resolve, 2500))
  assert.deepEqual(sorted(await drainIds(sqs, queueUrl)), sorted(bad))
  assert.ok(!text().includes(SECRET), 'no secret in the logs')
  sqs.destroy()
})

test('errors.tolerance=all with a dead-letter topic: created on one broker, records with __connect.errors.* headers, messages deleted only after the DLQ ack', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eh-dlq', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'eh-dlq')
  const dlqTopic = `eh-dlq-dead-${Date.now()}`
  let release = (): void => {}
  const gate = new Promise<void>((resolve) => { release = resolve })
  let dlqSends = 0
  const createSender = (clientId: string): RecordSender => {
    const real = new RecordProducer({ bootstrapServers: [env.kafkaBootstrap], clientId })
    if (!clientId.startsWith('connector-dlq-producer-eh-dlq-')) return real
    return { send: async (records) => { dlqSends++; await gate; return await real.send(records) }, close: async () => { await real.close() } }
  }
  const { worker } = await startLoggedWorker(env.kafkaBootstrap, [failingHeaders('eh-dlq', queueUrl, topic, {
    'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': dlqTopic, 'errors.deadletterqueue.context.headers.enable': 'true'
  })], { createSender })
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  try {
    // The default replication factor of 3 is lowered to the one broker's 1.
    assert.deepEqual(await admin.describeTopic(dlqTopic), { partitions: 1, replicationFactor: 1 })
  } finally {
    await admin.close()
  }
  const good = await sendGood(sqs, queueUrl, 3)
  await waitFor('the good records', async () => (await readRecords(env.kafkaBootstrap, topic, good.length, 2000)).length === good.length, 30_000)
  const bad = await sendBad(sqs, queueUrl, 2)
  await waitFor('the dead-letter producer to be called', async () => dlqSends > 0, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  assert.equal(await messagesInQueue(sqs, queueUrl), bad.length, 'while the DLQ write is held back, the failed messages stay in the queue')
  release()
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  assert.equal(taskState(worker), 'RUNNING')

  const dead = await readAll(env.kafkaBootstrap, dlqTopic, bad.length)
  assert.deepEqual(sorted(dead.map((r) => keyPayload(r).MessageId)), sorted(bad))
  for (const record of dead) {
    const id = keyPayload(record).MessageId
    const i = bad.indexOf(id)
    assert.equal(payload<{ Body: string }>(record.value).Body, `bad ${i}`, 'the value is the original record in JsonConverter format')
    assert.equal(header(record, 'Kind'), `bad-${i}`, 'the original headers are kept')
    assert.equal(header(record, '__connect.errors.topic'), topic)
    assert.equal(header(record, '__connect.errors.partition'), undefined, 'a source record has no partition yet')
    assert.equal(header(record, '__connect.errors.offset'), undefined)
    assert.equal(header(record, '__connect.errors.connector.name'), 'eh-dlq')
    assert.equal(header(record, '__connect.errors.task.id'), '0')
    assert.equal(header(record, '__connect.errors.stage'), 'HEADER_CONVERTER')
    assert.equal(header(record, '__connect.errors.class.name'), BYTE_ARRAY)
    assert.equal(header(record, '__connect.errors.exception.class.name'), 'SqsConnectError')
    assert.match(header(record, '__connect.errors.exception.message') ?? '', /The header\.converter could not convert .*Invalid schema type for ByteArrayConverter: STRING/)
    assert.match(header(record, '__connect.errors.exception.stacktrace') ?? '', /^SqsConnectError: [\s\S]*\n {4}at [\s\S]*Caused by: SqsConnectError: Invalid schema type/)
    assert.deepEqual(JSON.parse(header(record, '__connect.errors.source.offset') ?? 'null'), { MessageId: id })
    assert.deepEqual(JSON.parse(header(record, '__connect.errors.source.partition') ?? 'null'), { QueueUrl: queueUrl })
  }
  const main = await readAll(env.kafkaBootstrap, topic, good.length, 2000)
  assert.deepEqual(sorted(main.map((r) => keyPayload(r).MessageId)), sorted(good))
  sqs.destroy()
})

test('a dead-letter topic that refuses the record (max.message.bytes): the failure is logged, the message stays, the task runs on', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eh-dlq-refused', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'eh-dlq-refused')
  const dlqTopic = await createTopic(env.kafkaBootstrap, 'eh-dlq-refused-dead', 1, { 'max.message.bytes': '300' })
  const [bad] = await sendBad(sqs, queueUrl, 1)
  const good = await sendGood(sqs, queueUrl, 2)
  const { worker, lines } = await startLoggedWorker(env.kafkaBootstrap, [failingHeaders('eh-dlq-refused', queueUrl, topic, {
    'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': dlqTopic
  })])
  await waitFor('the dead-letter failure to be logged', async () => lines().some((l) => l.msg === `Could not produce message to dead letter queue. topic=${dlqTopic}. The record is dropped without being acknowledged, so its source message is not deleted`), 30_000)
  await waitFor('the good messages to be deleted', async () => await messagesInQueue(sqs, queueUrl) === 1, 30_000)
  assert.equal(taskState(worker), 'RUNNING')
  assert.equal((await readAll(env.kafkaBootstrap, dlqTopic, 0, 2000)).length, 0)
  assert.deepEqual(sorted((await readAll(env.kafkaBootstrap, topic, good.length, 2000)).map((r) => keyPayload(r).MessageId)), sorted(good))
  await worker.stop()
  // Abandoned, not released: it stays invisible for the rest of its 30 s visibility timeout, then comes back.
  assert.equal(await messagesInQueue(sqs, queueUrl), 1, 'the failed message is still in the queue')
  assert.deepEqual(await drainIds(sqs, queueUrl), [], 'and not visible before its visibility timeout ends')
  const failure = lines().find((l) => typeof l.msg === 'string' && l.msg.startsWith('Could not produce message to dead letter queue'))
  assert.deepEqual(failure?.sourceOffset, { MessageId: bad }, 'the failure names the message')
  sqs.destroy()
})

test('KIP-779: a record Kafka refuses for good goes, with errors.tolerance=all, to the dead-letter topic (stage KAFKA_PRODUCE) and its message is deleted', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eh-produce', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'eh-produce', 1, { 'max.message.bytes': '4096' })
  const dlqTopic = await createTopic(env.kafkaBootstrap, 'eh-produce-dead')
  const ids = await sendMessages(sqs, queueUrl, 3, { body: (i) => (i === 1 ? 'x'.repeat(20_000) : `small ${i}`) })
  const { worker } = await startLoggedWorker(env.kafkaBootstrap, [sqsConnector('eh-produce', queueUrl, topic, {
    'sqs.waittime.seconds': '1', 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': dlqTopic, 'errors.deadletterqueue.context.headers.enable': 'true'
  })])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  assert.equal(taskState(worker), 'RUNNING')
  const main = await readAll(env.kafkaBootstrap, topic, 2)
  assert.deepEqual(sorted(main.map((r) => keyPayload(r).MessageId)), sorted([ids[0]!, ids[2]!]))
  const [dead, ...more] = await readAll(env.kafkaBootstrap, dlqTopic, 1)
  assert.equal(more.length, 0)
  assert.ok(dead !== undefined)
  assert.equal(keyPayload(dead).MessageId, ids[1])
  assert.equal(payload<{ Body: string }>(dead.value).Body, 'x'.repeat(20_000))
  assert.equal(header(dead, '__connect.errors.stage'), 'KAFKA_PRODUCE')
  assert.equal(header(dead, '__connect.errors.class.name'), 'org.apache.kafka.connect.runtime.WorkerSourceTask')
  assert.match(header(dead, '__connect.errors.exception.message') ?? '', /Kafka refused the record .*MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/)
  sqs.destroy()
})

test('a retriable failure is retried within errors.retry.timeout and the record arrives; with no retries the same failure fails the task', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const flaky = { Flaky: { DataType: 'String', StringValue: 'yes' } }
  const queueUrl = await createQueue(sqs, 'eh-retry', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'eh-retry')
  const [id] = await sendMessages(sqs, queueUrl, 1, { body: () => 'flaky', attributes: () => flaky })
  const connector = (name: string, q: string, t: string, retryTimeout: string): Record<string, string> => ({
    ...sqsConnector(name, q, t, { 'sqs.waittime.seconds': '1', 'header.converter': 'org.apache.kafka.connect.storage.StringConverter' }),
    'connector.class': flakyHeaderPlugin.className, 'errors.retry.timeout': retryTimeout, 'errors.retry.delay.max.ms': '1000', 'errors.log.enable': 'true'
  })
  const { worker, lines } = await startLoggedWorker(env.kafkaBootstrap, [connector('eh-retry', queueUrl, topic, '20000')], { plugins: [flakyHeaderPlugin] })
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  const [record] = await readAll(env.kafkaBootstrap, topic, 1)
  assert.ok(record !== undefined)
  assert.equal(keyPayload(record).MessageId, id)
  assert.equal(header(record, 'Transient'), 'converted on attempt 3', 'two retriable failures, then success')
  assert.equal(taskState(worker), 'RUNNING')
  assert.equal(lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Error encountered')).length, 0, 'a failure that a retry fixed is not reported')
  await worker.stop()

  const queue2 = await createQueue(sqs, 'eh-no-retry', { visibilityTimeout: 30 })
  const topic2 = await createTopic(env.kafkaBootstrap, 'eh-no-retry')
  const [id2] = await sendMessages(sqs, queue2, 1, { body: () => 'flaky', attributes: () => flaky })
  const control = await startLoggedWorker(env.kafkaBootstrap, [connector('eh-no-retry', queue2, topic2, '0')], { plugins: [flakyHeaderPlugin] })
  await waitFor('the task to fail', async () => taskState(control.worker) === 'FAILED', 30_000)
  assert.match(taskTrace(control.worker), /stage HEADER_CONVERTER .*transient failure 1 of 2/)
  await control.worker.stop()
  assert.deepEqual(await drainIds(sqs, queue2), [id2])
  sqs.destroy()
})
