import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StringConverter } from '../../../src/connect/converters/string-converter.ts'
import { SchemaBuilder, Schemas } from '../../../src/connect/data/schema.ts'
import { Struct } from '../../../src/connect/data/struct.ts'
import { ErrorCodes } from '../../../src/errors.ts'

function convert (schema: Parameters<StringConverter['fromConnectData']>[1], value: unknown, configs: Record<string, string> = {}): string | null {
  const c = new StringConverter()
  c.configure(configs, false)
  const bytes = c.fromConnectData('t', schema, value)
  return bytes === null ? null : Buffer.from(bytes).toString('latin1')
}

const KEY = SchemaBuilder.struct().version(1)
  .field('QueueUrl', Schemas.STRING).field('MessageId', Schemas.STRING).field('MessageGroupId', Schemas.OPTIONAL_STRING).build()

test('a struct prints as Struct{a=b,c=d} and leaves null fields out (reference example)', () => {
  const key = new Struct(KEY).put('QueueUrl', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders').put('MessageId', '5fea7756-0ea4-451a-a703-a558b933e274')
  assert.equal(convert(KEY, key), 'Struct{QueueUrl=https://sqs.us-east-1.amazonaws.com/123456789012/orders,MessageId=5fea7756-0ea4-451a-a703-a558b933e274}')
})

test('nested values use Java toString: lists, maps, doubles, nested structs', () => {
  const schema = SchemaBuilder.struct()
    .field('l', SchemaBuilder.array(Schemas.STRING).build())
    .field('m', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())
    .field('k', KEY).build()
  const value = new Struct(schema).put('l', ['a', 'b']).put('m', new Map([['x', 1]])).put('k', new Struct(KEY).put('QueueUrl', 'q').put('MessageId', 'm'))
  assert.equal(convert(schema, value), 'Struct{l=[a, b],m={x=1.0},k=Struct{QueueUrl=q,MessageId=m}}')
})

test('strings are raw, null is a null payload, numbers follow the schema', () => {
  assert.equal(convert(Schemas.STRING, 'plain "q"'), 'plain "q"')
  assert.equal(convert(Schemas.STRING, null), null)
  assert.equal(convert(Schemas.FLOAT64, 1), '1.0')
  assert.equal(convert(Schemas.INT64, 9007199254740993n), '9007199254740993')
  assert.equal(convert(null, true), 'true')
})

test('converter.encoding picks the charset; unknown charsets fail at configure time', () => {
  assert.equal(convert(Schemas.STRING, 'é', { 'converter.encoding': 'ISO-8859-1' }), 'é')
  assert.equal(convert(Schemas.STRING, 'é'), 'Ã©')
  assert.throws(() => convert(Schemas.STRING, 'x', { 'converter.encoding': 'nope' }), { code: ErrorCodes.CONFIG_INVALID })
})
