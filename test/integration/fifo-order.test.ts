/**
 * FIFO queues: each message group reaches Kafka in SQS order, on one partition chosen by Kafka's murmur2,
 * whatever tasks.max is; a refused message holds back the rest of its group; a receive whose reply was
 * lost is retried with the same ReceiveRequestAttemptId (ElasticMQ honours it; moto ignores attempt ids).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { ensureMavenLib } from '../../infra/maven.ts'
import { projectRoot } from '../../infra/paths.ts'
import { JsonConverter, StringConverter } from '../../src/connect/converters/index.ts'
import { toSourceRecord } from '../../src/connectors/sqs/record-mapper.ts'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { partitionForKey } from '../../src/kafka/partitioner.ts'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { keyText, valuePayload } from './support/expected-records.ts'
import { createTopic, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sqsClient } from './support/sqs.ts'
import { startFaultServer } from './support/sqs-fault-server.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const groupName = (g: number): string => `group-${String(g).padStart(2, '0')}`

/**
 * Sends `perGroup` messages to each group (body `<group>:<i>`), in batches of 10 from one group, groups in
 * parallel but each group's batches one after the other, so SQS order within a group is send order.
 */
async function sendGroups (sqs: SQSClient, queueUrl: string, groups: readonly string[], perGroup: number, body = (group: string, i: number) => `${group}:${i}`): Promise<Map<string, string[]>> {
  const sent = new Map<string, string[]>()
  await Promise.all(groups.map(async (group) => {
    const ids: string[] = []
    for (let start = 0; start < perGroup; start += 10) {
      const entries = Array.from({ length: Math.min(10, perGroup - start) }, (_, k) => ({
        Id: `m${start + k}`, MessageBody: body(group, start + k), MessageGroupId: group, MessageDeduplicationId: `${group}-${start + k}`
      }))
      const reply = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
      if ((reply.Failed ?? []).length > 0) throw new Error(`SendMessageBatch failed: ${JSON.stringify(reply.Failed)}`)
      const byEntry = new Map((reply.Successful ?? []).map((s) => [s.Id, s.MessageId ?? '']))
      for (const entry of entries) ids.push(byEntry.get(entry.Id) ?? '')
    }
    sent.set(group, ids)
  }))
  return sent
}

/** Reads the topic until it holds `distinct` different MessageIds (redeliveries make more records than that). */
async function readDistinct (bootstrap: string, topic: string, distinct: number, timeoutMs = 60_000): Promise<ReadRecord[]> {
  const deadline = Date.now() + timeoutMs
  let count = distinct
  for (;;) {
    const records = await readRecords(bootstrap, topic, count, Math.max(1000, deadline - Date.now()))
    const ids = new Set(records.map((r) => valuePayload(r.value).Body))
    if (ids.size >= distinct || Date.now() >= deadline) return records
    count = records.length + (distinct - ids.size)
  }
}

interface GroupView {
  /** Message bodies in Kafka order (per partition), duplicates of a MessageId removed (first kept). */
  readonly bodies: string[]
  readonly messageIds: string[]
  readonly partitions: Set<number>
  readonly records: ReadRecord[]
}

/** Each group's records in partition order. Within a group only one partition should occur. */
function byGroup (records: readonly ReadRecord[]): Map<string, GroupView> {
  const sorted = [...records].sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0))
  const groups = new Map<string, GroupView & { seen: Set<string> }>()
  for (const record of sorted) {
    const value = valuePayload(record.value)
    const group = value.MessageGroupId ?? '(none)'
    let view = groups.get(group)
    if (view === undefined) {
      view = { bodies: [], messageIds: [], partitions: new Set(), records: [], seen: new Set() }
      groups.set(group, view)
    }
    view.partitions.add(record.partition)
    view.records.push(record)
    const messageId = bodyMessageId(record)
    if (view.seen.has(messageId)) continue
    view.seen.add(messageId)
    view.messageIds.push(messageId)
    view.bodies.push(value.Body)
  }
  return groups
}

/** The MessageId behind a record: sourceOffset is not in Kafka, so it is taken from the key or the value. */
function bodyMessageId (record: ReadRecord): string {
  const key = JSON.parse(record.key?.toString('utf8') ?? 'null') as { payload: unknown } | null
  const payload = key?.payload
  if (payload !== null && typeof payload === 'object' && 'MessageId' in payload) return String(payload.MessageId)
  // Keyed by group: the body names group and position, unique within the test's queue.
  return valuePayload(record.value).Body
}

const GROUP_KEY_JSON = (group: string): string => `{"schema":{"type":"string","optional":true},"payload":${JSON.stringify(group)}}`

