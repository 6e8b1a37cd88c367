/**
 * The seed's quick start through real Kafka and ElasticMQ: the records must carry exactly the key and value
 * schema bytes of Confluent's connector (JsonConverter, schemas.enable=true) and one header per attribute.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs'
import { fifoFuelReports, fuelReports } from '../../src/cli/quickstart/seed-messages.ts'
import { keyText, q, VALUE_SCHEMA, valuePayload, type ValuePayload } from './support/expected-records.ts'
import { createTopic, readRecords } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sqsClient } from './support/sqs.ts'
import { waitFor } from './support/kafka.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

test('the seed\'s fuel reports become byte-exact records with headers, and are deleted from SQS', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'seed-std')
  const topic = await createTopic(env.kafkaBootstrap, 'seed-std')
  const entries = fuelReports().map((e) => ({ ...e, DelaySeconds: 0 }))
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  await startWorker(env.kafkaBootstrap, [sqsConnector('seed-std', queueUrl, topic)])

  const records = await readRecords(env.kafkaBootstrap, topic, 2)
  assert.equal(records.length, 2)
  const byBody = new Map(records.map((r) => [valuePayload(r.value).Body, r]))
  for (const entry of entries) {
    const record = byBody.get(entry.MessageBody!)
    assert.ok(record, `record for ${entry.Id}`)
    const messageId = sent.Successful?.find((s) => s.Id === entry.Id)?.MessageId
    assert.ok(messageId)
    assert.equal(record.key!.toString('utf8'),
      keyText(queueUrl, messageId, null))
    const payload = valuePayload(record.value)
    assert.ok(payload.SentTimestamp > 1.6e12 && payload.SentTimestamp <= payload.ApproximateFirstReceiveTimestamp)
    assert.equal(payload.ApproximateReceiveCount, 1)
    assert.equal(record.value!.toString('utf8'),
      `{"schema":${VALUE_SCHEMA},"payload":{"ApproximateFirstReceiveTimestamp":${payload.ApproximateFirstReceiveTimestamp},` +
      `"ApproximateReceiveCount":1,"SenderId":${q(payload.SenderId)},"SentTimestamp":${payload.SentTimestamp},` +
      `"MessageDeduplicationId":null,"MessageGroupId":null,"SequenceNumber":null,"Body":${q(entry.MessageBody!)}}}`)
    const headers = Object.fromEntries(record.headers.map(([k, v]) => [k, v?.toString('utf8')]))
    const expected = Object.fromEntries(Object.entries(entry.MessageAttributes!).map(([k, v]) => [k, v.StringValue]))
    assert.deepEqual(headers, expected)
    assert.equal(record.headers.length, 5)
  }
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  sqs.destroy()
})

test('FIFO records carry MessageGroupId, SequenceNumber and MessageDeduplicationId, in send order', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'seed-fifo', { fifo: true })
  const topic = await createTopic(env.kafkaBootstrap, 'seed-fifo')
  const entries = fifoFuelReports('fuel-group')
  entries[1]!.MessageAttributes!.Signature = { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 255]) }
  entries[1]!.MessageAttributes!.Price = { DataType: 'Number.float', StringValue: '1.870000000000000000000000000000000001' }
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  await startWorker(env.kafkaBootstrap, [sqsConnector('seed-fifo', queueUrl, topic)])

  const records = await readRecords(env.kafkaBootstrap, topic, 2)
  assert.equal(records.length, 2)
  const sequenceNumbers: bigint[] = []
  for (const [i, record] of records.entries()) {
    const entry = entries[i]!
    const messageId = sent.Successful?.find((s) => s.Id === entry.Id)?.MessageId
    assert.equal(record.key!.toString('utf8'),
      keyText(queueUrl, messageId ?? '', 'fuel-group'))
    const payload = valuePayload(record.value)
    assert.equal(payload.Body, entry.MessageBody)
    assert.equal(payload.MessageGroupId, 'fuel-group')
    assert.equal(payload.MessageDeduplicationId, entry.MessageDeduplicationId)
    assert.match(payload.SequenceNumber ?? '', /^\d+$/)
    sequenceNumbers.push(BigInt(payload.SequenceNumber!))
    assert.ok(record.value!.toString('utf8').startsWith(`{"schema":${VALUE_SCHEMA},"payload":{`))
  }
  assert.ok(sequenceNumbers[0]! < sequenceNumbers[1]!, 'SQS order kept')
  const headers = new Map(records[1]!.headers.map(([k, v]) => [k, v?.toString('utf8')]))
  // SimpleHeaderConverter writes bytes as base64 text, numbers stay the text SQS holds.
  assert.equal(headers.get('Signature'), 'AAEC/w==')
  assert.equal(headers.get('Price'), '1.870000000000000000000000000000000001')
  assert.equal(headers.get('SellerName'), 'Example Fuels')
  await waitFor('the FIFO queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  sqs.destroy()
})

test('worker converter settings apply: StringConverter keys, schemaless JSON values via a connector override', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'conv')
  const topic = await createTopic(env.kafkaBootstrap, 'conv')
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: 'naïve "quoted" \u2028 😀' }] }))
  const messageId = sent.Successful?.[0]?.MessageId ?? ''
  await startWorker(env.kafkaBootstrap, [sqsConnector('conv', queueUrl, topic, {
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false'
  })], { 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', 'value.converter.schemas.enable': 'true' })
  const [record] = await readRecords(env.kafkaBootstrap, topic, 1)
  assert.ok(record)
  assert.equal(record.key!.toString('utf8'), `Struct{QueueUrl=${queueUrl},MessageId=${messageId}}`)
  const payload = JSON.parse(record.value!.toString()) as ValuePayload
  // Jackson escapes astral characters as surrogate pairs and writes U+2028 raw.
  assert.equal(record.value!.toString('utf8'),
    `{"ApproximateFirstReceiveTimestamp":${payload.ApproximateFirstReceiveTimestamp},"ApproximateReceiveCount":1,"SenderId":${q(payload.SenderId)},` +
    `"SentTimestamp":${payload.SentTimestamp},"MessageDeduplicationId":null,"MessageGroupId":null,"SequenceNumber":null,"Body":"naïve \\"quoted\\" \u2028 \\uD83D\\uDE00"}`)
  sqs.destroy()
})
