import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Message } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../../src/connect/connector.ts'
import { validateSqsSourceConfig } from '../../../src/connectors/sqs/config-validation.ts'
import { parseSqsSourceConfig } from '../../../src/connectors/sqs/config.ts'
import { judgeReceiveCount, POISON_HEADERS, PoisonRouter, receiveCountOf, type PoisonSettings } from '../../../src/connectors/sqs/poison.ts'
import { toSourceRecord } from '../../../src/connectors/sqs/record-mapper.ts'
import { ErrorCodes, hasCode, SqsConnectError } from '../../../src/errors.ts'

const URL = 'http://127.0.0.1:9324/000000000000/orders'
const dlq: PoisonSettings = { queueUrl: URL, topic: 'orders', receiveCountMax: 3, action: 'dlq', dlqTopic: 'orders-poison' }
const redrive: PoisonSettings = { ...dlq, action: 'redrive', dlqTopic: '' }

function message (receiveCount: string | undefined, extra: Partial<Message> = {}): Message {
  return {
    MessageId: `id-${receiveCount ?? 'none'}`,
    ReceiptHandle: 'rh',
    Body: 'payload',
    Attributes: {
      ApproximateFirstReceiveTimestamp: '1700000005000', SenderId: 'AIDAEXAMPLE', SentTimestamp: '1700000004000',
      ...(receiveCount === undefined ? {} : { ApproximateReceiveCount: receiveCount })
    },
    MessageAttributes: { Colour: { DataType: 'String', StringValue: 'red' } },
    ...extra
  }
}

