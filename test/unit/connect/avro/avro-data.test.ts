/**
 * Connect values -> Confluent wire format bytes. Expected bytes are worked out from the Avro spec by hand
 * (zig-zag varints, length-prefixed strings and bytes, union branch index first) and from kafka-connect.md §10.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AvroData, writerType } from '../../../../src/connect/converters/avro/avro-data.ts'
import { DEFAULT_AVRO_DATA_CONFIG } from '../../../../src/connect/converters/avro/avro-data-config.ts'
import { DATE, DECIMAL, TIMESTAMP } from '../../../../src/connect/converters/logical-types.ts'
import { SchemaBuilder, Schemas } from '../../../../src/connect/data/schema.ts'
import { Struct } from '../../../../src/connect/data/struct.ts'
import { KEY_SCHEMA } from '../../../../src/connectors/sqs/record-mapper.ts'

const data = new AvroData(DEFAULT_AVRO_DATA_CONFIG)
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

function framed (schema: Parameters<AvroData['avroSchema']>[0], value: unknown, id = 1): string {
  return hex(data.serialize(schema, value, { id, type: data.avroSchema(schema).type }))
}

test('the SQS key: magic byte, big-endian schema id, then the datum (reference vectors)', () => {
  const key = new Struct(KEY_SCHEMA).put('QueueUrl', 'q').put('MessageId', 'm-1')
  assert.equal(framed(KEY_SCHEMA, key), '00' + '00000001' + '0271066d2d3100')
  key.put('MessageGroupId', 'g1')
  assert.equal(framed(KEY_SCHEMA, key), '00' + '00000001' + '0271066d2d31' + '02046731')
  assert.equal(framed(KEY_SCHEMA, key, 0x01020304).slice(0, 10), '0001020304')
})

test('every Connect type is written as Avro encodes it', () => {
  const schema = SchemaBuilder.struct()
    .field('i8', Schemas.INT8)
    .field('big', Schemas.INT64)
    .field('small', Schemas.INT64)
    .field('f', Schemas.FLOAT32)
    .field('d', Schemas.FLOAT64)
    .field('yes', Schemas.BOOLEAN)
    .field('raw', Schemas.BYTES)
    .field('list', SchemaBuilder.array(Schemas.STRING).build())
    .field('map', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
    .field('pairs', SchemaBuilder.map(Schemas.INT32, Schemas.INT32).build())
    .field('day', SchemaBuilder.int32().name(DATE).version(1).build())
    .field('price', SchemaBuilder.bytes().name(DECIMAL).parameter('scale', '2').optional().build())
    .field('none', Schemas.OPTIONAL_STRING)
    .build()
  const value = new Struct(schema)
    .put('i8', 12)
    .put('big', 9007199254740993n)
    .put('small', -1)
    .put('f', 1.5)
    .put('d', -2.25)
    .put('yes', true)
    .put('raw', Uint8Array.from([1, 2]))
    .put('list', ['a'])
    .put('map', new Map([['a', 1]]))
    .put('pairs', new Map([[1, 1]]))
    .put('day', 20)
    .put('price', Uint8Array.from([0x01, 0x3a]))
  assert.equal(framed(schema, value, 7), '00' + '00000007' + [
    '18', // int8 12, zig-zag
    '8280808080808020', // 2^53 + 1 as a long, no digit lost
    '01', // -1
    '0000c03f', // float 1.5, little-endian
    '00000000000002c0', // double -2.25
    '01', // true
    '040102', // bytes: length 2, then the bytes
    '02' + '0261' + '00', // array: a block of one item, "a", end
    '02' + '0261' + '02' + '00', // map: a block of one entry "a" -> 1, end
    '02' + '02' + '02' + '00', // non-string keys: an array of one MapEntry {key: 1, value: 1}
    '28', // Date: 20 days since the epoch
    '02' + '04013a', // optional decimal: union branch 1, unscaled 314 as two bytes
    '00' // optional string: union branch 0 (null)
  ].join(''))
})

test('a top-level bytes schema is written raw, without a length prefix, as Confluent\'s serializer does', () => {
  assert.equal(framed(Schemas.BYTES, Uint8Array.from([1, 2, 3]), 3), '00' + '00000003' + '010203')
  assert.equal(framed(Schemas.STRING, 'hi', 3), '00' + '00000003' + '046869')
  // Logical values may come as JS Dates: a Timestamp of 1000 ms is the long 1000.
  assert.equal(framed(SchemaBuilder.int64().name(TIMESTAMP).build(), new Date(1000), 3), '00' + '00000003' + 'd00f')
})

test('with a writer schema from the registry, fields go by name and a field the Connect data lacks takes its default', () => {
  const latest = writerType(JSON.stringify({
    type: 'record',
    name: 'Key',
    namespace: 'com.example',
    fields: [
      { name: 'MessageId', type: 'string' },
      { name: 'Region', type: 'string', default: 'eu' },
      { name: 'QueueUrl', type: 'string' },
      { name: 'MessageGroupId', type: ['null', 'string'], default: null }
    ]
  }))
  const key = new Struct(KEY_SCHEMA).put('QueueUrl', 'q').put('MessageId', 'm-1')
  assert.equal(hex(data.serialize(KEY_SCHEMA, key, { id: 9, type: latest })), '00' + '00000009' + '066d2d31' + '04' + '6575' + '0271' + '00')
  const strict = writerType(JSON.stringify({ type: 'record', name: 'K', fields: [{ name: 'Other', type: 'string' }] }))
  assert.throws(() => data.serialize(KEY_SCHEMA, key, { id: 9, type: strict }), /field Other has no default and no matching Connect field/)
})

test('values that do not fit their schema fail with a data error', () => {
  const schema = SchemaBuilder.struct().field('n', Schemas.INT32).build()
  const struct = new Struct(schema)
  assert.throws(() => framed(schema, struct), /null value for non-optional schema|null/)
  assert.throws(() => framed(Schemas.STRING, 42), /Invalid type for STRING/)
})
