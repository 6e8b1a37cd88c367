import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { JsonConverter } from '../../../src/connect/converters/json-converter.ts'
import { SchemaBuilder, Schemas, type Schema } from '../../../src/connect/data/schema.ts'
import { Struct } from '../../../src/connect/data/struct.ts'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'

function converter (configs: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter()
  c.configure(configs, false)
  return c
}

function text (bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('utf8')
}

const KEY = SchemaBuilder.struct().version(1)
  .field('QueueUrl', Schemas.STRING).field('MessageId', Schemas.STRING).field('MessageGroupId', Schemas.OPTIONAL_STRING).build()
const VALUE = SchemaBuilder.struct().version(1)
  .field('ApproximateFirstReceiveTimestamp', Schemas.INT64).field('ApproximateReceiveCount', Schemas.INT32)
  .field('SenderId', Schemas.STRING).field('SentTimestamp', Schemas.INT64)
  .field('MessageDeduplicationId', Schemas.OPTIONAL_STRING).field('MessageGroupId', Schemas.OPTIONAL_STRING)
  .field('SequenceNumber', Schemas.OPTIONAL_STRING).field('Body', Schemas.STRING).build()
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'

function standardKey (): Struct {
  return new Struct(KEY).put('QueueUrl', QUEUE).put('MessageId', '5fea7756-0ea4-451a-a703-a558b933e274')
}

function standardValue (): Struct {
  return new Struct(VALUE).put('ApproximateFirstReceiveTimestamp', 1700000000123).put('ApproximateReceiveCount', 1)
    .put('SenderId', 'AIDAEXAMPLE').put('SentTimestamp', 1700000000000n).put('Body', '{"orderId":42}')
}

describe('the SQS records of the reference (§4.2), byte for byte', () => {
  test('standard queue key', () => {
    assert.equal(text(converter().fromConnectData('t', KEY, standardKey())),
      '{"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"QueueUrl"},{"type":"string","optional":false,"field":"MessageId"},{"type":"string","optional":true,"field":"MessageGroupId"}],"optional":false,"version":1},"payload":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders","MessageId":"5fea7756-0ea4-451a-a703-a558b933e274","MessageGroupId":null}}')
  })

  test('standard queue value', () => {
    assert.equal(text(converter().fromConnectData('t', VALUE, standardValue())),
      '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"ApproximateFirstReceiveTimestamp"},{"type":"int32","optional":false,"field":"ApproximateReceiveCount"},{"type":"string","optional":false,"field":"SenderId"},{"type":"int64","optional":false,"field":"SentTimestamp"},{"type":"string","optional":true,"field":"MessageDeduplicationId"},{"type":"string","optional":true,"field":"MessageGroupId"},{"type":"string","optional":true,"field":"SequenceNumber"},{"type":"string","optional":false,"field":"Body"}],"optional":false,"version":1},"payload":{"ApproximateFirstReceiveTimestamp":1700000000123,"ApproximateReceiveCount":1,"SenderId":"AIDAEXAMPLE","SentTimestamp":1700000000000,"MessageDeduplicationId":null,"MessageGroupId":null,"SequenceNumber":null,"Body":"{\\"orderId\\":42}"}}')
  })

  test('FIFO payloads with schemas disabled', () => {
    const plain = converter({ 'schemas.enable': 'false' })
    const key = new Struct(KEY).put('QueueUrl', QUEUE + '.fifo').put('MessageId', 'c1b9d3e0-7f4a-4f7e-9d1e-2b6f5e8a9c10').put('MessageGroupId', 'customer-7')
    assert.equal(text(plain.fromConnectData('t', KEY, key)),
      '{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo","MessageId":"c1b9d3e0-7f4a-4f7e-9d1e-2b6f5e8a9c10","MessageGroupId":"customer-7"}')
    const value = new Struct(VALUE).put('ApproximateFirstReceiveTimestamp', 1700000005000).put('ApproximateReceiveCount', 2)
      .put('SenderId', 'AIDAEXAMPLE').put('SentTimestamp', 1700000004000).put('MessageDeduplicationId', 'dedup-1')
      .put('MessageGroupId', 'customer-7').put('SequenceNumber', '18881234567890123456').put('Body', 'hello')
    assert.equal(text(plain.fromConnectData('t', VALUE, value)),
      '{"ApproximateFirstReceiveTimestamp":1700000005000,"ApproximateReceiveCount":2,"SenderId":"AIDAEXAMPLE","SentTimestamp":1700000004000,"MessageDeduplicationId":"dedup-1","MessageGroupId":"customer-7","SequenceNumber":"18881234567890123456","Body":"hello"}')
  })

  test('the schema text is rendered once per schema object and reused', () => {
    const c = converter()
    const first = text(c.fromConnectData('t', KEY, standardKey()))
    assert.equal(text(c.fromConnectData('t', KEY, standardKey())), first)
    assert.equal(c.schemaJson(KEY), c.schemaJson(KEY))
  })
})

