/** At-least-once at volume: 20,000 messages through four tasks; none lost, the queue ends empty, duplicates counted. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deliveryReport, describeReport, readAllRecords, recordsInTopic } from './support/delivery.ts'
import { createTopic, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const COUNT = 20_000

test(`${COUNT} messages on a standard queue with tasks.max=4: none lost, the queue ends empty, duplicates under 1%`, async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'delivery-volume')
  const topic = await createTopic(env.kafkaBootstrap, 'delivery-volume', 4)
  const began = Date.now()
  // The connector runs while the messages are sent: a stream, not a backlog.
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('delivery-volume', queueUrl, topic, { 'tasks.max': '4' })])
  const sent = await sendMessages(sqs, queueUrl, COUNT, { body: (i) => `volume ${i} ${'v'.repeat(i % 100)}` }, { concurrency: 8 })
  const sentIn = Date.now() - began

  await waitFor(`${COUNT} acknowledged records`, async () => worker.committedRecords >= COUNT, 150_000, 500)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000, 500)
  const drainedIn = Date.now() - began
  const records = await readAllRecords(env.kafkaBootstrap, topic)
  const report = deliveryReport(sent, records)
  console.log(describeReport('delivery-volume', report, { acknowledged: worker.committedRecords, sentInMs: sentIn, drainedInMs: drainedIn }))

  assert.equal(new Set(sent).size, COUNT, 'SQS gave every message its own MessageId')
  assert.deepEqual(report.lost.slice(0, 10), [], `${report.lost.length} sent messages are not in Kafka`)
  assert.deepEqual(report.unexpected, [], 'no record for a message that was not sent')
  assert.equal(report.distinct, COUNT)
  assert.equal(report.records, COUNT + report.duplicates)
  assert.ok(report.duplicates < COUNT / 100, `${report.duplicates} duplicates, under 1%`)
  assert.equal(report.records, worker.committedRecords, 'every record in the topic was acknowledged to the task')
  assert.equal(await recordsInTopic(env.kafkaBootstrap, topic), report.records, 'nothing more was written after the queue was empty')
  assert.ok(worker.status()[0]?.tasks.every((t) => t.state === 'RUNNING'), 'all four tasks still running')
  assert.equal(worker.status()[0]?.tasks.length, 4)
  sqs.destroy()
})
