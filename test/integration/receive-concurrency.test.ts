/** sqs.receive.concurrency: several outstanding long polls per task, through ElasticMQ and Kafka. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

test('sqs.receive.concurrency=4: every message arrives once, the queue empties, stop is prompt and clean', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'concurrent', { visibilityTimeout: 60 })
  const topic = await createTopic(env.kafkaBootstrap, 'concurrent')
  const ids = await sendMessages(sqs, queueUrl, 300, { body: (i) => `message ${i}` })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('concurrent', queueUrl, topic, { 'sqs.receive.concurrency': '4' })])
  await waitFor('300 records acknowledged', async () => worker.committedRecords >= 300, 90_000)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  const records = await readRecords(env.kafkaBootstrap, topic, 301, 5000)
  const inKafka = records.map((r) => keyPayload(r).MessageId)
  assert.equal(inKafka.length, 300, 'no duplicates')
  assert.deepEqual([...inKafka].sort(), [...ids].sort())
  // Four long polls (20 s each) are outstanding on an empty queue: stopping aborts them all at once.
  const started = Date.now()
  await worker.stop()
  assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`)
  assert.deepEqual(worker.status()[0]?.tasks.map((t) => t.state), ['STOPPED'])
  sqs.destroy()
})

test('sqs.receive.concurrency=4 on a FIFO queue keeps each message group in order in Kafka', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'concurrent-fifo', { fifo: true, visibilityTimeout: 60 })
  const topic = await createTopic(env.kafkaBootstrap, 'concurrent-fifo')
  const groups = 6
  const ids = await sendMessages(sqs, queueUrl, 120, { body: (i) => `message ${i}`, groupId: (i) => `g${i % groups}` })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('concurrent-fifo', queueUrl, topic, { 'sqs.receive.concurrency': '4', 'sqs.messages.max': '3' })])
  await waitFor('120 records acknowledged', async () => worker.committedRecords >= 120, 90_000)
  const records = await readRecords(env.kafkaBootstrap, topic, 120, 30_000)
  const order = records.map((r) => keyPayload(r))
  assert.equal(order.length, 120)
  for (let g = 0; g < groups; g++) {
    const sent = ids.filter((_, i) => i % groups === g)
    const got = order.filter((k) => k.MessageGroupId === `g${g}`).map((k) => k.MessageId)
    assert.deepEqual(got, sent, `group g${g} is in send order`)
  }
  await worker.stop()
  sqs.destroy()
})

test('4 receives are outstanding, but they never run ahead of the buffer bound', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'concurrent-bounded', { visibilityTimeout: 60 })
  const topic = await createTopic(env.kafkaBootstrap, 'concurrent-bounded')
  const total = 60
  await sendMessages(sqs, queueUrl, total, { body: (i) => `${i} `.padEnd(50_000, 'w') })
  const worker = await startWorker(env.kafkaBootstrap,
    [sqsConnector('concurrent-bounded', queueUrl, topic, { 'sqs.receive.concurrency': '4', 'sqs.messages.max': '1' })],
    { 'sqsconnect.task.buffer.max.records': '1' })
  // Received and not yet acknowledged by Kafka = total - still visible - acknowledged. Both readings only lag,
  // so a sample never overstates it.
  let peak = 0
  while (worker.committedRecords < total) {
    const reply = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))
    peak = Math.max(peak, total - Number(reply.Attributes?.ApproximateNumberOfMessages ?? total) - worker.committedRecords)
    assert.notEqual(worker.status()[0]?.tasks[0]?.state, 'FAILED')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  // The runtime holds 1 record (its bound); the task at most 3 finished receives and 1 completing. With one
  // receive at a time it would be 1.
  assert.ok(peak >= 3, `several receives were outstanding: at most ${peak} messages received and not acknowledged at once`)
  assert.ok(peak <= 5, `receives did not run ahead of the bound: ${peak} messages received and not acknowledged at once`)
  await worker.stop()
  assert.equal((await readRecords(env.kafkaBootstrap, topic, total, 30_000)).length, total)
  sqs.destroy()
})
