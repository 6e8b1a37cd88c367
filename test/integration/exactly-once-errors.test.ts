/**
 * Exactly-once mode's errors through real Kafka and ElasticMQ: a task whose transactional.id is taken over by a newer
 * instance fails naming the fencing (and nothing is written twice); an unsupported transaction boundary is refused.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { hasCode, ErrorCodes } from '../../src/errors.ts'
import { readCommittedWithJava } from './support/exactly-once.ts'
import { deliveryReport } from './support/delivery.ts'
import { createTopic, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, queueCounts, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const EOS = { 'exactly.once.source.support': 'enabled' }

test('a second worker running the same task fences the first: its task FAILS naming the fencing, no message is written twice', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eos-fenced', { visibilityTimeout: 5 })
  const topic = await createTopic(env.kafkaBootstrap, 'eos-fenced', 1)
  const sent = await sendMessages(sqs, queueUrl, 3000, { body: (i) => `fenced ${i}` }, { concurrency: 8 })
  const connector = sqsConnector(`eos-fenced-${randomUUID().slice(0, 8)}`, queueUrl, topic, { 'producer.override.batch.size': '16384' })
  const first = await startWorker(env.kafkaBootstrap, [connector], EOS)
  await waitFor('the first worker to write', async () => first.committedRecords > 100, 60_000, 50)
  const second = await startWorker(env.kafkaBootstrap, [connector], EOS)
  await waitFor('the first worker\'s task to fail', async () => first.status()[0]?.tasks[0]?.state === 'FAILED', 60_000, 100)
  const trace = first.status()[0]?.tasks[0]?.trace ?? ''
  assert.match(trace, /transactional\.id sqs-connect-eos-fenced-[0-9a-f]+-0 was fenced/)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 120_000, 250)
  await first.stop()
  await second.stop()
  assert.equal((await queueCounts(sqs, queueUrl)).visible, 0)
  const report = deliveryReport(sent, await readCommittedWithJava(env.kafkaBootstrap, topic))
  assert.deepEqual(report.lost, [])
  assert.equal(report.duplicates, 0, 'the fenced instance wrote nothing the new one wrote again')
  sqs.destroy()
})

test('transaction.boundary=interval is refused naming the property, with exactly-once enabled', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'eos-boundary')
  const topic = await createTopic(env.kafkaBootstrap, 'eos-boundary', 1)
  const worker = await startWorker(env.kafkaBootstrap, [], EOS)
  await assert.rejects(worker.startConnector(sqsConnector('eos-boundary', queueUrl, topic, { 'transaction.boundary': 'interval' })),
    (error: unknown) => hasCode(error, ErrorCodes.CONFIG_INVALID) && error.subject === 'transaction.boundary' && /not supported by sqs-connect/.test(error.message))
  assert.deepEqual(worker.status(), [])
  sqs.destroy()
})
