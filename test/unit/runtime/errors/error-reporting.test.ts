import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Writable } from 'node:stream'
import pino from 'pino'
import { validateConfigKeys } from '../../../../src/connect/config/config-def.ts'
import { Headers } from '../../../../src/connect/data/headers.ts'
import { SchemaBuilder, Schemas } from '../../../../src/connect/data/schema.ts'
import { sourceRecord } from '../../../../src/connect/data/source-record.ts'
import { Struct } from '../../../../src/connect/data/struct.ts'
import { ErrorCodes, SqsConnectError } from '../../../../src/errors.ts'
import { connectorConfigKeys } from '../../../../src/runtime/connector-config.ts'
import { deadLetterRecord, ERROR_HEADERS, stackTraceOf } from '../../../../src/runtime/errors/dead-letter-record.ts'
import { parseErrorHandlingConfig } from '../../../../src/runtime/errors/error-handling-config.ts'
import { noErrorMetrics } from '../../../../src/runtime/errors/error-metrics.ts'
import { LogReporter, sourceRecordToString } from '../../../../src/runtime/errors/log-reporter.ts'
import { processingContext } from '../../../../src/runtime/errors/processing-context.ts'

const valueSchema = new SchemaBuilder('struct').name('Value').field('Body', Schemas.STRING).field('Count', Schemas.OPTIONAL_INT32).build()
const value = new Struct(valueSchema).put('Body', 'hello').put('Count', null)
const record = sourceRecord({
  sourcePartition: { QueueUrl: 'http://q' }, sourceOffset: { MessageId: 'm-1' }, topic: 'orders', keySchema: Schemas.STRING, key: 'k',
  valueSchema, value, timestamp: 1234, headers: new Headers().addString('Kind', 'a').addBytes('Bin', Buffer.from([1, 2]))
})

function capture (): { logger: pino.Logger, lines: () => Array<Record<string, unknown>> } {
  let text = ''
  const sink = new Writable({ write (chunk: Buffer, _e, done) { text += chunk.toString(); done() } })
  return { logger: pino({ level: 'info' }, sink), lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) }
}

test('LogReporter words its line as Connect does, with the record only when errors.log.include.messages', () => {
  for (const includeMessages of [false, true]) {
    const { logger, lines } = capture()
    let logged = 0
    const reporter = new LogReporter({ connectorName: 'c', taskId: 2, enabled: true, includeMessages, logger, metrics: { ...noErrorMetrics, errorLogged: () => { logged++ } } })
    const context = processingContext(record, 'VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter')
    reporter.report(context)
    assert.equal(lines().length, 0, 'nothing without an error')
    context.error = new Error('boom')
    reporter.report(context)
    const [line] = lines()
    const head = "Error encountered in task c-2. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter'"
    assert.equal(line?.msg, includeMessages ? `${head}, where source record is = ${sourceRecordToString(record)}.` : `${head}.`)
    assert.equal(line?.level, 50)
    assert.equal((line?.err as { message: string }).message, 'boom')
    assert.equal(logged, 1)
  }
})

test('LogReporter is silent without errors.log.enable', () => {
  const { logger, lines } = capture()
  const reporter = new LogReporter({ connectorName: 'c', taskId: 0, enabled: false, includeMessages: true, logger, metrics: noErrorMetrics })
  const context = processingContext(record, 'VALUE_CONVERTER', 'X')
  context.error = new Error('boom')
  reporter.report(context)
  assert.equal(lines().length, 0)
})

test('a source record prints in Java\'s toString form', () => {
  const text = sourceRecordToString(record)
  const [before, bytes] = text.split('ConnectHeader(key=Bin, value=')
  assert.equal(before,
    'SourceRecord{sourcePartition={QueueUrl=http://q}, sourceOffset={MessageId=m-1}} ConnectRecord{topic=\'orders\', kafkaPartition=null, key=k, keySchema=Schema{STRING}, ' +
    'value=Struct{Body=hello}, valueSchema=Schema{Value:STRUCT}, timestamp=1234, headers=ConnectHeaders(headers=[ConnectHeader(key=Kind, value=a, schema=Schema{STRING}), ')
  // A byte[] prints as Java's Object.toString: [B@ and a hash.
  assert.match(bytes ?? '', /^\[B@[0-9a-f]+, schema=Schema\{BYTES\}\)\]\)\}$/)
})

