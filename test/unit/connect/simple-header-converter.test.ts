import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SimpleHeaderConverter } from '../../../src/connect/converters/simple-header-converter.ts'
import { SchemaBuilder, Schemas, type Schema } from '../../../src/connect/data/schema.ts'
import { Struct } from '../../../src/connect/data/struct.ts'

const converter = new SimpleHeaderConverter()
converter.configure({})

function header (schema: Schema | null, value: unknown): string | null {
  const bytes = converter.fromConnectHeader('t', 'h', schema, value)
  return bytes === null ? null : Buffer.from(bytes).toString('utf8')
}

test('strings raw, bytes as base64, numbers and booleans as Java prints them (reference §5)', () => {
  assert.equal(header(Schemas.STRING, 'plain "q"'), 'plain "q"')
  assert.equal(header(Schemas.BYTES, Uint8Array.from([0, 1, 2, 255])), 'AAEC/w==')
  assert.equal(header(Schemas.INT32, 42), '42')
  assert.equal(header(Schemas.BOOLEAN, true), 'true')
  assert.equal(header(Schemas.FLOAT64, 1.5), '1.5')
  assert.equal(header(Schemas.OPTIONAL_STRING, null), null)
})

test('lists, maps and structs are JSON-ish: only \\ and " escaped, nulls printed', () => {
  assert.equal(header(null, ['a', 1]), '["a",1]')
  assert.equal(header(null, new Map<string, unknown>([['k', 'v'], ['n', 2]])), '{"k":"v","n":2}')
  const key = SchemaBuilder.struct().field('QueueUrl', Schemas.STRING).field('MessageId', Schemas.STRING)
    .field('MessageGroupId', Schemas.OPTIONAL_STRING).build()
  assert.equal(header(key, new Struct(key).put('QueueUrl', 'q').put('MessageId', 'm\n"x"')), '{"QueueUrl":"q","MessageId":"m\n\\"x\\"","MessageGroupId":null}')
  assert.equal(header(null, [Uint8Array.from([255])]), '["/w=="]')
})

test('dates take the form their value calls for (in UTC)', () => {
  const ts = SchemaBuilder.int64().name('org.apache.kafka.connect.data.Timestamp').version(1).build()
  assert.equal(header(ts, 1700000000123), '2023-11-14T22:13:20.123Z')
  assert.equal(header(ts, 86_400_000 * 3), '1970-01-04')
  assert.equal(header(ts, 3723004), '01:02:03.004Z')
  assert.equal(header(null, new Date(0)), '00:00:00.000Z')
})
