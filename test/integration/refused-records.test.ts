/** Records Kafka will not take: the task fails with an error naming the cause, and the messages stay in SQS. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, drainIds, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

test('a topic that does not exist fails the task with a clear error; the message is not deleted', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'no-topic', { visibilityTimeout: 1 })
  const [sent] = await sendMessages(sqs, queueUrl, 1, { body: () => 'kept' })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('no-topic', queueUrl, 'topic-that-does-not-exist')])
  await waitFor('the task to fail', async () => worker.status()[0]?.tasks[0]?.state === 'FAILED', 30_000)
  assert.match(worker.status()[0]?.tasks[0]?.trace ?? '', /Topic topic-that-does-not-exist does not exist in Kafka/)
  await worker.stop()
  await new Promise((resolve) => setTimeout(resolve, 1200))
  assert.deepEqual(await drainIds(sqs, queueUrl), [sent], 'the message is still in the queue')
  sqs.destroy()
})

test('a record too large for the topic: the error names its message, which stays; the others are delivered', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'too-large', { visibilityTimeout: 1 })
  const topic = `too-large-${Date.now()}`
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  await admin.ensureTopic({ name: topic, configs: { 'max.message.bytes': '4096' } })
  await admin.close()
  const ids = await sendMessages(sqs, queueUrl, 3, { body: (i) => (i === 1 ? 'x'.repeat(20_000) : `small ${i}`) })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('too-large', queueUrl, topic, { 'sqs.messages.max': '10' })])
  await waitFor('the task to fail', async () => worker.status()[0]?.tasks[0]?.state === 'FAILED', 30_000)
  const trace = worker.status()[0]?.tasks[0]?.trace ?? ''
  assert.match(trace, new RegExp(`"MessageId":"${ids[1]}"`))
  assert.match(trace, /MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/)
  await worker.stop()
  await new Promise((resolve) => setTimeout(resolve, 1200))
  const left = await drainIds(sqs, queueUrl)
  assert.ok(left.includes(ids[1]!), 'the refused message is still in the queue')
  const delivered = (await readRecords(env.kafkaBootstrap, topic, 2, 10_000)).map((r) => keyPayload(r).MessageId)
  // Every message is in exactly one place: Kafka (then deleted) or the queue.
  for (const id of ids) assert.ok(delivered.includes(id) !== left.includes(id), `message ${id} is in Kafka xor in SQS`)
  assert.ok(await messagesInQueue(sqs, queueUrl) >= 1)
  sqs.destroy()
})
