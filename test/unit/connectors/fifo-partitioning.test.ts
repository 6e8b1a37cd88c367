/** sqs.fifo.partitioning: the record's key and partition key per mode, and the property's validation. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Message } from '@aws-sdk/client-sqs'
import { parseSqsSourceConfig } from '../../../src/connectors/sqs/config.ts'
import { validateSqsSourceConfig } from '../../../src/connectors/sqs/config-validation.ts'
import { GROUP_KEY_SCHEMA, KEY_SCHEMA, toSourceRecord } from '../../../src/connectors/sqs/record-mapper.ts'
import type { Struct } from '../../../src/connect/data/struct.ts'

const FIFO = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo'
const STANDARD = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'

function message (groupId?: string): Message {
  return {
    MessageId: 'm-1', Body: 'b', ReceiptHandle: 'r',
    Attributes: { ApproximateFirstReceiveTimestamp: '2', ApproximateReceiveCount: '1', SenderId: 'AIDA', SentTimestamp: '1', ...(groupId === undefined ? {} : { MessageGroupId: groupId }) }
  }
}

test('none (the default): the seed key struct, no partition key', () => {
  const record = toSourceRecord(FIFO, 't', message('g-1'))
  assert.equal(record.keySchema, KEY_SCHEMA)
  assert.equal((record.key as Struct).get('MessageGroupId'), 'g-1')
  assert.equal(record.partitionKey, undefined)
  assert.equal(parseSqsSourceConfig({ 'kafka.topic': 't', 'sqs.url': FIFO }).fifoPartitioning, 'none')
})

test('key: the key is the MessageGroupId with an optional string schema; the value is unchanged', () => {
  const record = toSourceRecord(FIFO, 't', message('g-1'), { traceparent: false, partitioning: 'key' })
  assert.equal(record.keySchema, GROUP_KEY_SCHEMA)
  assert.equal(record.keySchema?.type, 'string')
  assert.equal(record.keySchema?.optional, true)
  assert.equal(record.key, 'g-1')
  assert.equal(record.partitionKey, undefined)
  assert.equal((record.value as Struct).get('MessageGroupId'), 'g-1')
})

test('partition: the key struct stays; the partition key is the UTF-8 of the MessageGroupId', () => {
  const record = toSourceRecord(FIFO, 't', message('Grüße'), { traceparent: false, partitioning: 'partition' })
  assert.equal(record.keySchema, KEY_SCHEMA)
  assert.equal((record.key as Struct).get('MessageId'), 'm-1')
  assert.deepEqual(Buffer.from(record.partitionKey ?? []), Buffer.from('Grüße', 'utf8'))
})

test('a message without a group: key mode gives a null key (as the transforms would), partition mode no partition key', () => {
  assert.equal(toSourceRecord(FIFO, 't', message(), { traceparent: false, partitioning: 'key' }).key, null)
  assert.equal(toSourceRecord(FIFO, 't', message(), { traceparent: false, partitioning: 'partition' }).partitionKey, undefined)
})

const errorsOf = (props: Record<string, string>): string[] =>
  validateSqsSourceConfig({ 'kafka.topic': 't', ...props }).find((v) => v.name === 'sqs.fifo.partitioning')?.errors ?? []

test('validation: the three values on a FIFO queue; anything but none on a standard queue is an error; unknown values refused', () => {
  for (const mode of ['none', 'key', 'partition']) assert.deepEqual(errorsOf({ 'sqs.url': FIFO, 'sqs.fifo.partitioning': mode }), [], mode)
  assert.deepEqual(errorsOf({ 'sqs.url': STANDARD, 'sqs.fifo.partitioning': 'none' }), [])
  assert.deepEqual(errorsOf({ 'sqs.url': STANDARD }), [])
  for (const mode of ['key', 'partition']) {
    const [error] = errorsOf({ 'sqs.url': STANDARD, 'sqs.fifo.partitioning': mode })
    assert.match(error ?? '', /needs a FIFO queue/, mode)
  }
  assert.match(errorsOf({ 'sqs.url': FIFO, 'sqs.fifo.partitioning': 'group' })[0] ?? '', /one of: none, key, partition/)
})
