/** Producer settings through real Kafka: overrides take effect, the override policy, 1 MiB messages and size limits. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { startStandalone, workerProperties } from './support/cli.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, drainIds, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'
import { parse } from 'dot-properties'

const MiB = 1024 * 1024

async function topicWith (bootstrap: string, prefix: string, configs: Record<string, string> = {}): Promise<string> {
  return await createTopic(bootstrap, prefix, 1, configs)
}

/** One SendMessage per body (a batch may not exceed 1 MiB in all); MessageIds in order. */
async function sendLarge (sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<string[]> {
  const ids: string[] = []
  for (const body of bodies) {
    const reply = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))
    ids.push(reply.MessageId ?? '')
  }
  return ids
}

test('producer.override.compression.type=gzip is what Kafka stores: the partition is a fraction of the uncompressed one', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const body = (i: number): string => `${i} `.padEnd(20_000, 'compressible ')
  const sizes: Record<string, bigint> = {}
  for (const codec of ['none', 'gzip']) {
    const queueUrl = await createQueue(sqs, `codec-${codec}`)
    const topic = await topicWith(env.kafkaBootstrap, `codec-${codec}`)
    await sendMessages(sqs, queueUrl, 50, { body })
    const worker = await startWorker(env.kafkaBootstrap, [sqsConnector(`codec-${codec}`, queueUrl, topic, { 'producer.override.compression.type': codec })])
    await waitFor('50 records acknowledged', async () => worker.committedRecords >= 50, 60_000)
    await worker.stop()
    const records = await readRecords(env.kafkaBootstrap, topic, 50, 30_000)
    assert.equal(records.length, 50)
    assert.ok(records.every((r) => (r.value?.length ?? 0) > 20_000), 'consumers see the whole, decompressed value')
    const admin = new KafkaAdmin([env.kafkaBootstrap])
    sizes[codec] = (await admin.partitionSizes(topic)).get(0) ?? -1n
    await admin.close()
  }
  assert.ok(sizes.none! > 50n * 20_000n, `uncompressed partition holds the bodies (${sizes.none} bytes)`)
  assert.ok(sizes.gzip! > 0n && sizes.gzip! * 10n < sizes.none!, `gzip partition (${sizes.gzip} bytes) is under a tenth of the uncompressed one (${sizes.none} bytes)`)
  sqs.destroy()
})

test('override policy None: a connector with producer.override.* is refused with Connect\'s message; the worker exits 1', async () => {
  const env = await sharedServers()
  const cli = await startStandalone(
    { ...parse(workerProperties(env.kafkaBootstrap)), 'connector.client.config.override.policy': 'None' },
    sqsConnector('policy-none', `${env.sqsEndpoint}/000000000000/not-used`, 'not-used', { 'producer.override.linger.ms': '100' }))
  const run = await cli.done
  assert.equal(run.code, 1)
  assert.match(run.stderr + run.stdout, /producer\.override\.linger\.ms: The 'None' policy does not allow 'linger\.ms' to be overridden in the connector configuration\./)
})

test('acks cannot be changed: the connector is refused and the error says why', async () => {
  const env = await sharedServers()
  await assert.rejects(startWorker(env.kafkaBootstrap, [sqsConnector('acks-one', `${env.sqsEndpoint}/000000000000/not-used`, 'not-used', { 'producer.override.acks': '1' })]),
    /producer\.override\.acks: sqs-connect does not allow 'acks' to be set to 1: the producer always waits for all in-sync replicas \(acks=all\)/)
})

test('a 1 MiB SQS message reaches a topic whose max.message.bytes allows it, with the default producer settings', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'one-mib')
  const topic = await topicWith(env.kafkaBootstrap, 'one-mib', { 'max.message.bytes': String(2 * MiB) })
  const bodies = [`${'{"a":"b"} '.repeat(MiB / 10)}`.slice(0, MiB), 'small']
  const ids = await sendLarge(sqs, queueUrl, bodies)
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('one-mib', queueUrl, topic)])
  await waitFor('both records acknowledged', async () => worker.committedRecords >= 2, 60_000)
  const records = await readRecords(env.kafkaBootstrap, topic, 2, 30_000)
  const big = records.find((r) => keyPayload(r).MessageId === ids[0])
  assert.ok(big !== undefined, 'the 1 MiB message is in Kafka')
  // JsonConverter escapes the quotes: the value is bigger than the body, and over Kafka's 1 MiB producer default.
  assert.ok((big.value?.length ?? 0) > MiB + 200_000, `value of ${big.value?.length} bytes`)
  const value = JSON.parse(big.value!.toString('utf8')) as { payload: { Body: string } }
  assert.equal(value.payload.Body, bodies[0])
  await waitFor('both messages deleted', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  assert.ok(worker.status()[0]?.tasks.every((t) => t.state === 'RUNNING'))
  sqs.destroy()
})

test('a record over max.request.size: the error names its message and the limit; it stays in SQS, the others arrive', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'request-size', { visibilityTimeout: 1 })
  const topic = await topicWith(env.kafkaBootstrap, 'request-size')
  const ids = await sendLarge(sqs, queueUrl, ['small 0', 'x'.repeat(200_000), 'small 2'])
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('request-size', queueUrl, topic, { 'producer.override.max.request.size': '100000', 'sqs.messages.max': '10' })])
  await waitFor('the task to fail', async () => worker.status()[0]?.tasks[0]?.state === 'FAILED', 30_000)
  const trace = worker.status()[0]?.tasks[0]?.trace ?? ''
  assert.match(trace, new RegExp(`"MessageId":"${ids[1]}"`))
  assert.match(trace, /is 20\d{4} bytes as a Kafka record .*max\.request\.size of 100000 bytes/)
  await worker.stop()
  await new Promise((resolve) => setTimeout(resolve, 1200))
  const left = await drainIds(sqs, queueUrl)
  assert.ok(left.includes(ids[1]!), 'the refused message is still in the queue')
  const delivered = (await readRecords(env.kafkaBootstrap, topic, 2, 10_000)).map((r) => keyPayload(r).MessageId)
  for (const id of ids) assert.ok(delivered.includes(id) !== left.includes(id), `message ${id} is in Kafka xor in SQS`)
  sqs.destroy()
})

test('a record over the topic\'s max.message.bytes: the error names its message, the topic limit and max.request.size', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'broker-size', { visibilityTimeout: 1 })
  const topic = await topicWith(env.kafkaBootstrap, 'broker-size', { 'max.message.bytes': '300000' })
  const [id] = await sendLarge(sqs, queueUrl, ['y'.repeat(400_000)])
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('broker-size', queueUrl, topic)])
  await waitFor('the task to fail', async () => worker.status()[0]?.tasks[0]?.state === 'FAILED', 30_000)
  const trace = worker.status()[0]?.tasks[0]?.trace ?? ''
  assert.match(trace, new RegExp(`"MessageId":"${id}"`))
  assert.match(trace, /max\.request\.size is 4194304/)
  assert.match(trace, new RegExp(`MESSAGE_TOO_LARGE; topic ${topic} accepts record batches of at most 300000 bytes \\(max\\.message\\.bytes\\)`))
  await worker.stop()
  await new Promise((resolve) => setTimeout(resolve, 1200))
  assert.deepEqual(await drainIds(sqs, queueUrl), [id], 'the message is still in the queue')
  sqs.destroy()
})