interface Logged { level: string, obj: object, msg: string }
function recordingLogger (): PluginLogger & { lines: Logged[] } {
  const lines: Logged[] = []
  const log = (level: string) => (obj: object, msg: string) => { lines.push({ level, obj, msg }) }
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

function router (settings: PoisonSettings, logger = recordingLogger()): PoisonRouter {
  return new PoisonRouter({ settings, headerOptions: { traceparent: false }, logger })
}

const mapper = (m: Message) => () => toSourceRecord(URL, 'orders', m)

function headerMap (record: { headers: Iterable<{ key: string, value: unknown }> }): Map<string, unknown> {
  return new Map([...record.headers].map((h) => [h.key, h.value]))
}

test('receive counts: a positive integer, or undefined', () => {
  assert.equal(receiveCountOf(message('4')), 4)
  assert.equal(receiveCountOf(message(undefined)), undefined)
  assert.equal(receiveCountOf(message('x')), undefined)
  assert.equal(receiveCountOf(message('0')), undefined)
})

test('poison means a receive count above the maximum; 0 turns it off', () => {
  assert.equal(judgeReceiveCount(message('3'), dlq), undefined)
  const verdict = judgeReceiveCount(message('4'), dlq)
  assert.equal(verdict?.reason, 'RECEIVE_COUNT_EXCEEDED')
  assert.equal(verdict?.receiveCount, 4)
  assert.match(verdict?.detail ?? '', /ApproximateReceiveCount 4 is above sqs\.poison\.receive\.count\.max 3/)
  assert.equal(judgeReceiveCount(message('400'), { ...dlq, receiveCountMax: 0 }), undefined)
})

test('off: every message maps as before, and an invalid one still fails the task', () => {
  const off = router({ ...dlq, receiveCountMax: 0 })
  const m = message('99')
  assert.equal(off.route(m, mapper(m))?.topic, 'orders')
  const bad = message(undefined)
  assert.throws(() => off.route(bad, mapper(bad)), (e: unknown) => hasCode(e, ErrorCodes.SQS_MESSAGE_INVALID))
  assert.deepEqual(off.counts, { poisonToDlq: 0, poisonLeftForRedrive: 0 })
})

test('dlq: a fresh message goes to kafka.topic untouched', () => {
  const r = router(dlq)
  const m = message('3')
  const record = r.route(m, mapper(m))
  assert.equal(record?.topic, 'orders')
  assert.deepEqual([...record?.headers ?? []].map((h) => h.key), ['Colour'])
})

test('dlq: a poison message becomes the same key and value on the DLQ topic, its headers plus the poison headers', () => {
  const logger = recordingLogger()
  const r = router(dlq, logger)
  const m = message('4')
  const usual = toSourceRecord(URL, 'orders', m)
  const record = r.route(m, mapper(m))
  assert.ok(record !== undefined)
  assert.equal(record.topic, 'orders-poison')
  assert.deepEqual(record.key, usual.key)
  assert.deepEqual(record.value, usual.value)
  assert.equal(record.keySchema, usual.keySchema)
  assert.equal(record.valueSchema, usual.valueSchema)
  assert.deepEqual(record.sourceOffset, usual.sourceOffset)
  assert.deepEqual([...record.headers].map((h) => h.key), [
    'Colour', POISON_HEADERS.reason, POISON_HEADERS.reasonMessage, POISON_HEADERS.receiveCount, POISON_HEADERS.receiveCountMax,
    POISON_HEADERS.queueUrl, POISON_HEADERS.messageId, POISON_HEADERS.topic
  ])
  const headers = headerMap(record)
  assert.equal(headers.get('__sqs.poison.reason'), 'RECEIVE_COUNT_EXCEEDED')
  assert.equal(headers.get('__sqs.poison.receive.count'), '4')
  assert.equal(headers.get('__sqs.poison.receive.count.max'), '3')
  assert.equal(headers.get('__sqs.poison.queue.url'), URL)
  assert.equal(headers.get('__sqs.poison.message.id'), 'id-4')
  assert.equal(headers.get('__sqs.poison.topic'), 'orders')
  assert.deepEqual(r.counts, { poisonToDlq: 1, poisonLeftForRedrive: 0 })
  assert.equal(logger.lines.length, 1)
  assert.equal(logger.lines[0]?.level, 'warn')
  assert.deepEqual(logger.lines[0]?.obj, { messageId: 'id-4', receiveCount: 4, reason: 'RECEIVE_COUNT_EXCEEDED', action: 'dlq', dlqTopic: 'orders-poison' })
})

test('dlq: a message that cannot become a record goes to the DLQ topic with a null key and its body', () => {
  const r = router(dlq)
  const bad = message(undefined)
  const record = r.route(bad, mapper(bad))
  assert.ok(record !== undefined)
  assert.equal(record.topic, 'orders-poison')
  assert.equal(record.key, null)
  assert.equal(record.keySchema, null)
  assert.equal(record.value, 'payload')
  assert.equal(record.valueSchema?.type, 'string')
  const headers = headerMap(record)
  assert.equal(headers.get('Colour'), 'red')
  assert.equal(headers.get('__sqs.poison.reason'), 'MESSAGE_INVALID')
  assert.match(String(headers.get('__sqs.poison.reason.message')), /system attribute ApproximateReceiveCount is missing/)
  assert.equal(headers.has('__sqs.poison.receive.count'), false)
})

test('an error other than an invalid message is not poison: it is thrown', () => {
  const r = router(dlq)
  const boom = new SqsConnectError(ErrorCodes.DATA_INVALID, 'boom')
  assert.throws(() => r.route(message('9'), () => { throw boom }), (e: unknown) => e === boom)
})

test('redrive: a poison message gives no record, is counted and logged with its id and count', () => {
  const logger = recordingLogger()
  const r = router(redrive, logger)
  const m = message('5')
  assert.equal(r.route(m, mapper(m)), undefined)
  const bad = message(undefined)
  assert.equal(r.route(bad, mapper(bad)), undefined)
  const fresh = message('1')
  assert.equal(r.route(fresh, mapper(fresh))?.topic, 'orders')
  assert.deepEqual(r.counts, { poisonToDlq: 0, poisonLeftForRedrive: 2 })
  assert.deepEqual(logger.lines.map((l) => [l.level, (l.obj as { messageId: string, receiveCount?: number }).messageId, (l.obj as { receiveCount?: number }).receiveCount]),
    [['warn', 'id-5', 5], ['warn', 'id-none', undefined]])
})

test('a router for dlq without a topic is refused', () => {
  assert.throws(() => router({ ...dlq, dlqTopic: '' }), /sqs\.poison\.dlq\.topic must be set/)
})

const base = { 'kafka.topic': 'orders', 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/1/q' }
const errorsOf = (props: Record<string, string>, name: string): string[] => validateSqsSourceConfig(props).find((v) => v.name === name)?.errors ?? []

test('config: off by default, action dlq, no topic', () => {
  const config = parseSqsSourceConfig(base)
  assert.equal(config.poisonReceiveCountMax, 0)
  assert.equal(config.poisonAction, 'dlq')
  assert.equal(config.poisonDlqTopic, '')
  assert.deepEqual(validateSqsSourceConfig(base).flatMap((v) => v.errors), [])
})

test('config: single-property checks', () => {
  assert.throws(() => parseSqsSourceConfig({ ...base, 'sqs.poison.receive.count.max': '-1' }), /sqs\.poison\.receive\.count\.max: Value must be at least 0/)
  assert.throws(() => parseSqsSourceConfig({ ...base, 'sqs.poison.action': 'delete' }), /sqs\.poison\.action: String must be one of: dlq, redrive/)
  assert.throws(() => parseSqsSourceConfig({ ...base, 'sqs.poison.dlq.topic': 'bad topic' }), /sqs\.poison\.dlq\.topic: A topic name may contain only/)
  assert.equal(parseSqsSourceConfig({ ...base, 'sqs.poison.action': 'redrive' }).poisonAction, 'redrive')
})

test('config: dlq needs a topic other than kafka.topic once poison handling is on', () => {
  assert.match(errorsOf({ ...base, 'sqs.poison.receive.count.max': '3' }, 'sqs.poison.dlq.topic')[0] ?? '', /must be set when sqs\.poison\.receive\.count\.max is above 0/)
  assert.match(errorsOf({ ...base, 'sqs.poison.receive.count.max': '3', 'sqs.poison.dlq.topic': 'orders' }, 'sqs.poison.dlq.topic')[0] ?? '', /must differ from kafka\.topic/)
  assert.deepEqual(errorsOf({ ...base, 'sqs.poison.receive.count.max': '3', 'sqs.poison.dlq.topic': 'orders-poison' }, 'sqs.poison.dlq.topic'), [])
  assert.deepEqual(errorsOf({ ...base, 'sqs.poison.receive.count.max': '3', 'sqs.poison.action': 'redrive' }, 'sqs.poison.dlq.topic'), [])
  assert.deepEqual(errorsOf({ ...base, 'sqs.poison.dlq.topic': 'orders' }, 'sqs.poison.dlq.topic'), [], 'off: the topic is not used')
})
