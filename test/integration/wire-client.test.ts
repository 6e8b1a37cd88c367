/**
 * sqs.client=wire against sqs.client=sdk through real servers (ElasticMQ and moto): the same messages (string and
 * binary attributes of every type, FIFO fields, unicode bodies) drained into Kafka by one connector per client give
 * byte-identical records (headers written by the JsonConverter, with their schemas), and a missing queue fails both with the same SqsConnectError code and message.
 * Two queues get identical content (one per client; SQS hands a message to one receive only), so the values SQS
 * assigns per queue and per message (QueueUrl, MessageId, SentTimestamp, ApproximateFirstReceiveTimestamp,
 * SequenceNumber) are replaced by placeholders in both records before the bytes are compared; nothing else is.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs'
import { parseSqsSourceConfig } from '../../src/connectors/sqs/config.ts'
import { locateQueue } from '../../src/connectors/sqs/queue-url.ts'
import { Receiver } from '../../src/connectors/sqs/receiver.ts'
import { RetryPolicy } from '../../src/connectors/sqs/retry-policy.ts'
import { createSqsClients } from '../../src/connectors/sqs/sqs-client.ts'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { createTopic, readRecords, waitFor } from './support/kafka.ts'
import { BOTH_SQS_SERVERS, startBothSqsServersFirst } from './support/moto.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const CLIENTS = ['wire', 'sdk'] as const

const str = (StringValue: string, DataType = 'String'): MessageAttributeValue => ({ DataType, StringValue })
const bin = (bytes: number[], DataType = 'Binary'): MessageAttributeValue => ({ DataType, BinaryValue: Uint8Array.from(bytes) })

/** Bodies and attributes of the messages, sent in this order to a FIFO queue (two groups). */
const MESSAGES: ReadonlyArray<{ body: string, group: string, attributes: Record<string, MessageAttributeValue> }> = [
  { body: 'plain ascii', group: 'g1', attributes: {} },
  { body: 'Ærø — 中文 🇫🇷 "quoted" \\ back\\slash', group: 'g1', attributes: { City: str('Any City'), Price: str('1.990', 'Number'), Raw: bin([0, 1, 0xfe, 0xff]) } },
  { body: '{"json":true,"n":[1,2,3]}', group: 'g2', attributes: { Gif: bin([0x47, 0x49, 0x46, 0x00], 'Binary.gif'), Json: str('{"a":1}', 'String.json'), Big: str('123456789012345678901234567890', 'Number.int') } },
  { body: 'tabs\tand\nnewlines\r\n', group: 'g2', attributes: { empty: bin([]), unicode: str('é日本😀', 'String.utf8'), ws: str(' padded ') } },
  { body: 'x'.repeat(4000), group: 'g1', attributes: { Zero: str('-0', 'Number'), one: bin([0xff], 'Binary.raw') } },
  // Large bodies: answers of 32 KiB+ are read by json-reader.ts, strings of 4096+ characters written by json-bytes.ts.
  { body: 'é日😀 large '.repeat(5000), group: 'g1', attributes: {} },
  { body: 'plain large '.repeat(4000), group: 'g2', attributes: {} },
  { body: JSON.stringify({ data: 'C:\\d\\' + 'a'.repeat(40_000), t: 'tab\there' }), group: 'g2', attributes: {} }
]

async function sendAll (sqs: SQSClient, queueUrl: string): Promise<void> {
  for (const [i, m] of MESSAGES.entries()) {
    await sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl, MessageBody: m.body, MessageGroupId: m.group, MessageDeduplicationId: `dedup-${i}`,
      ...(Object.keys(m.attributes).length === 0 ? {} : { MessageAttributes: m.attributes })
    }))
  }
}

/** The record's key and value text with the per-queue and per-message values SQS assigns replaced by placeholders. */
function normalised (record: ReadRecord): { key: string, value: string } {
  let key = record.key?.toString('utf8') ?? ''
  let value = record.value?.toString('utf8') ?? ''
  const k = (JSON.parse(key) as { payload: { QueueUrl: string, MessageId: string } }).payload
  const v = (JSON.parse(value) as { payload: { SentTimestamp: number, ApproximateFirstReceiveTimestamp: number, SequenceNumber: string | null } }).payload
  key = key.replace(`"QueueUrl":${JSON.stringify(k.QueueUrl)}`, '"QueueUrl":"<queue>"').replace(`"MessageId":${JSON.stringify(k.MessageId)}`, '"MessageId":"<id>"')
  value = value.replace(`"SentTimestamp":${v.SentTimestamp}`, '"SentTimestamp":0').replace(`"ApproximateFirstReceiveTimestamp":${v.ApproximateFirstReceiveTimestamp}`, '"ApproximateFirstReceiveTimestamp":0')
  if (v.SequenceNumber !== null) value = value.replace(`"SequenceNumber":${JSON.stringify(v.SequenceNumber)}`, '"SequenceNumber":"<seq>"')
  return { key, value }
}

