/**
 * The seed's messages through the real connector against moto, a second SQS implementation next to ElasticMQ:
 * the same byte-exact keys and value schema, the same headers, and the messages deleted afterwards.
 * moto's differences that show here: SenderId is its constant, FIFO SequenceNumbers are 20 random digits
 * (set only when a MessageDeduplicationId is sent), and QueueUrls name the host the client called.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, test } from 'node:test'
import { CreateQueueCommand, SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs'
import { MOTO_ACCOUNT_ID, MOTO_SENDER_ID } from '../../infra/index.ts'
import { fifoFuelReports, fuelReports } from '../../src/cli/quickstart/seed-messages.ts'
import { keyText, q, VALUE_SCHEMA, valuePayload } from './support/expected-records.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { fileMoto } from './support/moto.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

// A cold first run installs moto into the download cache (about 30 s here), which may take longer than one test may.
before(async () => { await Promise.all([sharedServers(), fileMoto()]) }, { timeout: 15 * 60_000 })

test('moto: the seed\'s fuel reports (with a Binary attribute) become byte-exact records with headers, and are deleted', async () => {
  const env = await sharedServers()
  const moto = await fileMoto()
  const sqs = sqsClient(moto.endpoint)
  const queueUrl = await createQueue(sqs, 'moto-std')
  // moto builds the QueueUrl from the request's host, so it is this server's address and usable as sqs.url.
  assert.ok(queueUrl.startsWith(`${moto.endpoint}/${MOTO_ACCOUNT_ID}/moto-std-`), queueUrl)
  const topic = await createTopic(env.kafkaBootstrap, 'moto-std')
  const signatures = [Uint8Array.from([0, 1, 2, 255]), Uint8Array.from([0xfb, 0xef, 0xbe])]
  const entries: SendMessageBatchRequestEntry[] = fuelReports().map((e, i) => ({
    ...e,
    DelaySeconds: 0,
    MessageAttributes: { ...e.MessageAttributes, Signature: { DataType: 'Binary', BinaryValue: signatures[i]! } }
  }))
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  assert.deepEqual(sent.Failed ?? [], [])
  await startWorker(env.kafkaBootstrap, [sqsConnector('moto-std', queueUrl, topic)])

  const records = await readRecords(env.kafkaBootstrap, topic, 2)
  assert.equal(records.length, 2)
  const byBody = new Map(records.map((r) => [valuePayload(r.value).Body, r]))
  for (const [i, entry] of entries.entries()) {
    const record = byBody.get(entry.MessageBody!)
    assert.ok(record, `record for ${entry.Id}`)
    const messageId = sent.Successful?.find((s) => s.Id === entry.Id)?.MessageId
    assert.ok(messageId)
    assert.equal(record.key!.toString('utf8'),
      keyText(queueUrl, messageId, null))
    const payload = valuePayload(record.value)
    assert.equal(payload.SenderId, MOTO_SENDER_ID)
    assert.equal(payload.ApproximateReceiveCount, 1)
    assert.ok(payload.SentTimestamp > 1.6e12 && payload.SentTimestamp <= payload.ApproximateFirstReceiveTimestamp,
      `SentTimestamp ${payload.SentTimestamp}, ApproximateFirstReceiveTimestamp ${payload.ApproximateFirstReceiveTimestamp}`)
    assert.ok(payload.ApproximateFirstReceiveTimestamp <= Date.now())
    assert.equal(record.value!.toString('utf8'),
      `{"schema":${VALUE_SCHEMA},"payload":{"ApproximateFirstReceiveTimestamp":${payload.ApproximateFirstReceiveTimestamp},` +
      `"ApproximateReceiveCount":1,"SenderId":${q(MOTO_SENDER_ID)},"SentTimestamp":${payload.SentTimestamp},` +
      `"MessageDeduplicationId":null,"MessageGroupId":null,"SequenceNumber":null,"Body":${q(entry.MessageBody!)}}}`)
    const headers = Object.fromEntries(record.headers.map(([k, v]) => [k, v?.toString('utf8')]))
    const expected: Record<string, string | undefined> = Object.fromEntries(
      Object.entries(fuelReports()[i]!.MessageAttributes!).map(([k, v]) => [k, v.StringValue]))
    // SimpleHeaderConverter writes bytes as base64 text.
    expected.Signature = Buffer.from(signatures[i]!).toString('base64')
    assert.deepEqual(headers, expected)
    assert.equal(record.headers.length, 6)
  }
  assert.deepEqual(records.map((r) => Object.fromEntries(r.headers.map(([k, v]) => [k, v?.toString('utf8')])).Signature).sort(), ['++++', 'AAEC/w=='])
  await waitFor('the moto queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  sqs.destroy()
})

test('moto: FIFO records carry MessageGroupId, SequenceNumber and MessageDeduplicationId, in send order per group', async () => {
  const env = await sharedServers()
  const moto = await fileMoto()
  const sqs = sqsClient(moto.endpoint)
  const queueUrl = await createQueue(sqs, 'moto-fifo', { fifo: true })
  const topic = await createTopic(env.kafkaBootstrap, 'moto-fifo')
  // The seed's two reports, then eight more alternating between their group and a second one. Every entry has an
  // explicit MessageDeduplicationId: moto sets SequenceNumber only then (not with content-based deduplication).
  const entries: SendMessageBatchRequestEntry[] = [
    ...fifoFuelReports('fuel-group'),
    ...Array.from({ length: 8 }, (_, i): SendMessageBatchRequestEntry => {
      const group = i % 2 === 0 ? 'fuel-group' : 'other-group'
      return { Id: `extra-${i}`, MessageBody: `extra ${i} for ${group}`, MessageGroupId: group, MessageDeduplicationId: `extra-dedup-${i}` }
    })
  ]
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  assert.deepEqual(sent.Failed ?? [], [])
  const sentById = new Map((sent.Successful ?? []).map((s) => [s.Id, s]))
  await startWorker(env.kafkaBootstrap, [sqsConnector('moto-fifo', queueUrl, topic)])

  const records = await readRecords(env.kafkaBootstrap, topic, entries.length)
  assert.equal(records.length, entries.length)
  const byMessageId = new Map(records.map((r) => [keyPayload(r).MessageId, r]))
  const sequenceNumbers = new Set<string>()
  for (const entry of entries) {
    const reply = sentById.get(entry.Id)
    assert.ok(reply?.MessageId !== undefined, `send result for ${entry.Id}`)
    const record = byMessageId.get(reply.MessageId)
    assert.ok(record, `record for ${entry.Id}`)
    assert.equal(record.key!.toString('utf8'),
      keyText(queueUrl, reply.MessageId, entry.MessageGroupId!))
    assert.ok(record.value!.toString('utf8').startsWith(`{"schema":${VALUE_SCHEMA},"payload":{`))
    const payload = valuePayload(record.value)
    assert.equal(payload.Body, entry.MessageBody)
    assert.equal(payload.MessageGroupId, entry.MessageGroupId)
    assert.equal(payload.MessageDeduplicationId, entry.MessageDeduplicationId)
    assert.equal(payload.SenderId, MOTO_SENDER_ID)
    assert.equal(payload.ApproximateReceiveCount, 1)
    // moto's SequenceNumbers are 20 random digits, not increasing, so order is checked by position, not by number.
    assert.match(payload.SequenceNumber ?? '', /^\d{20}$/)
    assert.equal(payload.SequenceNumber, reply.SequenceNumber, `SequenceNumber of ${entry.Id} as SendMessageBatch returned it`)
    sequenceNumbers.add(payload.SequenceNumber!)
  }
  assert.equal(sequenceNumbers.size, entries.length, 'distinct SequenceNumbers')
  for (const group of ['fuel-group', 'other-group']) {
    const sentOrder = entries.filter((e) => e.MessageGroupId === group).map((e) => e.MessageBody)
    const topicOrder = records.map((r) => valuePayload(r.value)).filter((p) => p.MessageGroupId === group).map((p) => p.Body)
    assert.deepEqual(topicOrder, sentOrder, `records of ${group} in send order`)
  }
  const headers = Object.fromEntries(records.find((r) => valuePayload(r.value).Body === entries[1]!.MessageBody)!.headers.map(([k, v]) => [k, v?.toString('utf8')]))
  assert.deepEqual(headers, Object.fromEntries(Object.entries(entries[1]!.MessageAttributes!).map(([k, v]) => [k, v.StringValue])))
  await waitFor('the moto FIFO queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  sqs.destroy()
})

test('moto: FIFO with content-based deduplication has no SequenceNumber; the records carry null and the queue empties', async () => {
  const env = await sharedServers()
  const moto = await fileMoto()
  const sqs = sqsClient(moto.endpoint)
  const created = await sqs.send(new CreateQueueCommand({
    QueueName: `moto-cbd-${Date.now()}.fifo`, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' }
  }))
  const queueUrl = created.QueueUrl!
  const topic = await createTopic(env.kafkaBootstrap, 'moto-cbd')
  const entries = fifoFuelReports('fuel-group').map(({ MessageDeduplicationId: _id, ...entry }) => entry)
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  assert.deepEqual(sent.Failed ?? [], [])
  // Real SQS and ElasticMQ give every FIFO message a SequenceNumber; moto leaves it out here (a moto quirk).
  assert.deepEqual(sent.Successful?.map((s) => s.SequenceNumber), [undefined, undefined])
  await startWorker(env.kafkaBootstrap, [sqsConnector('moto-cbd', queueUrl, topic)])

  const records = await readRecords(env.kafkaBootstrap, topic, entries.length)
  assert.deepEqual(records.map((r) => keyPayload(r).MessageId), sent.Successful?.map((s) => s.MessageId))
  for (const [i, record] of records.entries()) {
    const payload = valuePayload(record.value)
    assert.equal(payload.Body, entries[i]!.MessageBody)
    assert.equal(payload.MessageGroupId, 'fuel-group')
    // Content-based deduplication ids are the SHA-256 of the body, as on SQS.
    assert.equal(payload.MessageDeduplicationId, createHash('sha256').update(entries[i]!.MessageBody!).digest('hex'))
    assert.equal(payload.SequenceNumber, null)
  }
  await waitFor('the moto content-deduplicated FIFO queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  sqs.destroy()
})

test('moto: 500 messages through tasks.max=2 with the full set of Confluent properties arrive complete; the queue ends empty', async () => {
  const env = await sharedServers()
  const moto = await fileMoto()
  const sqs = sqsClient(moto.endpoint)
  const queueUrl = await createQueue(sqs, 'moto-volume')
  const topic = await createTopic(env.kafkaBootstrap, 'moto-volume', 2)
  const sentIds = await sendMessages(sqs, queueUrl, 500, { body: (i) => `moto ${i}`, attributes: (i) => ({ n: { DataType: 'Number', StringValue: String(i) } }) })
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('moto-volume', queueUrl, topic, {
    'tasks.max': '2',
    'sqs.waittime.seconds': '1',
    'sqs.messages.max': '10',
    'sqs.max.retries': '3',
    'sqs.max.retry.time.ms': '20000',
    'sqs.region': 'us-east-1',
    'sqs.endpoint.url': moto.endpoint,
    'aws.access.key.id': 'AKIAMOTOEXAMPLE',
    'aws.secret.key.id': 'moto-secret',
    'confluent.license': '',
    'confluent.topic.bootstrap.servers': env.kafkaBootstrap
  })])
  await waitFor('500 acknowledged records', async () => worker.committedRecords >= 500, 120_000)
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  // At least once: moto may hand a message to both tasks, so read every acknowledged record, duplicates included.
  const records = await readRecords(env.kafkaBootstrap, topic, worker.committedRecords, 60_000)
  const received = new Set(records.map((r) => keyPayload(r).MessageId))
  assert.deepEqual(sentIds.filter((id) => !received.has(id)), [], 'every sent message is in Kafka')
  assert.ok(records.length - received.size <= 5, `few duplicates (${records.length - received.size})`)
  const byId = new Map(records.map((r) => [keyPayload(r).MessageId, r]))
  const third = byId.get(sentIds[3] ?? '')
  assert.equal(valuePayload(third?.value ?? null).Body, 'moto 3')
  assert.deepEqual(third?.headers.map(([k, v]) => [k, v?.toString()]), [['n', '3']])
  sqs.destroy()
})
