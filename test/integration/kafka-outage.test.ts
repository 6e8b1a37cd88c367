/** Kafka goes away mid-run: nothing is deleted from SQS until it is back, then every message arrives. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readAllRecords } from './support/delivery.ts'
import { createTopic, keyPayload, waitFor } from './support/kafka.ts'
import { privateServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

test('Kafka stopped mid-run: no message is deleted until it is back, then all arrive', async () => {
  const infra = await privateServers()
  const { kafkaBootstrap, sqsEndpoint } = infra.env
  const sqs = sqsClient(sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'outage', { visibilityTimeout: 120 })
  const topic = await createTopic(kafkaBootstrap, 'outage')
  const before = await sendMessages(sqs, queueUrl, 100, { body: (i) => `before ${i}` })
  const worker = await startWorker(kafkaBootstrap, [sqsConnector('outage', queueUrl, topic)])
  await waitFor('the first 100 records', async () => worker.committedRecords >= 100, 60_000)
  await waitFor('their messages to be deleted', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)

  await infra.kafka.stop()
  const during = await sendMessages(sqs, queueUrl, 100, { body: (i) => `during ${i}` })
  // Give the connector time to receive them and fail to produce them.
  await new Promise((resolve) => setTimeout(resolve, 8000))
  assert.equal(worker.committedRecords, 100, 'nothing acknowledged while Kafka is down')
  assert.equal(await messagesInQueue(sqs, queueUrl), 100, 'every message sent during the outage is still in SQS')

  await infra.kafka.start()
  await waitFor('all 200 records acknowledged', async () => worker.committedRecords >= 200, 120_000)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  const records = await readAllRecords(kafkaBootstrap, topic, 60_000)
  const inKafka = new Set(records.map((r) => keyPayload(r).MessageId))
  assert.deepEqual([...before, ...during].filter((id) => !inKafka.has(id)), [], 'every message reached Kafka')
  assert.ok(worker.status()[0]?.tasks.every((t) => t.state === 'RUNNING'), 'the task survived the outage')
  sqs.destroy()
})
