import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KEY_SCHEMA, toSourceRecord, VALUE_SCHEMA } from '../../../src/connectors/sqs/record-mapper.ts'
import type { Struct } from '../../../src/connect/data/struct.ts'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'

const URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo'
const fifoMessage = {
  MessageId: 'c1b9d3e0-7f4a-4f7e-9d1e-2b6f5e8a9c10',
  ReceiptHandle: 'rh',
  Body: 'hello',
  Attributes: {
    ApproximateFirstReceiveTimestamp: '1700000005000', ApproximateReceiveCount: '2', SenderId: 'AIDAEXAMPLE', SentTimestamp: '1700000004000',
    MessageDeduplicationId: 'dedup-1', MessageGroupId: 'customer-7', SequenceNumber: '18881234567890123456'
  },
  MessageAttributes: {
    Text: { DataType: 'String', StringValue: 'a' },
    Amount: { DataType: 'Number', StringValue: '12345678901234567890.5' },
    Blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2]) },
    Gif: { DataType: 'Binary.gif', BinaryValue: Uint8Array.from([3]) },
    Json: { DataType: 'String.json', StringValue: '{}' }
  }
}

test('a FIFO message fills every field of the seed\'s key and value', () => {
  const record = toSourceRecord(URL, 'orders', fifoMessage)
  assert.equal(record.keySchema, KEY_SCHEMA)
  assert.equal(record.valueSchema, VALUE_SCHEMA)
  const key = record.key as Struct
  assert.deepEqual(['QueueUrl', 'MessageId', 'MessageGroupId'].map((f) => key.get(f)), [URL, fifoMessage.MessageId, 'customer-7'])
  const value = record.value as Struct
  assert.deepEqual(VALUE_SCHEMA.fields?.map((f) => value.get(f.name)),
    [1700000005000, 2, 'AIDAEXAMPLE', 1700000004000, 'dedup-1', 'customer-7', '18881234567890123456', 'hello'])
  assert.equal(record.topic, 'orders')
  assert.equal(record.timestamp, undefined)
})

test('one header per attribute, sorted by name: String and Number types as strings, Binary types as bytes', () => {
  const headers = [...toSourceRecord(URL, 'orders', fifoMessage).headers]
  assert.deepEqual(headers.map((h) => [h.key, h.schema?.type, h.value]), [
    ['Amount', 'string', '12345678901234567890.5'],
    ['Blob', 'bytes', Uint8Array.from([1, 2])],
    ['Gif', 'bytes', Uint8Array.from([3])],
    ['Json', 'string', '{}'],
    ['Text', 'string', 'a']
  ])
})

test('standard-queue messages leave the FIFO fields null', () => {
  const { MessageDeduplicationId: _d, MessageGroupId: _g, SequenceNumber: _s, ...attributes } = fifoMessage.Attributes
  const record = toSourceRecord(URL, 't', { ...fifoMessage, Attributes: attributes, MessageAttributes: {} })
  assert.equal((record.key as Struct).get('MessageGroupId'), null)
  assert.equal((record.value as Struct).get('SequenceNumber'), null)
  assert.equal(record.headers.size, 0)
})

test('a message missing a required attribute is refused with an error naming it', () => {
  const { SenderId: _s, ...attributes } = fifoMessage.Attributes
  assert.throws(() => toSourceRecord(URL, 't', { ...fifoMessage, Attributes: attributes }),
    (e: unknown) => hasCode(e, ErrorCodes.SQS_MESSAGE_INVALID) && e.message.includes(fifoMessage.MessageId) && e.message.includes('SenderId'))
  assert.throws(() => toSourceRecord(URL, 't', { ...fifoMessage, Attributes: { ...fifoMessage.Attributes, ApproximateReceiveCount: 'x' } }), /ApproximateReceiveCount/)
})

test('timestamps beyond 2^53 keep full precision', () => {
  const record = toSourceRecord(URL, 't', { ...fifoMessage, Attributes: { ...fifoMessage.Attributes, SentTimestamp: '9007199254740993' } })
  assert.equal((record.value as Struct).get('SentTimestamp'), 9007199254740993n)
})
