import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Converter, HeaderConverter } from '../../../src/connect/converter.ts'
import { JsonConverter } from '../../../src/connect/converters/index.ts'
import { Schemas } from '../../../src/connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../../src/connect/data/source-record.ts'
import { recordSizeUpperBound } from '../../../src/kafka/producer.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'
import { createLogger } from '../../../src/runtime/logging.ts'
import { DEFAULT_ERROR_HANDLING } from '../../../src/runtime/errors/error-handling-config.ts'
import { createTaskErrorHandling } from '../../../src/runtime/errors/task-error-handling.ts'
import { LazyTopicAdmin } from '../../../src/runtime/topic-admin.ts'
import { isReady, NEEDS_WAIT, prepareRecord, prepareRecordNow, type RecordPipeline } from '../../../src/runtime/record-pipeline.ts'

const header: HeaderConverter = { configure () {}, fromConnectHeader: (_t, _k, _s, v) => Buffer.from(String(v)) }

function json (): Converter {
  const converter = new JsonConverter()
  converter.configure({ 'schemas.enable': 'false' }, false)
  return converter
}

function record (value: string): SourceRecord {
  return sourceRecord({ sourcePartition: { q: 'q' }, sourceOffset: { MessageId: 'm1' }, topic: 't', keySchema: Schemas.STRING, key: 'k', valueSchema: Schemas.STRING, value })
}

/** Only what the pipeline reads: the transforms, the converters, error handling (errors.tolerance=none) and max.request.size. */
function pipeline (o: { value?: Converter, transforms?: boolean, topicSettled?: boolean, maxRequestBytes?: number, errors?: boolean, retryTimeoutMs?: number } = {}): RecordPipeline {
  const converters = { key: json(), value: o.value ?? json(), header }
  const task = { commitRecord () {} }
  const real = createTaskErrorHandling({
    connectorName: 'c',
    taskId: 0,
    task: task as never,
    converters,
    logger: createLogger('silent'),
    // Retriable failures are retried for 5 s (unless told otherwise), 10 ms apart at most.
    config: { ...DEFAULT_ERROR_HANDLING, retryTimeoutMs: o.retryTimeoutMs ?? 5000, retryDelayMaxMs: 10 },
    topicCreation: { enabled: false, groups: [], values: [], keys: [] },
    admin: new LazyTopicAdmin(() => { throw new Error('no admin in this test') }),
    createDlqSender: () => { throw new Error('no dead letter queue in this test') }
  })
  return {
    task,
    transforms: { empty: o.transforms !== true },
    converters,
    errorHandling: o.errors === true ? real : { ...real, topics: { isSettled: () => o.topicSettled ?? true } },
    metrics: { dropped () {} },
    maxRequestBytes: o.maxRequestBytes ?? 1024 * 1024
  } as unknown as RecordPipeline
}

test('prepareRecordNow converts and sizes a record that needs no waiting', () => {
  const ready = prepareRecordNow(record('v"1'), pipeline())
  assert.ok(isReady(ready))
  assert.equal(Buffer.from(ready.out.value!).toString(), '"v\\"1"')
  assert.equal(Buffer.from(ready.out.key!).toString(), '"k"')
  assert.equal(ready.out.topic, 't')
  assert.equal(ready.bytes, recordSizeUpperBound(ready.out))
})

test('prepareRecordNow leaves transforms, registry converters and unchecked topics to prepareRecord, converting nothing', () => {
  let conversions = 0
  const counting: Converter = { configure () {}, fromConnectData: () => Buffer.from(String(++conversions)) }
  assert.equal(prepareRecordNow(record('v'), pipeline({ value: counting, transforms: true })), NEEDS_WAIT)
  assert.equal(prepareRecordNow(record('v'), pipeline({ value: counting, topicSettled: false })), NEEDS_WAIT)
  const registry: Converter = { configure () {}, fromConnectData: () => Buffer.from(String(++conversions)), prepare: async () => {} }
  assert.equal(prepareRecordNow(record('v'), pipeline({ value: registry })), NEEDS_WAIT)
  assert.equal(conversions, 0)
})

test('a conversion that failed in prepareRecordNow is the first attempt of prepareRecord: a retriable failure is retried once, not twice', async () => {
  let attempts = 0
  const flaky: Converter = {
    configure () {},
    fromConnectData: (_t, _s, v) => {
      if (++attempts === 1) throw new SqsConnectError(ErrorCodes.DATA_INVALID, 'transient failure 1', { retriable: true })
      return Buffer.from(String(v))
    }
  }
  const p = pipeline({ value: flaky, errors: true })
  const first = prepareRecordNow(record('v'), p)
  assert.ok(!isReady(first) && first !== NEEDS_WAIT)
  assert.match(String(first.error), /transient failure 1/)
  const ready = await prepareRecord(record('v'), p, () => {}, first)
  assert.equal(attempts, 2)
  assert.equal(Buffer.from(ready!.out.value!).toString(), 'v')
})

test('without retries, a conversion that failed in prepareRecordNow fails the record with that failure, not with a second attempt', async () => {
  let attempts = 0
  const flaky: Converter = {
    configure () {},
    fromConnectData: (_t, _s, v) => {
      if (++attempts === 1) throw new SqsConnectError(ErrorCodes.DATA_INVALID, 'transient failure 1', { retriable: true })
      return Buffer.from(String(v))
    }
  }
  const p = pipeline({ value: flaky, errors: true, retryTimeoutMs: 0 })
  const first = prepareRecordNow(record('v'), p)
  assert.ok(!isReady(first) && first !== NEEDS_WAIT)
  await assert.rejects(prepareRecord(record('v'), p, () => {}, first), /Tolerance exceeded.*transient failure 1/)
  assert.equal(attempts, 1)
})

test('an oversized record from prepareRecordNow is not converted again, and the JsonConverter converts the next record', async () => {
  const big = 'x'.repeat(5000)
  const p = pipeline({ maxRequestBytes: 4000, errors: true })
  const first = prepareRecordNow(record(big), p)
  assert.ok(!isReady(first) && first !== NEEDS_WAIT)
  assert.equal(first.error, undefined)
  assert.equal(Buffer.from(first.out!.value!).toString(), JSON.stringify(big))
  // With errors.tolerance=none the record goes on as it is (the send loop fails the task on it), the same conversion.
  const ready = await prepareRecord(record(big), p, () => {}, first)
  assert.equal(ready!.out, first.out)
  assert.ok(ready!.bytes > 4000)
  const next = prepareRecordNow(record('small'), p)
  assert.ok(isReady(next))
  assert.equal(Buffer.from(next.out.value!).toString(), '"small"')
})