const bodyOf = (record: ReadRecord): string => (JSON.parse(record.value?.toString('utf8') ?? '{}') as { payload: { Body: string } }).payload.Body

startBothSqsServersFirst()

for (const server of BOTH_SQS_SERVERS) {
  describe(`${server.name}: sqs.client=wire and sqs.client=sdk`, () => {
    test('the same messages become byte-identical Kafka records (keys, values, headers)', async () => {
      const env = await sharedServers()
      const sqs = sqsClient(await server.endpoint())
      const drained: Record<string, ReadRecord[]> = {}
      const queues: string[] = []
      const topics: Record<string, string> = {}
      for (const client of CLIENTS) {
        const label = `wire-${server.name.toLowerCase()}-${client}`
        const queueUrl = await createQueue(sqs, label, { fifo: true })
        queues.push(queueUrl)
        await sendAll(sqs, queueUrl)
        topics[client] = await createTopic(env.kafkaBootstrap, label)
        await startWorker(env.kafkaBootstrap, [sqsConnector(label, queueUrl, topics[client] ?? '', {
          'sqs.client': client,
          'sqs.waittime.seconds': '1',
          // Headers with their schema, so a binary attribute read back as text would show as a string header.
          'header.converter': 'org.apache.kafka.connect.json.JsonConverter'
        })])
      }
      for (const client of CLIENTS) drained[client] = await readRecords(env.kafkaBootstrap, topics[client] ?? '', MESSAGES.length)
      const wire = drained.wire ?? []
      const sdk = drained.sdk ?? []
      assert.equal(wire.length, MESSAGES.length)
      assert.equal(sdk.length, MESSAGES.length)
      // FIFO: one partition, both in send order within a group; compare per body.
      const sdkByBody = new Map(sdk.map((r) => [bodyOf(r), r]))
      for (const record of wire) {
        const twin = sdkByBody.get(bodyOf(record))
        assert.ok(twin !== undefined, `the sdk connector wrote the message: ${bodyOf(record).slice(0, 40)}`)
        assert.deepEqual(normalised(record), normalised(twin))
        assert.deepEqual(record.headers.map(([k, v]) => [k, v?.toString('hex') ?? null]), twin.headers.map(([k, v]) => [k, v?.toString('hex') ?? null]))
      }
      assert.equal(wire.filter((r) => r.headers.length > 0).length, 4, 'records with attribute headers')
      for (const queueUrl of queues) await waitFor(`${queueUrl} to be empty`, async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
      sqs.destroy()
    })

    test('a missing queue fails both clients with the same SqsConnectError', async () => {
      const endpoint = await server.endpoint()
      const queueUrl = `${endpoint}/000000000000/no-such-queue-${Date.now()}`
      const failures: Array<{ code: string, message: string }> = []
      for (const client of CLIENTS) {
        const config = parseSqsSourceConfig({
          'kafka.topic': 't', 'sqs.url': queueUrl, 'sqs.client': client, 'sqs.waittime.seconds': '1', 'sqs.max.retries': '0',
          'aws.access.key.id': 'local', 'aws.secret.key.id': 'local'
        })
        const clients = await createSqsClients(config, locateQueue(queueUrl))
        const receiver = new Receiver({
          sqs: clients.hotPath, config, retryPolicy: RetryPolicy.fromConfig(config),
          context: { queueUrl, region: 'us-east-1', credentialsSource: 'aws.access.key.id / aws.secret.key.id' },
          logger: { debug () {}, info () {}, warn () {}, error () {} }, signal: new AbortController().signal
        })
        const error = await receiver.receive().then(() => undefined, (e: unknown) => e as { code: string, message: string })
        clients.sdk.destroy()
        assert.ok(error !== undefined, `${client}: the receive fails`)
        failures.push({ code: error.code, message: error.message })
      }
      assert.equal(failures[0]?.code, 'SQSC_SQS_QUEUE_NOT_FOUND')
      assert.deepEqual(failures[0], failures[1])
    })
  })
}