for (const mode of ['key', 'partition'] as const) {
  test(`sqs.fifo.partitioning=${mode}: 50 groups x 200 messages, tasks.max=4, 8 partitions: every group in order on its murmur2 partition`, async () => {
    const env = await sharedServers()
    const sqs = sqsClient(env.sqsEndpoint)
    const queueUrl = await createQueue(sqs, `fifo-${mode}`, { fifo: true, visibilityTimeout: 60 })
    const topic = await createTopic(env.kafkaBootstrap, `fifo-${mode}`, 8)
    const groups = Array.from({ length: 50 }, (_, g) => groupName(g))
    const started = Date.now()
    const sent = await sendGroups(sqs, queueUrl, groups, 200)
    const sentMs = Date.now() - started
    const worker = await startWorker(env.kafkaBootstrap, [sqsConnector(`fifo-${mode}`, queueUrl, topic, {
      'tasks.max': '4', 'sqs.fifo.partitioning': mode, 'sqs.waittime.seconds': '1'
    })])
    await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 180_000, 500)
    const drainedMs = Date.now() - started - sentMs
    assert.deepEqual(worker.status()[0]?.tasks.map((t) => t.state), ['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING'])
    const records = await readDistinct(env.kafkaBootstrap, topic, 10_000)
    const views = byGroup(records)
    assert.deepEqual([...views.keys()].sort(), groups, 'every group, and only those, reached Kafka')
    const used = new Set<number>()
    for (const group of groups) {
      const view = views.get(group)!
      assert.deepEqual(view.bodies, Array.from({ length: 200 }, (_, i) => `${group}:${i}`), `${group}: all 200 in SQS order`)
      assert.equal(view.partitions.size, 1, `${group} is on one partition, not ${[...view.partitions].join(', ')}`)
      const partition = [...view.partitions][0]!
      used.add(partition)
      for (const record of view.records) {
        const expectedKey = mode === 'key' ? GROUP_KEY_JSON(group) : keyText(queueUrl, bodyMessageId(record), group)
        assert.equal(record.key?.toString('utf8'), expectedKey)
      }
      const hashed = mode === 'key' ? Buffer.from(GROUP_KEY_JSON(group)) : Buffer.from(group, 'utf8')
      assert.equal(partition, partitionForKey(hashed, 8), `${group}: the partition Kafka's default partitioner picks for ${mode === 'key' ? 'its key bytes' : 'its UTF-8 bytes'}`)
      if (mode === 'partition') assert.deepEqual(view.messageIds, sent.get(group), `${group}: MessageIds in send order`)
    }
    assert.ok(used.size >= 6, `50 groups spread over several partitions (used ${used.size})`)
    console.log(`# ${mode}: sent 10000 in ${sentMs} ms, drained in ${drainedMs} ms, ${records.length} records (${records.length - 10_000} redeliveries)`)
    await worker.stop()
    sqs.destroy()
  })
}

test('a message Kafka refuses holds back the rest of its group; after the topic limit is raised the rest follows in order', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'fifo-refused', { fifo: true, visibilityTimeout: 2 })
  const topic = await createTopic(env.kafkaBootstrap, 'fifo-refused', 4)
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  await admin.setTopicConfigs(topic, { 'max.message.bytes': '8192' })
  // Message 7 of the group is far beyond the topic's limit; the others are small.
  await sendGroups(sqs, queueUrl, ['orders'], 20, (group, i) => (i === 7 ? `${group}:${i}:${'x'.repeat(20_000)}` : `${group}:${i}`))
  const config = sqsConnector('fifo-refused', queueUrl, topic, { 'tasks.max': '2', 'sqs.fifo.partitioning': 'partition', 'sqs.waittime.seconds': '1' })
  const first = await startWorker(env.kafkaBootstrap, [config])
  // The second task gets the group once the first one's messages time out, and fails on the same message.
  await waitFor('every task to fail', async () => first.status()[0]?.tasks.every((t) => t.state === 'FAILED') === true, 60_000)
  for (const task of first.status()[0]?.tasks ?? []) assert.match(task.trace ?? '', /MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/)
  await first.stop()
  // Exactly the 13 messages from the refused one on are still in SQS (once the failed tasks' deletes are done).
  await waitFor('the held-back messages to be the only ones in the queue', async () => await messagesInQueue(sqs, queueUrl) === 13, 15_000)
  const before = await readRecords(env.kafkaBootstrap, topic, 1_000, 5_000)
  assert.deepEqual(byGroup(before).get('orders')?.bodies, Array.from({ length: 7 }, (_, i) => `orders:${i}`), 'exactly the messages before the refused one')
  assert.ok(before.every((r) => Number(valuePayload(r.value).Body.split(':')[1]) < 7), 'no later message of the group was produced, not even once')

  await admin.setTopicConfigs(topic, { 'max.message.bytes': '1048588' })
  await admin.close()
  const second = await startWorker(env.kafkaBootstrap, [{ ...config, name: 'fifo-refused-again' }])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 60_000, 500)
  assert.ok(second.status()[0]?.tasks.every((t) => t.state === 'RUNNING'))
  const view = byGroup(await readDistinct(env.kafkaBootstrap, topic, 20)).get('orders')
  assert.deepEqual(view?.bodies.map((b) => b.split(':').slice(0, 2).join(':')), Array.from({ length: 20 }, (_, i) => `orders:${i}`), 'the whole group, in order')
  assert.equal(view?.partitions.size, 1)
  assert.equal([...view!.partitions][0], partitionForKey(Buffer.from('orders'), 4))
  await second.stop()
  sqs.destroy()
})