describe('values (§4.1)', () => {
  const plain = converter({ 'schemas.enable': 'false' })
  const json = (schema: Schema | null, value: unknown): string | null => text(plain.fromConnectData('t', schema, value))

  test('bytes are standard base64, honouring the view offset', () => {
    assert.equal(json(Schemas.BYTES, Uint8Array.from([0, 1, 2, 255])), '"AAEC/w=="')
    assert.equal(json(Schemas.BYTES, Uint8Array.from([9, 0, 1, 2, 255, 9]).subarray(1, 5)), '"AAEC/w=="')
  })

  test('int64 keeps full precision from bigint and from integral numbers', () => {
    assert.equal(json(Schemas.INT64, 9007199254740993n), '9007199254740993')
    assert.equal(json(Schemas.INT64, -(2n ** 63n)), '-9223372036854775808')
    assert.equal(json(Schemas.INT64, 2 ** 60), '1152921504606846976')
    assert.throws(() => json(Schemas.INT64, 2n ** 63n), (e) => hasCode(e, ErrorCodes.DATA_INVALID))
  })

  test('floats print as Java does; NaN and infinities as strings', () => {
    const doubles = [1, 100, 0.1, 1e10, 1e-5, -0, NaN, Infinity, -Infinity, 1e23]
    assert.equal(json(SchemaBuilder.array(Schemas.FLOAT64).build(), doubles),
      '[1.0,100.0,0.1,1.0E10,1.0E-5,-0.0,"NaN","Infinity","-Infinity",9.999999999999999E22]')
    assert.equal(json(SchemaBuilder.array(Schemas.FLOAT32).build(), [0.1, 16777216]), '[0.1,1.6777216E7]')
    const modern = converter({ 'schemas.enable': 'false', 'java.float.format': 'shortest' })
    assert.equal(text(modern.fromConnectData('t', Schemas.FLOAT64, 1e23)), '1.0E23')
  })

  test('strings are escaped as Jackson does', () => {
    assert.equal(json(Schemas.STRING, '\u0000\u001f\b\f\n\r\t"\\'), '"\\u0000\\u001F\\b\\f\\n\\r\\t\\"\\\\"')
    assert.equal(json(Schemas.STRING, '😀 \ud800'), '"\\uD83D\\uDE00 \\uD800"')
    assert.equal(json(Schemas.STRING, '/ \u2028 \u007f é'), '"/ \u2028 \u007f é"')
  })

  test('maps are objects with string keys and [key, value] pairs otherwise', () => {
    assert.equal(json(SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), new Map([['a', 1], ['b', 2]])), '{"a":1,"b":2}')
    assert.equal(json(SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), new Map([[1, 'a'], [2, 'b']])), '[[1,"a"],[2,"b"]]')
    assert.equal(json(null, new Map<unknown, unknown>([['k', 'v'], [1n, true]])), '[["k","v"],[1,true]]')
    assert.equal(json(null, { k: 'v', n: 2 }), '{"k":"v","n":2}')
  })

  test('logical types by schema name', () => {
    const decimal = SchemaBuilder.bytes().name('org.apache.kafka.connect.data.Decimal').version(1).parameter('scale', '2').build()
    assert.equal(json(decimal, '10.25'), '"BAE="')
    assert.equal(json(decimal, Uint8Array.from([0x04, 0x01])), '"BAE="')
    const numeric = converter({ 'schemas.enable': 'false', 'decimal.format': 'numeric' })
    assert.equal(text(numeric.fromConnectData('t', decimal, '-1.50')), '-1.50')
    assert.equal(text(numeric.fromConnectData('t', decimal, '10.25')), '10.25')
    const small = SchemaBuilder.bytes().name('org.apache.kafka.connect.data.Decimal').parameter('scale', '8').build()
    assert.equal(text(numeric.fromConnectData('t', small, '0.00000010')), '1.0E-7')
    assert.throws(() => json(decimal, '10.5'), /Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1./)
    const date = SchemaBuilder.int32().name('org.apache.kafka.connect.data.Date').version(1).build()
    assert.equal(json(date, new Date(Date.UTC(2022, 0, 8))), '19000')
    assert.throws(() => json(date, new Date(1)), /should not have any time fields/)
    const ts = SchemaBuilder.int64().name('org.apache.kafka.connect.data.Timestamp').version(1).build()
    assert.equal(json(ts, new Date(1700000000123)), '1700000000123')
  })

  test('errors are Connect DataExceptions with Kafka wording', () => {
    assert.throws(() => json(Schemas.INT32, 'x'), { message: 'Invalid type for INT32: class java.lang.String' })
    const other = SchemaBuilder.struct().field('QueueUrl', Schemas.STRING).build()
    assert.throws(() => json(KEY, new Struct(other)), { message: 'Mismatching schema.' })
    assert.throws(() => json(null, standardKey()), { message: 'Mismatching schema.' })
    assert.throws(() => json(VALUE, new Struct(VALUE)), { message: 'Conversion error: null value for field that is required and has no default value' })
  })
})

