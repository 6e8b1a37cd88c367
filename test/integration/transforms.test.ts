/**
 * SMTs through real Kafka and ElasticMQ: a chain that filters, inserts, drops and renames fields and
 * reroutes by predicate writes exactly the records it keeps, and the messages of the records it drops are
 * deleted from SQS all the same; the FIFO recipe (ValueToKey + ExtractField$Key on MessageGroupId) keeps
 * each message group on one partition, in order (docs/transforms.md).
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { partitionForKey } from '../../src/kafka/partitioner.ts'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { recordsInTopic } from './support/delivery.ts'
import { readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, queueCounts, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const T = 'org.apache.kafka.connect.transforms.'
const P = 'org.apache.kafka.connect.transforms.predicates.'

async function createTopics (bootstrap: string, partitions: number, ...names: string[]): Promise<void> {
  const admin = new KafkaAdmin([bootstrap])
  try {
    for (const name of names) await admin.ensureTopic({ name, partitions, configs: {} })
  } finally {
    await admin.close()
  }
}

interface Envelope { schema: { fields: Array<{ field: string }> }, payload: Record<string, unknown> }
const envelope = (bytes: Buffer | null): Envelope => JSON.parse(bytes?.toString('utf8') ?? 'null') as Envelope

test('a chain filters by header, reshapes the value and reroutes by topic; dropped messages are deleted and write nothing', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'smt-chain', { visibilityTimeout: 30 })
  const suffix = randomUUID().slice(0, 8)
  const inTopic = `smt-in-${suffix}`
  const outTopic = `smt-out-${suffix}`
  await createTopics(env.kafkaBootstrap, 1, inTopic, outTopic)
  // Every fourth message carries a "skip" attribute, which becomes a header the Filter's predicate looks for.
  const skipped = (i: number): boolean => i % 4 === 0
  await sendMessages(sqs, queueUrl, 40, {
    body: (i) => `order-${i}`,
    attributes: (i) => (skipped(i) ? { skip: { DataType: 'String', StringValue: 'yes' } } : { kind: { DataType: 'String', StringValue: 'order' } })
  })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('smt-chain', queueUrl, inTopic, {
    'sqs.waittime.seconds': '1',
    transforms: 'dropSkipped,addSource,trim,neverApplied,route',
    'transforms.dropSkipped.type': `${T}Filter`,
    'transforms.dropSkipped.predicate': 'hasSkip',
    'transforms.addSource.type': `${T}InsertField$Value`,
    'transforms.addSource.static.field': 'source',
    'transforms.addSource.static.value': 'sqs',
    'transforms.trim.type': `${T}ReplaceField$Value`,
    'transforms.trim.exclude': 'SenderId,SequenceNumber',
    'transforms.trim.renames': 'Body:body',
    'transforms.neverApplied.type': 'InsertHeader',
    'transforms.neverApplied.header': 'wrong',
    'transforms.neverApplied.value.literal': 'applied',
    'transforms.neverApplied.predicate': 'isIn',
    'transforms.neverApplied.negate': 'true',
    'transforms.route.type': 'RegexRouter',
    'transforms.route.regex': 'smt-in-(.*)',
    'transforms.route.replacement': 'smt-out-$1',
    'transforms.route.predicate': 'isIn',
    predicates: 'hasSkip,isIn',
    'predicates.hasSkip.type': `${P}HasHeaderKey`,
    'predicates.hasSkip.name': 'skip',
    'predicates.isIn.type': 'TopicNameMatches',
    'predicates.isIn.pattern': 'smt-in-.*'
  })])
  await waitFor('the queue to be empty (kept and dropped messages alike)', async () => await messagesInQueue(sqs, queueUrl) === 0, 60_000, 250)
  assert.deepEqual(worker.status()[0]?.tasks.map((t) => t.state), ['RUNNING'])
  const kept = Array.from({ length: 40 }, (_, i) => i).filter((i) => !skipped(i))
  const records: ReadRecord[] = await readRecords(env.kafkaBootstrap, outTopic, kept.length + 5, 5_000)
  const bodies = records.map((r) => String(envelope(r.value).payload.body))
  assert.deepEqual([...new Set(bodies)].sort(), kept.map((i) => `order-${i}`).sort(), 'exactly the messages without the skip attribute reached the routed topic')
  assert.equal(await recordsInTopic(env.kafkaBootstrap, inTopic), 0, 'nothing stayed on the connector\'s topic')
  for (const record of records) {
    const value = envelope(record.value)
    assert.deepEqual(value.schema.fields.map((f) => f.field),
      ['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SentTimestamp', 'MessageDeduplicationId', 'MessageGroupId', 'body', 'source'])
    assert.equal(value.payload.source, 'sqs')
    assert.deepEqual(record.headers.map(([name]) => name), ['kind'], 'the attribute header, and no header from the negated stage')
  }
  await worker.stop()
  sqs.destroy()
})

const groupKeyJson = (group: string): string => `{"schema":{"type":"string","optional":true},"payload":${JSON.stringify(group)}}`

test('the FIFO recipe (ValueToKey + ExtractField$Key on MessageGroupId): each group on one partition, in order', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'smt-fifo', { fifo: true, visibilityTimeout: 60 })
  const topic = `smt-fifo-${randomUUID().slice(0, 8)}`
  await createTopics(env.kafkaBootstrap, 6, topic)
  const groups = Array.from({ length: 12 }, (_, g) => `customer-${g}`)
  const perGroup = 25
  // Group g's i-th message is number g + 12 * i: sent in index order, each group's messages are in send order.
  await sendMessages(sqs, queueUrl, groups.length * perGroup, {
    body: (n) => `${groups[n % groups.length]}:${Math.floor(n / groups.length)}`,
    groupId: (n) => groups[n % groups.length]!
  })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('smt-fifo', queueUrl, topic, {
    'tasks.max': '2',
    'sqs.waittime.seconds': '1',
    transforms: 'groupKey,extractGroup',
    'transforms.groupKey.type': `${T}ValueToKey`,
    'transforms.groupKey.fields': 'MessageGroupId',
    'transforms.extractGroup.type': `${T}ExtractField$Key`,
    'transforms.extractGroup.field': 'MessageGroupId'
  })])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 90_000, 250)
  const records = await readRecords(env.kafkaBootstrap, topic, groups.length * perGroup, 30_000)
  const sorted = [...records].sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0))
  const used = new Set<number>()
  for (const group of groups) {
    const mine = sorted.filter((r) => r.key?.toString('utf8') === groupKeyJson(group))
    const bodies = [...new Set(mine.map((r) => String(envelope(r.value).payload.Body)))]
    assert.deepEqual(bodies, Array.from({ length: perGroup }, (_, i) => `${group}:${i}`), `${group}: every message, in SQS order`)
    const partitions = new Set(mine.map((r) => r.partition))
    assert.equal(partitions.size, 1, `${group} is on one partition, not ${[...partitions].join(', ')}`)
    const partition = [...partitions][0]!
    assert.equal(partition, partitionForKey(Buffer.from(groupKeyJson(group)), 6), `${group}: the partition Kafka's partitioner picks for the key bytes`)
    used.add(partition)
  }
  assert.ok(used.size >= 3, `12 groups spread over several partitions (used ${used.size})`)
  await worker.stop()
  sqs.destroy()
})

test('a transform that fails fails the task, naming the alias and the message; the message stays in SQS', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'smt-fail', { visibilityTimeout: 60 })
  const topic = `smt-fail-${randomUUID().slice(0, 8)}`
  await createTopics(env.kafkaBootstrap, 1, topic)
  const [messageId] = await sendMessages(sqs, queueUrl, 1, { body: () => 'x' })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('smt-fail', queueUrl, topic, {
    'sqs.waittime.seconds': '1',
    transforms: 'pick',
    'transforms.pick.type': `${T}ExtractField$Value`,
    'transforms.pick.field': 'NoSuchField'
  })])
  await waitFor('the task to fail', async () => worker.status()[0]?.tasks[0]?.state === 'FAILED', 30_000)
  const trace = worker.status()[0]?.tasks[0]?.trace ?? ''
  assert.match(trace, /Transformation pick failed on the record .*"MessageId":"[^"]+".*Unknown field: NoSuchField/)
  assert.ok(trace.includes(String(messageId)))
  // The failed task made its message visible again at once, long before the 60 s visibility timeout.
  await waitFor('the message to be visible again', async () => (await queueCounts(sqs, queueUrl)).visible === 1, 15_000)
  assert.equal(await recordsInTopic(env.kafkaBootstrap, topic), 0)
  await worker.stop()
  sqs.destroy()
})

test('a connector whose transforms do not validate is refused, each property named', async () => {
  const env = await sharedServers()
  await assert.rejects(startWorker(env.kafkaBootstrap, [sqsConnector('smt-invalid', 'http://127.0.0.1:9/000000000000/none', 'unused', {
    transforms: 'a,b',
    'transforms.a.type': 'Filter',
    'transforms.a.negate': 'true',
    'transforms.b.type': `${T}InsertField$Value`
  })]), (error: Error) => {
    assert.match(error.message, /transforms\.a\.type: Config 'transforms\.a\.negate' was provided but there is no config 'transforms\.a\.predicate'/)
    assert.match(error.message, /transforms\.b\.type: Transformation b \(org\.apache\.kafka\.connect\.transforms\.InsertField\$Value\): No field insertion configured/)
    return true
  })
})
