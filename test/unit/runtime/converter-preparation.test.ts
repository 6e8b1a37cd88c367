/** prepareConversion: nothing to await for converters without prepare(); registry failures keep their code and name the record. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Converter } from '../../../src/connect/converter.ts'
import { StringConverter, SimpleHeaderConverter } from '../../../src/connect/converters/index.ts'
import { Headers } from '../../../src/connect/data/headers.ts'
import { Schemas } from '../../../src/connect/data/schema.ts'
import type { SourceRecord } from '../../../src/connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'
import { prepareConversion } from '../../../src/runtime/converter-preparation.ts'

const record: SourceRecord = {
  sourcePartition: { QueueUrl: 'q' }, sourceOffset: { MessageId: 'm-1' }, topic: 't',
  keySchema: Schemas.STRING, key: 'k', valueSchema: Schemas.STRING, value: 'v', headers: new Headers()
}

function converter (prepare?: Converter['prepare']): Converter {
  const c = new StringConverter()
  return prepare === undefined ? c : Object.assign(c, { prepare })
}

test('converters without prepare(), or with nothing to do, give nothing to await', () => {
  const header = new SimpleHeaderConverter()
  assert.equal(prepareConversion(record, { key: converter(), value: converter(), header }), undefined)
  assert.equal(prepareConversion(record, { key: converter(() => undefined), value: converter(), header }), undefined)
})

test('both prepare() calls start at once and are awaited', async () => {
  const started: string[] = []
  const done: string[] = []
  const slow = (name: string): Converter['prepare'] => (topic) => {
    started.push(`${name}:${topic}`)
    return new Promise<void>((resolve) => setTimeout(() => { done.push(name); resolve() }, 5))
  }
  const ready = prepareConversion(record, { key: converter(slow('key')), value: converter(slow('value')), header: new SimpleHeaderConverter() })
  assert.deepEqual(started, ['key:t', 'value:t'])
  await ready
  assert.deepEqual(done.sort(), ['key', 'value'])
})

test('a registry failure keeps its code, subject and retriable flag, and names the converter and the record', async () => {
  const outage = new SqsConnectError(ErrorCodes.SCHEMA_REGISTRY_UNAVAILABLE, 'registry http://r did not answer', { subject: 't-value', retriable: true })
  const ready = prepareConversion(record, {
    key: converter(() => Promise.resolve()),
    value: converter(() => Promise.reject(outage)),
    header: new SimpleHeaderConverter()
  })
  await assert.rejects(ready!, (error: SqsConnectError) => {
    assert.equal(error.code, ErrorCodes.SCHEMA_REGISTRY_UNAVAILABLE)
    assert.equal(error.retriable, true)
    assert.equal(error.subject, 't-value')
    assert.match(error.message, /^The value\.converter could not convert the record for topic t .*"MessageId":"m-1".*: registry http:\/\/r did not answer$/)
    return true
  })
})
