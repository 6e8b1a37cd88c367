/**
 * Kafka stopped for six times the queue's visibility timeout while messages keep arriving: the tasks must hold
 * what they received (heartbeats) and stop receiving more, so that once Kafka is back each message is written
 * about once. Redelivered messages show in the records' ApproximateReceiveCount (> 1); a record written twice
 * from one receive (the producer sending a request again) would carry the same count twice.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { deliveryReport, describeReport, readAllRecords } from './support/delivery.ts'
import { createTopic, waitFor } from './support/kafka.ts'
import { privateServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const VISIBILITY_S = 5
const OUTAGE_MS = 30_000
/** Messages per second, sent in batches of 10 throughout. */
const RATE = 50

/** Records whose message SQS had handed out more than once when it was received (a redelivery). */
function redelivered (records: readonly ReadRecord[]): number {
  return records.filter((record) => {
    const value = JSON.parse(record.value?.toString('utf8') ?? 'null') as { payload: { ApproximateReceiveCount: number } }
    return value.payload.ApproximateReceiveCount > 1
  }).length
}

test(`Kafka stopped ${OUTAGE_MS / 1000} s (visibility timeout ${VISIBILITY_S} s) under steady traffic: no loss and (almost) no redelivery`, async () => {
  const name = 'long-outage'
  const infra = await privateServers()
  const { kafkaBootstrap, sqsEndpoint } = infra.env
  const sqs = sqsClient(sqsEndpoint)
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: VISIBILITY_S })
  const topic = await createTopic(kafkaBootstrap, name, 2)
  const worker = await startWorker(kafkaBootstrap, [sqsConnector(name, queueUrl, topic, { 'tasks.max': '2' })])

  const sent: string[] = []
  let sending = true
  const sender = (async () => {
    for (let batch = 0; sending; batch++) {
      const began = Date.now()
      sent.push(...await sendMessages(sqs, queueUrl, 10, { body: (i) => `${name} ${batch * 10 + i}` }))
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 / RATE - (Date.now() - began))))
    }
  })()

  await waitFor('records flowing', async () => worker.committedRecords >= 2 * RATE, 60_000, 50)
  await infra.kafka.stop()
  const acknowledgedAtOutage = worker.committedRecords
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))
  assert.equal(worker.committedRecords, acknowledgedAtOutage, 'nothing acknowledged while Kafka is down')
  await infra.kafka.start()
  await waitFor('records after the outage', async () => worker.committedRecords > acknowledgedAtOutage, 120_000, 100)
  await new Promise((resolve) => setTimeout(resolve, 2000))
  sending = false
  await sender

  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 180_000, 250)
  const records = await readAllRecords(kafkaBootstrap, topic)
  const report = deliveryReport(sent, records)
  const again = redelivered(records)
  console.log(describeReport(name, report, { acknowledgedAtOutage, redelivered: again, tasks: worker.status()[0]?.tasks.map((t) => t.state) }))

  assert.deepEqual(report.lost.slice(0, 10), [], `${report.lost.length} sent messages are not in Kafka`)
  assert.deepEqual(report.unexpected, [], 'no record for a message that was not sent')
  assert.equal(report.distinct, sent.length)
  assert.ok(worker.status()[0]?.tasks.every((t) => t.state === 'RUNNING'), 'both tasks survived the outage')
  // Every held message was kept hidden for the whole outage: none handed out a second time. A stop is graceful,
  // so the request out when Kafka went is answered or refused; at most it is sent again (same receive).
  assert.equal(again, 0, `${again} records come from messages SQS delivered again during the outage`)
  assert.ok(report.duplicates <= 2 * RATE, `${report.duplicates} duplicates for a ${OUTAGE_MS / 1000} s outage`)
  await worker.stop()
  sqs.destroy()
})
