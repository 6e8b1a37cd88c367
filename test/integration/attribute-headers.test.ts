/**
 * Message attributes and AWSTraceHeader through the real worker into Kafka, against both SQS servers
 * (ElasticMQ and moto): every header's key, position and exact bytes as the worker's default
 * SimpleHeaderConverter writes them (strings as their UTF-8 text, bytes as base64 text; the byte-identity
 * test proves those bytes equal Kafka's own converter's), with sqs.traceparent.enable off and on.
 * Messages are sent one by one with SendMessage: moto 5.2.5 drops MessageSystemAttributes in
 * SendMessageBatch (ElasticMQ 1.7.1 keeps them in both).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs'
import type { ReadRecord } from '../../src/kafka/topic-reader.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { BOTH_SQS_SERVERS, startBothSqsServersFirst } from './support/moto.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)
const text = (StringValue: string, DataType = 'String'): MessageAttributeValue => ({ DataType, StringValue })
const number = (StringValue: string, DataType = 'Number'): MessageAttributeValue => ({ DataType, StringValue })
const binary = (BinaryValue: Uint8Array, DataType = 'Binary'): MessageAttributeValue => ({ DataType, BinaryValue })

/** A header as Kafka holds it: its key and its bytes, given as the UTF-8 text they spell. */
type ExpectedHeader = readonly [key: string, utf8: string]

interface Case {
  readonly body: string
  readonly attributes: Record<string, MessageAttributeValue>
  readonly awsTraceHeader?: string
  /** The headers with sqs.traceparent.enable=false, in order. */
  readonly headers: readonly ExpectedHeader[]
  /** The traceparent header that sqs.traceparent.enable=true adds last, if any. */
  readonly traceparent?: string
}

const XRAY = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
const XRAY_NO_PARENT = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1'
const XRAY_UNSAMPLED = 'Root=1-67891233-abcdef012345678912345678;Parent=463ac35c9f6413ad;Sampled=0;Lineage=a87bd80c:1|68fd508a:5'

const CASES: readonly Case[] = [
  {
    body: 'ten attributes of every type, custom types included, and a well-formed AWSTraceHeader',
    attributes: {
      Price: number('1.5E+3'),
      Zero: number('-0'),
      Padded: number('007'),
      Big: number('123456789012345678901234567890', 'Number.int'),
      Text: text('é日本😀'),
      LooksTrue: text('true'),
      Json: text('{"a":1}', 'String.json'),
      Raw: binary(bytes(0x00, 0x01, 0xfe, 0xff)),
      Gif: binary(bytes(0x47, 0x49, 0x46, 0x00, 0xff), 'Binary.gif'),
      42: text('[1,2]')
    },
    awsTraceHeader: XRAY,
    // Sorted by attribute name (UTF-16 code units), then AWSTraceHeader. Binary values as base64 text.
    headers: [
      ['42', '[1,2]'],
      ['Big', '123456789012345678901234567890'],
      ['Gif', 'R0lGAP8='],
      ['Json', '{"a":1}'],
      ['LooksTrue', 'true'],
      ['Padded', '007'],
      ['Price', '1.5E+3'],
      ['Raw', 'AAH+/w=='],
      ['Text', 'é日本😀'],
      ['Zero', '-0'],
      ['AWSTraceHeader', XRAY]
    ],
    traceparent: '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01'
  },
  {
    body: 'ten more attributes, an empty binary among them, and an AWSTraceHeader without Parent',
    attributes: {
      null: text('null'),
      one: number('1'),
      exp: number('-1.5e-10'),
      long: number('12345678901234567890123456789012345678'),
      empty: binary(bytes()),
      zero: binary(bytes(0x00)),
      ff: binary(bytes(0xff), 'Binary.raw'),
      obj: text('{"a":1}'),
      unicode: text('Ærø — 中文 🇫🇷', 'String.utf8'),
      ws: text(' tab\there ')
    },
    awsTraceHeader: XRAY_NO_PARENT,
    headers: [
      ['empty', ''],
      ['exp', '-1.5e-10'],
      ['ff', '/w=='],
      ['long', '12345678901234567890123456789012345678'],
      ['null', 'null'],
      ['obj', '{"a":1}'],
      ['one', '1'],
      ['unicode', 'Ærø — 中文 🇫🇷'],
      ['ws', ' tab\there '],
      ['zero', 'AA=='],
      ['AWSTraceHeader', XRAY_NO_PARENT]
    ]
  },
  {
    body: 'no attributes, an unsampled AWSTraceHeader with a Lineage field',
    attributes: {},
    awsTraceHeader: XRAY_UNSAMPLED,
    headers: [['AWSTraceHeader', XRAY_UNSAMPLED]],
    traceparent: '00-67891233abcdef012345678912345678-463ac35c9f6413ad-00'
  },
  {
    body: 'no attributes and no AWSTraceHeader: no headers at all',
    attributes: {},
    headers: []
  }
]

