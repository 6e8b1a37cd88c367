/**
 * Kafka stopped (and, in the second test, killed) in the middle of a stream through two tasks: while it is down
 * no message leaves the queue (sampled throughout), and once it is back every message reaches Kafka and the
 * queue ends empty.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deliveryReport, describeReport, readAllRecords } from './support/delivery.ts'
import { createTopic, waitFor } from './support/kafka.ts'
import { privateServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const BACKLOG = 4000
const DURING = 500
/** Most records in one produce request: the most one task can have written without hearing back when Kafka went. */
const MAX_BATCH = 1000

async function outage (name: string, how: 'stop' | 'kill'): Promise<void> {
  const infra = await privateServers()
  const { kafkaBootstrap, sqsEndpoint } = infra.env
  const sqs = sqsClient(sqsEndpoint)
  // Long enough that nothing received before the outage comes back during it.
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 120 })
  const topic = await createTopic(kafkaBootstrap, name, 2)
  const backlog = await sendMessages(sqs, queueUrl, BACKLOG, { body: (i) => `${name} backlog ${i}` }, { concurrency: 8 })
  const worker = await startWorker(kafkaBootstrap, [sqsConnector(name, queueUrl, topic, { 'tasks.max': '2' })])
  await waitFor('a quarter of the backlog acknowledged', async () => worker.committedRecords >= BACKLOG / 4, 60_000, 20)

  await (how === 'stop' ? infra.kafka.stop() : infra.kafka.kill())
  const acknowledgedAtOutage = worker.committedRecords
  assert.ok(acknowledgedAtOutage < BACKLOG, `Kafka went away mid-stream (${acknowledgedAtOutage} of ${BACKLOG} acknowledged)`)
  // Deletes of records acknowledged just before the outage may still be on their way (20 ms linger, one round trip).
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const atOutage = await messagesInQueue(sqs, queueUrl)
  assert.equal(atOutage, BACKLOG - acknowledgedAtOutage, 'every acknowledged message was deleted, and no other')
  const sending = sendMessages(sqs, queueUrl, DURING, { body: (i) => `${name} during ${i}` }, { concurrency: 2 })
  const samples: number[] = [atOutage]
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    samples.push(await messagesInQueue(sqs, queueUrl))
  }
  const during = await sending
  samples.push(await messagesInQueue(sqs, queueUrl))
  const dropped = samples.findIndex((n, i) => i > 0 && n < (samples[i - 1] ?? 0))
  assert.equal(dropped, -1, `the queue count never drops while Kafka is down: ${samples.join(' ')}`)
  assert.equal(samples.at(-1), atOutage + DURING, 'every message is still in SQS, plus those sent during the outage')
  assert.equal(worker.committedRecords, acknowledgedAtOutage, 'nothing acknowledged while Kafka is down')

  await infra.kafka.start()
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 120_000, 250)
  const records = await readAllRecords(kafkaBootstrap, topic)
  const report = deliveryReport([...backlog, ...during], records)
  console.log(describeReport(name, report, { acknowledgedAtOutage, inQueueAtOutage: atOutage, samples: samples.join(' ') }))

  assert.deepEqual(report.lost.slice(0, 10), [], `${report.lost.length} sent messages are not in Kafka`)
  assert.deepEqual(report.unexpected, [], 'no record for a message that was not sent')
  assert.equal(report.distinct, BACKLOG + DURING)
  // A produce request out when Kafka went may have been written without an answer; it is sent again.
  assert.ok(report.duplicates <= 2 * MAX_BATCH, `${report.duplicates} duplicates, at most one request per task`)
  assert.equal(worker.committedRecords + report.duplicates, report.records, 'every record in Kafka was acknowledged once, bar re-sent ones')
  assert.ok(worker.status()[0]?.tasks.every((t) => t.state === 'RUNNING'), 'both tasks survived the outage')
  await worker.stop()
  sqs.destroy()
}

test('Kafka stopped mid-stream with tasks.max=2: no message deleted while it is down, none lost after, queue empty', async () => {
  await outage('outage-stop', 'stop')
})

test('Kafka killed (-9) mid-stream with tasks.max=2: no message deleted while it is down, none lost after, queue empty', async () => {
  await outage('outage-kill', 'kill')
})