test('a FIFO receive whose reply was lost is retried with the same attempt id: SQS hands the same messages again at once', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  // A long visibility timeout: without the attempt id the lost messages (and their group) would be hidden for a minute.
  const queueUrl = await createQueue(sqs, 'fifo-attempt', { fifo: true, visibilityTimeout: 60 })
  const topic = await createTopic(env.kafkaBootstrap, 'fifo-attempt', 1)
  const sent = await sendGroups(sqs, queueUrl, ['only'], 5)
  const faults = await startFaultServer(env.sqsEndpoint, (operation, n) => (operation === 'ReceiveMessage' && n === 1 ? 'lose-reply' : undefined))
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('fifo-attempt', queueUrl, topic, {
    'sqs.endpoint.url': faults.url, 'sqs.waittime.seconds': '1', 'sqs.messages.max': '10'
  })])
  const records = await readRecords(env.kafkaBootstrap, topic, 5, 20_000)
  assert.equal(faults.faulted.get('ReceiveMessage'), 1, 'the first receive reached SQS and its reply was lost')
  assert.deepEqual(records.map((r) => valuePayload(r.value).Body), Array.from({ length: 5 }, (_, i) => `only:${i}`), 'all five, in order, well before the visibility timeout')
  assert.deepEqual(records.map((r) => bodyMessageId(r)), sent.get('only'))
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 10_000)
  await worker.stop()
  sqs.destroy()
})

test('sqs.fifo.partitioning=key gives the key bytes of Kafka\'s own ValueToKey + ExtractField$Key recipe (JsonConverter, StringConverter)', async () => {
  // The Kafka distribution the test servers run from has connect-transforms and connect-json.
  const lib = await ensureMavenLib('kafka')
  const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo'
  for (const group of ['customer-7', 'group-07', 'Grüße 日本 😀', '']) {
    const { stdout } = await promisify(execFile)('java', ['-cp', join(lib, '*'), join(projectRoot, 'test', 'java', 'SmtRecipeHarness.java'),
      queueUrl, 'm-1', Buffer.from(group, 'utf8').toString('base64')], { timeout: 120_000 })
    const kafka = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { schemaType: string, optional: boolean, json: string, plain: string, string: string }
    const record = toSourceRecord(queueUrl, 't', {
      MessageId: 'm-1', Body: 'body', ReceiptHandle: 'r',
      Attributes: { ApproximateFirstReceiveTimestamp: '1700000000123', ApproximateReceiveCount: '1', SenderId: 'AIDAEXAMPLE', SentTimestamp: '1700000000000', MessageGroupId: group }
    }, { traceparent: false, partitioning: 'key' })
    assert.equal(record.keySchema?.type.toUpperCase(), kafka.schemaType, `${group}: key schema type`)
    assert.equal(record.keySchema?.optional, kafka.optional, `${group}: key schema optional`)
    const ours = (converter: JsonConverter | StringConverter): string => Buffer.from(converter.fromConnectData('t', record.keySchema, record.key) ?? []).toString('base64')
    const json = new JsonConverter()
    json.configure({}, true)
    const plain = new JsonConverter()
    plain.configure({ 'schemas.enable': 'false' }, true)
    const string = new StringConverter()
    string.configure({}, true)
    assert.equal(ours(json), kafka.json, `${group}: JsonConverter bytes`)
    assert.equal(ours(plain), kafka.plain, `${group}: JsonConverter (schemas.enable=false) bytes`)
    assert.equal(ours(string), kafka.string, `${group}: StringConverter bytes`)
  }
})
