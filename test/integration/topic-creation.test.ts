/**
 * Topic creation through real Kafka (docs/topic-creation.md). The test broker has auto.create.topics.enable=false
 * (infra/kafka.ts), and every "not created" case checks the broker's metadata too, so a topic can only exist
 * because the task created it.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, test } from 'node:test'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { startLoggedWorker, taskState, taskTrace } from './support/logged-worker.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, drainIds, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector } from './support/worker.ts'

before(async () => { await sharedServers() })

const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`

async function withAdmin<T> (bootstrap: string, use: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
  const admin = new KafkaAdmin([bootstrap])
  try {
    return await use(admin)
  } finally {
    await admin.close()
  }
}

const creation = {
  'topic.creation.groups': 'compacted',
  'topic.creation.default.replication.factor': '-1',
  'topic.creation.default.partitions': '2',
  'topic.creation.compacted.include': 'tc-compact-.*',
  'topic.creation.compacted.exclude': 'tc-compact-excluded-.*',
  'topic.creation.compacted.partitions': '3',
  'topic.creation.compacted.replication.factor': '1',
  'topic.creation.compacted.cleanup.policy': 'compact',
  'topic.creation.compacted.min.compaction.lag.ms': '60000'
}

/** Runs one connector writing `count` messages into `topic` with topic creation on, until the queue is empty. */
async function deliverInto (env: { sqsEndpoint: string, kafkaBootstrap: string }, name: string, topic: string, count: number): Promise<string[]> {
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, name)
  const ids = await sendMessages(sqs, queueUrl, count, { body: (i) => `m${i}` })
  const { worker, lines } = await startLoggedWorker(env.kafkaBootstrap, [sqsConnector(name, queueUrl, topic, { ...creation, 'sqs.waittime.seconds': '1' })])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  assert.equal(taskState(worker), 'RUNNING')
  const records = await readRecords(env.kafkaBootstrap, topic, count, 30_000)
  assert.deepEqual(records.map((r) => keyPayload(r).MessageId).sort(), [...ids].sort())
  assert.ok(lines().some((l) => l.msg === `The task will send records to topic '${topic}' for the first time. Checking whether topic exists`))
  await worker.stop()
  sqs.destroy()
  return ids
}

test('a topic matching a group is created with its partitions, replication factor and topic configs before the first record', async () => {
  const env = await sharedServers()
  const topic = unique('tc-compact')
  assert.equal(await withAdmin(env.kafkaBootstrap, async (a) => await a.topicExists(topic)), false)
  await deliverInto(env, 'tc-group', topic, 5)
  await withAdmin(env.kafkaBootstrap, async (admin) => {
    assert.deepEqual(await admin.describeTopic(topic), { partitions: 3, replicationFactor: 1 })
    assert.deepEqual(await admin.topicConfigs(topic, ['cleanup.policy', 'min.compaction.lag.ms']), { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' })
  })
})

test('a topic no group matches (or one a group excludes) gets the default group: its partitions, the broker\'s replication factor, no group configs', async () => {
  const env = await sharedServers()
  for (const topic of [unique('tc-other'), unique('tc-compact-excluded')]) {
    await deliverInto(env, `tc-default-${topic.slice(-8)}`, topic, 3)
    await withAdmin(env.kafkaBootstrap, async (admin) => {
      assert.deepEqual(await admin.describeTopic(topic), { partitions: 2, replicationFactor: 1 })
      assert.deepEqual(await admin.topicConfigs(topic, ['cleanup.policy']), { 'cleanup.policy': 'delete' })
    })
  }
})

test('an existing topic is left as it is', async () => {
  const env = await sharedServers()
  const topic = unique('tc-compact-existing')
  await withAdmin(env.kafkaBootstrap, async (admin) => { await admin.ensureTopic({ name: topic, partitions: 1 }) })
  await deliverInto(env, 'tc-existing', topic, 2)
  await withAdmin(env.kafkaBootstrap, async (admin) => {
    assert.deepEqual(await admin.describeTopic(topic), { partitions: 1, replicationFactor: 1 })
    assert.deepEqual(await admin.topicConfigs(topic, ['cleanup.policy']), { 'cleanup.policy': 'delete' })
  })
})

test('a replication factor the cluster cannot have fails the task with an error naming the topic and group; the message stays', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'tc-rf', { visibilityTimeout: 30 })
  const [id] = await sendMessages(sqs, queueUrl, 1, { body: () => 'kept' })
  const topic = unique('tc-rf')
  const { worker } = await startLoggedWorker(env.kafkaBootstrap, [sqsConnector('tc-rf', queueUrl, topic, {
    'topic.creation.default.replication.factor': '3', 'topic.creation.default.partitions': '1', 'sqs.waittime.seconds': '1'
  })])
  await waitFor('the task to fail', async () => taskState(worker) === 'FAILED', 30_000)
  assert.match(taskTrace(worker), new RegExp(`Task failed to create new topic ${topic} \\(topic.creation group default: partitions 1, replication factor 3\\): .*INVALID_REPLICATION_FACTOR|Task failed to create new topic ${topic} .*[Rr]eplication factor`))
  await worker.stop()
  assert.equal(await withAdmin(env.kafkaBootstrap, async (a) => await a.topicExists(topic)), false)
  assert.deepEqual(await drainIds(sqs, queueUrl), [id])
  sqs.destroy()
})

for (const [what, workerProps, connectorProps] of [
  ['the worker disables topic creation (topic.creation.enable=false)', { 'topic.creation.enable': 'false' }, creation],
  ['the connector has no topic.creation.* settings', {}, {}]
] as const) {
  test(`a missing topic when ${what}: the task fails with a clear error, nothing creates the topic, the message stays`, async () => {
    const env = await sharedServers()
    const sqs = sqsClient(env.sqsEndpoint)
    const queueUrl = await createQueue(sqs, 'tc-off', { visibilityTimeout: 30 })
    const [id] = await sendMessages(sqs, queueUrl, 1, { body: () => 'kept' })
    const topic = unique('tc-compact-off')
    const { worker } = await startLoggedWorker(env.kafkaBootstrap, [sqsConnector('tc-off', queueUrl, topic, { ...connectorProps, 'sqs.waittime.seconds': '1' })], { workerProps })
    await waitFor('the task to fail', async () => taskState(worker) === 'FAILED', 30_000)
    assert.match(taskTrace(worker), new RegExp(`Topic ${topic} does not exist in Kafka: create it, or let the connector create it with topic.creation.default.replication.factor and topic.creation.default.partitions`))
    await worker.stop()
    assert.equal(await withAdmin(env.kafkaBootstrap, async (a) => await a.topicExists(topic)), false, 'the broker did not create it either')
    assert.deepEqual(await drainIds(sqs, queueUrl), [id])
    sqs.destroy()
  })
}
