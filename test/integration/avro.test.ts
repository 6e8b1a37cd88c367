/**
 * Confluent's AvroConverter through real Kafka, ElasticMQ and a real schema registry (Apicurio Registry's
 * Confluent-compatible API): records carry 0x00 + the registry's schema id + the Avro datum, the registry holds
 * `<topic>-key` / `<topic>-value` with the schemas Confluent's AvroData derives, and Python's fastavro (not the
 * code under test) decodes every key and value, with the writer schema fetched from the registry by id.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs'
import { fifoFuelReports, fuelReports } from '../../src/cli/quickstart/seed-messages.ts'
import type { Worker } from '../../src/runtime/worker.ts'
import { freePorts } from '../../infra/ports.ts'
import { createTopic, readRecords, waitFor } from './support/kafka.ts'
import { startRecordingForwarder } from './support/local-http.ts'
import { decodeWithFastavro, registryGet, schemaRegistry } from './support/schema-registry.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, queueCounts, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const AVRO = 'io.confluent.connect.avro.AvroConverter'

// What Confluent's AvroData makes of the connector's unnamed key and value structs (version 1).
const KEY_AVRO = {
  type: 'record',
  name: 'ConnectDefault',
  namespace: 'io.confluent.connect.avro',
  fields: [
    { name: 'QueueUrl', type: 'string' },
    { name: 'MessageId', type: 'string' },
    { name: 'MessageGroupId', type: ['null', 'string'], default: null }
  ],
  'connect.version': 1
}
const VALUE_AVRO = {
  type: 'record',
  name: 'ConnectDefault',
  namespace: 'io.confluent.connect.avro',
  fields: [
    { name: 'ApproximateFirstReceiveTimestamp', type: 'long' },
    { name: 'ApproximateReceiveCount', type: 'int' },
    { name: 'SenderId', type: 'string' },
    { name: 'SentTimestamp', type: 'long' },
    { name: 'MessageDeduplicationId', type: ['null', 'string'], default: null },
    { name: 'MessageGroupId', type: ['null', 'string'], default: null },
    { name: 'SequenceNumber', type: ['null', 'string'], default: null },
    { name: 'Body', type: 'string' }
  ],
  'connect.version': 1
}

interface KeyValue { QueueUrl: string, MessageId: string, MessageGroupId: string | null }
interface Value {
  ApproximateFirstReceiveTimestamp: number
  ApproximateReceiveCount: number
  SenderId: string
  SentTimestamp: number
  MessageDeduplicationId: string | null
  MessageGroupId: string | null
  SequenceNumber: string | null
  Body: string
  Region?: string
}

function avroConverters (registryUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'key.converter': AVRO,
    'key.converter.schema.registry.url': registryUrl,
    'value.converter': AVRO,
    'value.converter.schema.registry.url': registryUrl,
    ...extra
  }
}

function schemaId (payload: Uint8Array | null): number {
  assert.ok(payload !== null && payload.length > 5)
  assert.equal(payload[0], 0, 'magic byte')
  return Buffer.from(payload).readInt32BE(1)
}

async function latest (registryUrl: string, subject: string): Promise<{ id: number, schema: unknown }> {
  const answer = await registryGet(registryUrl, `/subjects/${subject}/versions/latest`) as { id: number, schema: string }
  return { id: answer.id, schema: JSON.parse(answer.schema) }
}

async function sendSeed (sqs: SQSClient, queueUrl: string, entries: SendMessageBatchRequestEntry[]): Promise<Map<string, SendMessageBatchRequestEntry>> {
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  assert.equal(sent.Successful?.length, entries.length)
  return new Map(sent.Successful!.map((s) => [s.MessageId!, entries.find((e) => e.Id === s.Id)!]))
}

function taskOf (worker: Worker, connector: string): { state: string, trace: string } {
  const task = worker.status().find((c) => c.name === connector)?.tasks[0]
  return { state: task?.state ?? 'MISSING', trace: task?.trace ?? '' }
}

test('standard and FIFO seed messages become Avro records the registry and fastavro agree on', async () => {
  const env = await sharedServers()
  const registry = await schemaRegistry()
  const sqs = sqsClient(env.sqsEndpoint)
  const stdQueue = await createQueue(sqs, 'avro-std')
  const fifoQueue = await createQueue(sqs, 'avro-fifo', { fifo: true })
  const stdTopic = await createTopic(env.kafkaBootstrap, 'avro-std')
  const fifoTopic = await createTopic(env.kafkaBootstrap, 'avro-fifo')
  const stdSent = await sendSeed(sqs, stdQueue, fuelReports().map((e) => ({ ...e, DelaySeconds: 0 })))
  const fifoSent = await sendSeed(sqs, fifoQueue, fifoFuelReports('fuel-group'))
  await startWorker(env.kafkaBootstrap, [
    sqsConnector('avro-std', stdQueue, stdTopic),
    sqsConnector('avro-fifo', fifoQueue, fifoTopic)
  ], avroConverters(registry.url))

  for (const [topic, queueUrl, sent, fifo] of [[stdTopic, stdQueue, stdSent, false], [fifoTopic, fifoQueue, fifoSent, true]] as const) {
    const records = await readRecords(env.kafkaBootstrap, topic, 2)
    assert.equal(records.length, 2)
    const keySubject = await latest(registry.url, `${topic}-key`)
    const valueSubject = await latest(registry.url, `${topic}-value`)
    assert.deepEqual(keySubject.schema, KEY_AVRO)
    assert.deepEqual(valueSubject.schema, VALUE_AVRO)
    const subjects = await registryGet(registry.url, '/subjects') as string[]
    assert.ok(subjects.includes(`${topic}-key`) && subjects.includes(`${topic}-value`))

    const keys = await decodeWithFastavro(registry.url, records.map((r) => r.key))
    const values = await decodeWithFastavro(registry.url, records.map((r) => r.value))
    for (const [i, record] of records.entries()) {
      assert.equal(schemaId(record.key), keySubject.id)
      assert.equal(schemaId(record.value), valueSubject.id)
      const key = keys[i]!.value as KeyValue
      const value = values[i]!.value as Value
      const entry = sent.get(key.MessageId)
      assert.ok(entry, `record ${i} names a sent message`)
      assert.deepEqual(key, { QueueUrl: queueUrl, MessageId: key.MessageId, MessageGroupId: fifo ? 'fuel-group' : null })
      assert.equal(value.Body, entry.MessageBody)
      assert.equal(value.ApproximateReceiveCount, 1)
      assert.ok(value.SentTimestamp > 1.6e12 && value.SentTimestamp <= value.ApproximateFirstReceiveTimestamp)
      assert.equal(typeof value.SenderId, 'string')
      assert.equal(value.MessageGroupId, fifo ? 'fuel-group' : null)
      assert.equal(value.MessageDeduplicationId, fifo ? entry.MessageDeduplicationId : null)
      if (fifo) assert.match(value.SequenceNumber ?? '', /^\d+$/)
      else assert.equal(value.SequenceNumber, null)
    }
    await waitFor(`${queueUrl} to be empty`, async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  }
  sqs.destroy()
})

test('auto.register.schemas=false with use.latest.version=true writes with the registered latest schema', async () => {
  const env = await sharedServers()
  const registry = await schemaRegistry()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'avro-latest')
  const topic = await createTopic(env.kafkaBootstrap, 'avro-latest')
  // A named value schema with one more field than the connector's struct: written from its default.
  const fuelReport = { ...VALUE_AVRO, name: 'FuelReport', namespace: 'com.example', fields: [...VALUE_AVRO.fields, { name: 'Region', type: 'string', default: 'eu-west' }] }
  const register = async (subject: string, schema: unknown): Promise<number> => {
    const reply = await fetch(`${registry.url}/subjects/${subject}/versions`, {
      method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: JSON.stringify(schema) })
    })
    assert.equal(reply.status, 200, await reply.clone().text())
    return (await reply.json() as { id: number }).id
  }
  const keyId = await register(`${topic}-key`, KEY_AVRO)
  const valueId = await register(`${topic}-value`, fuelReport)
  const sent = await sendSeed(sqs, queueUrl, [{ Id: 'a', MessageBody: 'latest 😀' }])
  await startWorker(env.kafkaBootstrap, [sqsConnector('avro-latest', queueUrl, topic, {
    ...avroConverters(registry.url),
    'key.converter.auto.register.schemas': 'false',
    'value.converter.auto.register.schemas': 'false',
    'value.converter.use.latest.version': 'true'
  })])
  const [record] = await readRecords(env.kafkaBootstrap, topic, 1)
  assert.ok(record)
  assert.equal(schemaId(record.key), keyId, 'key: the id found by lookup')
  assert.equal(schemaId(record.value), valueId, 'value: the latest version\'s id')
  const [value] = await decodeWithFastavro(registry.url, [record.value])
  const decoded = value!.value as Value
  assert.equal(decoded.Body, 'latest 😀')
  assert.equal(decoded.Region, 'eu-west')
  const [key] = await decodeWithFastavro(registry.url, [record.key])
  assert.ok(sent.has((key!.value as KeyValue).MessageId))
  const versions = await registryGet(registry.url, `/subjects/${topic}-value/versions`) as number[]
  assert.deepEqual(versions, [1], 'nothing new was registered')
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  sqs.destroy()
})

test('an unregistered subject with auto.register.schemas=false fails the task naming the subject; messages stay', async () => {
  const env = await sharedServers()
  const registry = await schemaRegistry()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'avro-unreg', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'avro-unreg')
  await sendSeed(sqs, queueUrl, [{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'two' }])
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('avro-unreg', queueUrl, topic, {
    ...avroConverters(registry.url), 'value.converter.auto.register.schemas': 'false'
  })])
  await waitFor('the task to fail', async () => taskOf(worker, 'avro-unreg').state === 'FAILED', 30_000, 50)
  const trace = taskOf(worker, 'avro-unreg').trace
  assert.match(trace, /refused to look up the schema of subject/)
  assert.ok(trace.includes(`subject ${topic}-value`), trace)
  assert.ok(trace.includes(registry.url), trace)
  // The failed task made its messages visible again at once, long before the 30 s visibility timeout.
  await waitFor('both messages visible again', async () => (await queueCounts(sqs, queueUrl)).visible === 2, 15_000)
  sqs.destroy()
})

test('a registry that is down: retried, then the task fails naming the registry, and the messages stay in SQS', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'avro-down', { visibilityTimeout: 30 })
  const topic = await createTopic(env.kafkaBootstrap, 'avro-down')
  // Keys go to a port nobody listens on (connection refused); values through a forwarder to it, which answers 502.
  const [deadPort] = await freePorts(1)
  const deadUrl = `http://127.0.0.1:${deadPort!}/apis/ccompat/v7`
  const forwarder = await startRecordingForwarder(`http://127.0.0.1:${deadPort!}`)
  await sendSeed(sqs, queueUrl, [{ Id: 'a', MessageBody: 'one' }])
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('avro-down', queueUrl, topic, {
    ...avroConverters(deadUrl),
    'value.converter.schema.registry.url': `${forwarder.url}/apis/ccompat/v7`,
    'key.converter.max.retries': '2',
    'key.converter.retries.wait.ms': '20',
    'value.converter.max.retries': '2',
    'value.converter.retries.wait.ms': '20'
  })])
  await waitFor('the task to fail', async () => taskOf(worker, 'avro-down').state === 'FAILED', 30_000, 50)
  const trace = taskOf(worker, 'avro-down').trace
  assert.match(trace, /did not answer after 2 retries/)
  assert.match(trace, /ECONNREFUSED/)
  assert.ok(trace.includes(deadUrl), trace)
  assert.ok(trace.includes(`subject ${topic}-key`), trace)
  // HTTP 502 is retried too: a first try and two retries, then the converter gave up.
  const valueRequests = (): number => forwarder.requests.filter((r) => r.path.startsWith(`/apis/ccompat/v7/subjects/${topic}-value/versions`)).length
  await waitFor('three requests for the value subject', async () => valueRequests() >= 3, 10_000)
  assert.equal(valueRequests(), 3)
  await waitFor('the message visible again', async () => (await queueCounts(sqs, queueUrl)).visible === 1, 15_000)
  assert.equal((await readRecords(env.kafkaBootstrap, topic, 1, 1500)).length, 0, 'nothing reached Kafka')
  sqs.destroy()
})

test('basic auth: USER_INFO and user info in the URL both send the Authorization header, which never shows in errors', async () => {
  const env = await sharedServers()
  const registry = await schemaRegistry()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'avro-auth')
  const topic = await createTopic(env.kafkaBootstrap, 'avro-auth')
  // Apicurio's own auth needs an OIDC server; a recording forwarder in front of it shows what the converter sends.
  const forwarder = await startRecordingForwarder(new URL(registry.url).origin)
  const base = `${forwarder.url}/apis/ccompat/v7`
  const withUser = base.replace('http://', 'http://url-user:url%20pass@')
  await sendSeed(sqs, queueUrl, [{ Id: 'a', MessageBody: 'auth' }])
  const worker = await startWorker(env.kafkaBootstrap, [sqsConnector('avro-auth', queueUrl, topic, {
    'key.converter': AVRO,
    'key.converter.schema.registry.url': base,
    'key.converter.basic.auth.credentials.source': 'USER_INFO',
    'key.converter.basic.auth.user.info': 'info-user:s3cret:with:colons',
    'value.converter': AVRO,
    'value.converter.schema.registry.url': withUser
  })])
  const [record] = await readRecords(env.kafkaBootstrap, topic, 1)
  assert.ok(record)
  const auth = (subject: string): Array<string | undefined> => forwarder.requests.filter((r) => r.path.includes(`/subjects/${subject}/`)).map((r) => r.headers.authorization)
  assert.deepEqual(auth(`${topic}-key`), ['Basic ' + Buffer.from('info-user:s3cret:with:colons').toString('base64')])
  assert.deepEqual(auth(`${topic}-value`), ['Basic ' + Buffer.from('url-user:url pass').toString('base64')])
  const [key, value] = await decodeWithFastavro(registry.url, [record.key, record.value])
  assert.equal((value!.value as Value).Body, 'auth')
  assert.equal((key!.value as KeyValue).QueueUrl, queueUrl)
  assert.equal(JSON.stringify(worker.status()).includes('s3cret'), false)
  sqs.destroy()
})

test('record-name subject strategies, normalize.schemas, and failover to the second registry URL', async () => {
  const env = await sharedServers()
  const registry = await schemaRegistry()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'avro-strategy')
  const topic = await createTopic(env.kafkaBootstrap, 'avro-strategy')
  const forwarder = await startRecordingForwarder(new URL(registry.url).origin)
  const [deadPort] = await freePorts(1)
  await sendSeed(sqs, queueUrl, [{ Id: 'a', MessageBody: 'strategy' }])
  await startWorker(env.kafkaBootstrap, [sqsConnector('avro-strategy', queueUrl, topic, {
    ...avroConverters(`http://127.0.0.1:${deadPort!}/apis/ccompat/v7,${forwarder.url}/apis/ccompat/v7`, {
      'key.converter.key.subject.name.strategy': 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
      'key.converter.max.retries': '0',
      'value.converter.schema.registry.url': `${forwarder.url}/apis/ccompat/v7`,
      'value.converter.value.subject.name.strategy': 'RecordNameStrategy',
      'value.converter.normalize.schemas': 'true'
    })
  })])
  const [record] = await readRecords(env.kafkaBootstrap, topic, 1)
  assert.ok(record)
  const keySubject = `${topic}-io.confluent.connect.avro.ConnectDefault`
  assert.equal(schemaId(record.key), (await latest(registry.url, keySubject)).id)
  assert.equal(schemaId(record.value), (await latest(registry.url, 'io.confluent.connect.avro.ConnectDefault')).id)
  assert.deepEqual(forwarder.requests.map((r) => `${r.method} ${r.path}`).sort(), [
    `POST /apis/ccompat/v7/subjects/${keySubject}/versions`,
    'POST /apis/ccompat/v7/subjects/io.confluent.connect.avro.ConnectDefault/versions?normalize=true'
  ])
  const [value] = await decodeWithFastavro(registry.url, [record.value])
  assert.equal((value!.value as Value).Body, 'strategy')
  sqs.destroy()
})