test('the dead-letter record holds the original record as JsonConverter envelopes, its headers, then the context headers', () => {
  const context = processingContext(record, 'HEADER_CONVERTER', 'org.apache.kafka.connect.converters.ByteArrayConverter')
  context.error = new SqsConnectError(ErrorCodes.CONVERSION_FAILED, 'outer', { cause: new SqsConnectError(ErrorCodes.DATA_INVALID, 'inner') })
  const out = deadLetterRecord('dlq', context, { connectorName: 'c', taskId: 3, contextHeaders: true })
  assert.equal(out.topic, 'dlq')
  assert.equal(out.timestamp, 1234)
  assert.deepEqual(JSON.parse(Buffer.from(out.key!).toString()), { schema: { type: 'string', optional: false }, payload: 'k' })
  const envelope = JSON.parse(Buffer.from(out.value!).toString()) as { schema: { name: string }, payload: unknown }
  assert.equal(envelope.schema.name, 'Value')
  assert.deepEqual(envelope.payload, { Body: 'hello', Count: null })
  const headers = out.headers.map(([k, v]) => [k, v === null ? null : Buffer.from(v).toString()])
  assert.deepEqual(headers.slice(0, 2), [['Kind', 'a'], ['Bin', Buffer.from([1, 2]).toString('base64')]])
  const named = Object.fromEntries(headers.slice(2))
  assert.deepEqual(Object.keys(named), [
    ERROR_HEADERS.topic, ERROR_HEADERS.connectorName, ERROR_HEADERS.taskId, ERROR_HEADERS.stage, ERROR_HEADERS.className,
    ERROR_HEADERS.exceptionClass, ERROR_HEADERS.exceptionMessage, ERROR_HEADERS.stacktrace, ERROR_HEADERS.sourcePartition, ERROR_HEADERS.sourceOffset
  ])
  assert.equal(named[ERROR_HEADERS.topic], 'orders')
  assert.equal(named[ERROR_HEADERS.taskId], '3')
  assert.equal(named[ERROR_HEADERS.stage], 'HEADER_CONVERTER')
  assert.equal(named[ERROR_HEADERS.exceptionClass], 'SqsConnectError')
  assert.equal(named[ERROR_HEADERS.exceptionMessage], 'outer')
  assert.match(named[ERROR_HEADERS.stacktrace] ?? '', /^SqsConnectError: outer\n[\s\S]*\nCaused by: SqsConnectError: inner\n/)
  assert.equal(named[ERROR_HEADERS.sourceOffset], '{"MessageId":"m-1"}')
  assert.equal(stackTraceOf(new Error('x')).split('\n')[0], 'Error: x')
})

test('without context headers only the record\'s own headers; a chosen partition is named; a value that does not fit its schema falls back to schemaless JSON', () => {
  const odd = sourceRecord({ ...record, kafkaPartition: 4, valueSchema: Schemas.INT32, value: 'not a number', headers: new Headers() })
  const context = processingContext(odd, 'TRANSFORMATION', 'T')
  context.error = new Error('x')
  assert.deepEqual(deadLetterRecord('dlq', context, { connectorName: 'c', taskId: 0, contextHeaders: false }).headers, [])
  const withHeaders = deadLetterRecord('dlq', context, { connectorName: 'c', taskId: 0, contextHeaders: true })
  assert.equal(Buffer.from(withHeaders.headers.find(([k]) => k === ERROR_HEADERS.partition)![1]!).toString(), '4')
  assert.equal(Buffer.from(withHeaders.value!).toString(), '"not a number"')
})

test('errors.* and the dead-letter keys: parsed, defaults as Connect\'s, bad values named', () => {
  assert.deepEqual(parseErrorHandlingConfig({}), {
    retryTimeoutMs: 0, retryDelayMaxMs: 60000, tolerance: 'none', logEnable: false, logIncludeMessages: false, dlqTopic: '', dlqReplicationFactor: 3, dlqContextHeaders: false
  })
  assert.deepEqual(parseErrorHandlingConfig({
    'errors.retry.timeout': '-1', 'errors.retry.delay.max.ms': '500', 'errors.tolerance': 'all', 'errors.log.enable': 'true', 'errors.log.include.messages': 'true',
    'errors.deadletterqueue.topic.name': ' dead ', 'errors.deadletterqueue.topic.replication.factor': '-1', 'errors.deadletterqueue.context.headers.enable': 'true'
  }), { retryTimeoutMs: -1, retryDelayMaxMs: 500, tolerance: 'all', logEnable: true, logIncludeMessages: true, dlqTopic: 'dead', dlqReplicationFactor: -1, dlqContextHeaders: true })
  const errors = (props: Record<string, string>): string[] => validateConfigKeys(connectorConfigKeys, props).flatMap((v) => v.errors)
  assert.deepEqual(errors({ name: 'n', 'connector.class': 'c', 'errors.deadletterqueue.topic.name': 'bad topic' }),
    ['Invalid value bad topic for configuration errors.deadletterqueue.topic.name: A topic name may contain only ASCII letters, digits, \'.\', \'_\' and \'-\', not " "'])
  assert.deepEqual(errors({ name: 'n', 'connector.class': 'c', 'errors.deadletterqueue.topic.replication.factor': '0' }),
    ['Invalid value 0 for configuration errors.deadletterqueue.topic.replication.factor: Replication factor must be positive, or -1 to use the broker\'s default'])
  assert.deepEqual(errors({ name: 'n', 'connector.class': 'c', 'errors.deadletterqueue.topic.name': '' }), [])
})