describe('null handling (§4.1 table)', () => {
  const on = converter()
  const off = converter({ 'schemas.enable': 'false' })

  test('only a null schema with a null value is a tombstone', () => {
    assert.equal(on.fromConnectData('t', null, null), null)
    assert.equal(off.fromConnectData('t', null, null), null)
    assert.equal(text(on.fromConnectData('t', Schemas.OPTIONAL_STRING, null)), '{"schema":{"type":"string","optional":true},"payload":null}')
    assert.equal(text(off.fromConnectData('t', Schemas.OPTIONAL_STRING, null)), 'null')
    assert.equal(text(on.fromConnectData('t', null, 'x')), '{"schema":null,"payload":"x"}')
    assert.throws(() => on.fromConnectData('t', Schemas.STRING, null), (e) => hasCode(e, ErrorCodes.DATA_INVALID))
  })

  test('replace.null.with.default puts the default in place of a null field', () => {
    const schema = SchemaBuilder.struct().name('com.example.Rec').version(3).doc('d').parameter('p1', 'v1').optional()
      .field('f', SchemaBuilder.int32().optional().defaultValue(7).build()).build()
    assert.equal(text(on.fromConnectData('t', schema, new Struct(schema))),
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":true,"default":7,"field":"f"}],"optional":true,"name":"com.example.Rec","version":3,"doc":"d","parameters":{"p1":"v1"}},"payload":{"f":7}}')
    const keep = converter({ 'schemas.enable': 'false', 'replace.null.with.default': 'false' })
    assert.equal(text(keep.fromConnectData('t', schema, new Struct(schema))), '{"f":null}')
  })

  test('an array schema example of the reference', () => {
    const schema = SchemaBuilder.array(Schemas.INT32).optional().build()
    assert.equal(text(on.fromConnectData('t', schema, [1, 2, 3])),
      '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":true},"payload":[1,2,3]}')
  })
})

test('invalid settings fail with ConfigDef wording', () => {
  assert.throws(() => converter({ 'schemas.enable': 'yes' }),
    { code: ErrorCodes.CONFIG_INVALID, message: 'Invalid value yes for configuration schemas.enable: Expected value to be either true or false' })
  assert.throws(() => converter({ 'decimal.format': 'hex' }),
    { message: 'Invalid value hex for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC' })
  assert.doesNotThrow(() => converter({ 'schemas.enable': ' TRUE ', 'decimal.format': 'Numeric' }))
})
