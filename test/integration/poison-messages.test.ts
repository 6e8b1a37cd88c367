/**
 * Poison messages through the real connector: messages received several times for real (without being
 * deleted) before the connector starts, mixed with fresh ones. dlq: the poison ones land on the DLQ topic with
 * their key, value and __sqs.poison.* headers, the fresh ones on kafka.topic, the queue ends empty. redrive:
 * the poison ones never reach Kafka and end up in the queue's SQS dead-letter queue. Off: all on kafka.topic.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { fileMoto } from './support/moto.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, drainIds, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

before(async () => { await sharedServers() })

/** Receives the queue's visible messages with VisibilityTimeout 0 until each of `ids` was received `times` times. */
async function receiveRepeatedly (sqs: SQSClient, queueUrl: string, ids: readonly string[], times: number): Promise<void> {
  const counts = new Map(ids.map((id) => [id, 0]))
  const deadline = Date.now() + 20_000
  while ([...counts.values()].some((n) => n < times)) {
    if (Date.now() > deadline) throw new Error(`could not receive every message ${times} times: ${JSON.stringify([...counts])}`)
    const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }))
    for (const m of reply.Messages ?? []) {
      const id = m.MessageId ?? ''
      const seen = counts.get(id)
      if (seen === undefined) throw new Error(`unexpected message ${id}`)
      counts.set(id, seen + 1)
    }
  }
}

/** Sends `poisonCount` messages and receives each `times` times, then sends `freshCount` more; returns both id lists. */
async function poisonAndFresh (sqs: SQSClient, queueUrl: string, poisonCount: number, freshCount: number, times: number): Promise<{ poison: string[], fresh: string[] }> {
  const poison = await sendMessages(sqs, queueUrl, poisonCount, {
    body: (i) => `poison ${i}`,
    attributes: (i) => ({ Kind: { DataType: 'String', StringValue: `poison-${i}` } })
  })
  await receiveRepeatedly(sqs, queueUrl, poison, times)
  const fresh = await sendMessages(sqs, queueUrl, freshCount, { body: (i) => `fresh ${i}` })
  return { poison, fresh }
}

function header (record: ReadRecord, name: string): string | undefined {
  const found = record.headers.filter(([key]) => key === name).at(-1)
  return found?.[1]?.toString('utf8')
}

interface ValuePayload { Body: string, ApproximateReceiveCount: number }
function valuePayload (record: ReadRecord): ValuePayload {
  return (JSON.parse(record.value?.toString('utf8') ?? 'null') as { payload: ValuePayload }).payload
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort()

/** Reads up to `expected + 2` records for a few seconds: a record beyond the expected ones would show. */
async function readAll (bootstrap: string, topic: string, expected: number, timeoutMs = 4000): Promise<ReadRecord[]> {
  return await readRecords(bootstrap, topic, expected + 2, timeoutMs)
}

async function dlqScenario (sqsEndpoint: string, kafkaBootstrap: string, name: string): Promise<void> {
  const sqs = sqsClient(sqsEndpoint)
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 30 })
  const topic = await createTopic(kafkaBootstrap, name)
  const dlqTopic = await createTopic(kafkaBootstrap, `${name}-poison`)
  const { poison, fresh } = await poisonAndFresh(sqs, queueUrl, 3, 4, 3)
  await startWorker(kafkaBootstrap, [sqsConnector(name, queueUrl, topic, {
    'sqs.poison.receive.count.max': '3', 'sqs.poison.action': 'dlq', 'sqs.poison.dlq.topic': dlqTopic, 'sqs.waittime.seconds': '1'
  })])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)

  const main = await readAll(kafkaBootstrap, topic, fresh.length)
  assert.deepEqual(sorted(main.map((r) => keyPayload(r).MessageId)), sorted(fresh), 'only the fresh messages on kafka.topic')
  assert.ok(main.every((r) => header(r, '__sqs.poison.reason') === undefined))

  const dead = await readAll(kafkaBootstrap, dlqTopic, poison.length)
  assert.deepEqual(sorted(dead.map((r) => keyPayload(r).MessageId)), sorted(poison), 'the poison messages on the DLQ topic')
  for (const record of dead) {
    const id = keyPayload(record).MessageId
    const i = poison.indexOf(id)
    assert.equal(keyPayload(record).QueueUrl, queueUrl)
    assert.deepEqual({ body: valuePayload(record).Body, count: valuePayload(record).ApproximateReceiveCount }, { body: `poison ${i}`, count: 4 })
    assert.equal(header(record, 'Kind'), `poison-${i}`, 'the message attribute header is kept')
    assert.equal(header(record, '__sqs.poison.reason'), 'RECEIVE_COUNT_EXCEEDED')
    assert.equal(header(record, '__sqs.poison.reason.message'), 'ApproximateReceiveCount 4 is above sqs.poison.receive.count.max 3')
    assert.equal(header(record, '__sqs.poison.receive.count'), '4')
    assert.equal(header(record, '__sqs.poison.receive.count.max'), '3')
    assert.equal(header(record, '__sqs.poison.queue.url'), queueUrl)
    assert.equal(header(record, '__sqs.poison.message.id'), id)
    assert.equal(header(record, '__sqs.poison.topic'), topic)
  }
  sqs.destroy()
}