/** Sends every case with SendMessage; MessageIds in case order. */
async function sendCases (sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const ids: string[] = []
  for (const c of CASES) {
    const reply = await sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: c.body,
      ...(Object.keys(c.attributes).length === 0 ? {} : { MessageAttributes: c.attributes }),
      ...(c.awsTraceHeader === undefined ? {} : { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: c.awsTraceHeader } } })
    }))
    assert.ok(reply.MessageId !== undefined, `SendMessage returned no MessageId for: ${c.body}`)
    ids.push(reply.MessageId)
  }
  return ids
}

/** Headers as [key, hex of the exact bytes]; null values stay null. */
function hexHeaders (headers: ReadRecord['headers']): Array<[string, string | null]> {
  return headers.map(([k, v]) => [k, v === null ? null : v.toString('hex')])
}

function expectedHex (c: Case, traceparent: boolean): Array<[string, string]> {
  const headers = [...c.headers]
  if (traceparent && c.traceparent !== undefined) headers.push(['traceparent', c.traceparent])
  return headers.map(([k, utf8]) => [k, Buffer.from(utf8, 'utf8').toString('hex')])
}

startBothSqsServersFirst()

for (const server of BOTH_SQS_SERVERS) {
  describe(`${server.name}: attributes and AWSTraceHeader become headers`, () => {
    for (const traceparent of [false, true]) {
      test(`sqs.traceparent.enable=${String(traceparent)}: every header's key, order and exact bytes`, async () => {
        const env = await sharedServers()
        const sqs = sqsClient(await server.endpoint())
        const label = `hdr-${server.name.toLowerCase()}-${traceparent ? 'tp' : 'plain'}`
        const queueUrl = await createQueue(sqs, label)
        const topic = await createTopic(env.kafkaBootstrap, label)
        const ids = await sendCases(sqs, queueUrl)
        await startWorker(env.kafkaBootstrap, [sqsConnector(label, queueUrl, topic, traceparent ? { 'sqs.traceparent.enable': 'true' } : {})])

        const records = await readRecords(env.kafkaBootstrap, topic, CASES.length)
        assert.equal(records.length, CASES.length)
        const byMessageId = new Map(records.map((r) => [keyPayload(r).MessageId, r]))
        for (const [i, c] of CASES.entries()) {
          const record = byMessageId.get(ids[i] ?? '')
          assert.ok(record, `record for: ${c.body}`)
          assert.deepEqual(hexHeaders(record.headers), expectedHex(c, traceparent), `headers of: ${c.body}`)
        }
        const withTraceparent = records.filter((r) => r.headers.some(([k]) => k === 'traceparent')).length
        assert.equal(withTraceparent, traceparent ? 2 : 0, 'records with a traceparent header')
        await waitFor(`the ${server.name} queue to be empty`, async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
        sqs.destroy()
      })
    }
  })
}
