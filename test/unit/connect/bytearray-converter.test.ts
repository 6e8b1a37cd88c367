import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ByteArrayConverter } from '../../../src/connect/converters/bytearray-converter.ts'
import { SchemaBuilder, Schemas } from '../../../src/connect/data/schema.ts'
import { Struct } from '../../../src/connect/data/struct.ts'
import { ErrorCodes } from '../../../src/errors.ts'

const converter = new ByteArrayConverter()
converter.configure({}, false)

test('bytes pass through; null stays null', () => {
  const bytes = Uint8Array.from([0, 1, 2, 255])
  assert.equal(converter.fromConnectData('t', Schemas.BYTES, bytes), bytes)
  assert.equal(converter.fromConnectData('t', null, bytes), bytes)
  assert.equal(converter.fromConnectData('t', Schemas.OPTIONAL_BYTES, null), null)
})

test('other schemas and values fail as in Kafka (so it cannot carry the SQS structs)', () => {
  const schema = SchemaBuilder.struct().field('a', Schemas.STRING).build()
  assert.throws(() => converter.fromConnectData('t', schema, new Struct(schema).put('a', 'x')),
    { code: ErrorCodes.DATA_INVALID, message: 'Invalid schema type for ByteArrayConverter: STRUCT' })
  assert.throws(() => converter.fromConnectData('t', null, 'text'),
    { code: ErrorCodes.DATA_INVALID, message: 'ByteArrayConverter is not compatible with objects of type class java.lang.String' })
})