test('dlq: poison messages go to the DLQ topic with their key, value and poison headers; fresh ones to kafka.topic; the queue ends empty', async () => {
  const env = await sharedServers()
  await dlqScenario(env.sqsEndpoint, env.kafkaBootstrap, 'poison-dlq')
})

test('redrive: poison messages never reach Kafka and end in the queue\'s SQS dead-letter queue; fresh ones arrive', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const deadLetterUrl = await createQueue(sqs, 'poison-sqs-dlq')
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }))
  const deadLetterArn = attributes.Attributes?.QueueArn
  assert.ok(deadLetterArn !== undefined)
  const created = await sqs.send(new CreateQueueCommand({
    QueueName: `poison-redrive-${Date.now()}`,
    Attributes: { VisibilityTimeout: '2', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: 5 }) }
  }))
  const queueUrl = created.QueueUrl ?? ''
  const topic = await createTopic(env.kafkaBootstrap, 'poison-redrive')
  const { poison, fresh } = await poisonAndFresh(sqs, queueUrl, 3, 4, 3)
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('poison-redrive', queueUrl, topic, {
    'sqs.poison.receive.count.max': '2', 'sqs.poison.action': 'redrive', 'sqs.waittime.seconds': '1'
  })])
  // Receives 4 and 5 leave them alone (not deleted, visible again after 2 s); on the 6th receive SQS moves them.
  await waitFor('the poison messages in the SQS dead-letter queue', async () => await messagesInQueue(sqs, deadLetterUrl) === poison.length, 30_000)
  await waitFor('the source queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  assert.equal(worker.status()[0]?.tasks[0]?.state, 'RUNNING')
  assert.deepEqual(sorted(await drainIds(sqs, deadLetterUrl)), sorted(poison))
  const main = await readAll(env.kafkaBootstrap, topic, fresh.length)
  assert.deepEqual(sorted(main.map((r) => keyPayload(r).MessageId)), sorted(fresh), 'only the fresh messages reach Kafka')
  sqs.destroy()
})

test('off (default): messages received many times go to kafka.topic like the others', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'poison-off')
  const topic = await createTopic(env.kafkaBootstrap, 'poison-off')
  const { poison, fresh } = await poisonAndFresh(sqs, queueUrl, 2, 2, 4)
  await startWorker(env.kafkaBootstrap, [sqsConnector('poison-off', queueUrl, topic, { 'sqs.waittime.seconds': '1' })])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  const main = await readAll(env.kafkaBootstrap, topic, 4)
  assert.deepEqual(sorted(main.map((r) => keyPayload(r).MessageId)), sorted([...poison, ...fresh]))
  const counts = new Map(main.map((r) => [keyPayload(r).MessageId, valuePayload(r).ApproximateReceiveCount]))
  assert.deepEqual(poison.map((id) => counts.get(id)), [5, 5])
  sqs.destroy()
})

test('moto: dlq routing works the same on the second SQS implementation', { timeout: 15 * 60_000 }, async () => {
  const env = await sharedServers()
  const moto = await fileMoto()
  await dlqScenario(moto.endpoint, env.kafkaBootstrap, 'moto-poison-dlq')
})
