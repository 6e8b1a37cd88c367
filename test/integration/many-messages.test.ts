/** Volume through two tasks: every message arrives in Kafka and the queue ends empty. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readAllRecords } from './support/delivery.ts'
import { createTopic, keyPayload, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const COUNT = 2000

test(`${COUNT} messages with tasks.max=2 arrive complete and the queue ends empty`, async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'many')
  const topic = await createTopic(env.kafkaBootstrap, 'many', 3)
  const sentIds = await sendMessages(sqs, queueUrl, COUNT, { body: (i) => `message ${i} ${'x'.repeat(i % 200)}` })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('many', queueUrl, topic, { 'tasks.max': '2' })])

  await waitFor(`${COUNT} acknowledged records`, async () => worker.committedRecords >= COUNT, 120_000)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  // Every record in the topic (at least once: a redelivered message adds one).
  const records = await readAllRecords(env.kafkaBootstrap, topic, 60_000)
  const received = new Set(records.map((r) => keyPayload(r).MessageId))
  const missing = sentIds.filter((id) => !received.has(id))
  assert.deepEqual(missing, [], 'every sent message is in Kafka')
  assert.equal(worker.status()[0]?.tasks.length, 2)
  assert.ok(worker.status()[0]?.tasks.every((t) => t.state === 'RUNNING'))
  // Both tasks did work: each task's producer used the same topic, so check records were spread by key over partitions.
  assert.ok(new Set(records.map((r) => r.partition)).size > 1, 'records keyed by their key struct spread over partitions')
  sqs.destroy()
})
