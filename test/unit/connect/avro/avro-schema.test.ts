/**
 * Connect -> Avro schema mapping against Confluent's AvroData: the schema texts of the SQS key and value
 * (kafka-connect.md §10) and the expectations of Confluent's AvroDataTest (testFromConnectComplex,
 * testFromConnectStructsWithNullName, the logical types), written the way Java's Schema.toString() prints them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_AVRO_DATA_CONFIG, parseAvroDataConfig, type AvroDataConfig } from '../../../../src/connect/converters/avro/avro-data-config.ts'
import { avroSchemaText } from '../../../../src/connect/converters/avro/avro-schema-text.ts'
import { fromConnectSchema } from '../../../../src/connect/converters/avro/from-connect-schema.ts'
import { SchemaBuilder, Schemas, type Schema } from '../../../../src/connect/data/schema.ts'
import { Struct } from '../../../../src/connect/data/struct.ts'
import { DATE, DECIMAL, TIME, TIMESTAMP } from '../../../../src/connect/converters/logical-types.ts'
import { KEY_SCHEMA, VALUE_SCHEMA } from '../../../../src/connectors/sqs/record-mapper.ts'

const text = (schema: Schema, config: AvroDataConfig = DEFAULT_AVRO_DATA_CONFIG): string => avroSchemaText(fromConnectSchema(schema, config))

test('the SQS key and value structs map to ConnectDefault records with optional strings as [null, string] defaulting to null', () => {
  assert.equal(text(KEY_SCHEMA),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[{"name":"QueueUrl","type":"string"},' +
    '{"name":"MessageId","type":"string"},{"name":"MessageGroupId","type":["null","string"],"default":null}],"connect.version":1}')
  assert.equal(text(VALUE_SCHEMA),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
    '{"name":"ApproximateFirstReceiveTimestamp","type":"long"},{"name":"ApproximateReceiveCount","type":"int"},{"name":"SenderId","type":"string"},' +
    '{"name":"SentTimestamp","type":"long"},{"name":"MessageDeduplicationId","type":["null","string"],"default":null},' +
    '{"name":"MessageGroupId","type":["null","string"],"default":null},{"name":"SequenceNumber","type":["null","string"],"default":null},' +
    '{"name":"Body","type":"string"}],"connect.version":1}')
})

test('AvroDataTest.testFromConnectComplex: int8/int16 carry connect.type, defaults go on the field and in connect.default, non-string map keys become MapEntry arrays', () => {
  const schema = SchemaBuilder.struct()
    .field('int8', SchemaBuilder.int8().defaultValue(2).doc('int8 field').build())
    .field('int16', Schemas.INT16)
    .field('int32', Schemas.INT32)
    .field('int64', Schemas.INT64)
    .field('float32', Schemas.FLOAT32)
    .field('float64', Schemas.FLOAT64)
    .field('boolean', Schemas.BOOLEAN)
    .field('string', Schemas.STRING)
    .field('bytes', Schemas.BYTES)
    .field('array', SchemaBuilder.array(Schemas.STRING).build())
    .field('map', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
    .field('mapNonStringKeys', SchemaBuilder.map(Schemas.INT32, Schemas.INT32).build())
    .build()
  assert.equal(text(schema),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
    '{"name":"int8","type":{"type":"int","connect.doc":"int8 field","connect.default":2,"connect.type":"int8"},"default":2},' +
    '{"name":"int16","type":{"type":"int","connect.type":"int16"}},{"name":"int32","type":"int"},{"name":"int64","type":"long"},' +
    '{"name":"float32","type":"float"},{"name":"float64","type":"double"},{"name":"boolean","type":"boolean"},{"name":"string","type":"string"},' +
    '{"name":"bytes","type":"bytes"},{"name":"array","type":{"type":"array","items":"string"}},{"name":"map","type":{"type":"map","values":"int"}},' +
    '{"name":"mapNonStringKeys","type":{"type":"array","items":{"type":"record","name":"MapEntry","fields":[{"name":"key","type":"int"},{"name":"value","type":"int"}]}}}]}')
})

test('AvroDataTest.testFromConnectStructsWithNullName: a second unnamed struct is ConnectDefault2, defined once and then referenced', () => {
  const inner = SchemaBuilder.struct().field('value', Schemas.INT64).optional().build()
  const outer = SchemaBuilder.struct().field('struct', inner).field('array', SchemaBuilder.array(inner).build()).build()
  assert.equal(text(outer),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
    '{"name":"struct","type":["null",{"type":"record","name":"ConnectDefault2","fields":[{"name":"value","type":"long"}]}],"default":null},' +
    '{"name":"array","type":{"type":"array","items":["null","ConnectDefault2"]}}]}')
})

test('named structs keep their namespace and name, with connect.name, connect.doc and connect.version; a nested record outside it writes its namespace', () => {
  const address = SchemaBuilder.struct().name('geo.Address').field('city', Schemas.STRING).build()
  const person = SchemaBuilder.struct().name('com.example.Person').version(3).doc('A person')
    .parameter('owner', 'team-a')
    .field('name', Schemas.STRING)
    .field('home', address)
    .field('top', SchemaBuilder.struct().name('Top').field('x', Schemas.INT32).build())
    .build()
  assert.equal(text(person),
    '{"type":"record","name":"Person","namespace":"com.example","fields":[{"name":"name","type":"string"},' +
    '{"name":"home","type":{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"city","type":"string"}],"connect.name":"geo.Address"}},' +
    '{"name":"top","type":{"type":"record","name":"Top","namespace":"","fields":[{"name":"x","type":"int"}],"connect.name":"Top"}}],' +
    '"connect.doc":"A person","connect.version":3,"connect.parameters":{"owner":"team-a"},"connect.name":"com.example.Person"}')
})

test('logical types: Avro logicalType after Connect\'s properties, decimals with scale and the default precision 64', () => {
  const schema = SchemaBuilder.struct()
    .field('ts', SchemaBuilder.int64().name(TIMESTAMP).version(1).doc('When this message was received.').build())
    .field('date', SchemaBuilder.int32().name(DATE).version(1).build())
    .field('time', SchemaBuilder.int32().name(TIME).version(1).build())
    .field('price', SchemaBuilder.bytes().name(DECIMAL).version(1).parameter('scale', '2').optional().build())
    .build()
  assert.equal(text(schema),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
    '{"name":"ts","type":{"type":"long","connect.doc":"When this message was received.","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Timestamp","logicalType":"timestamp-millis"}},' +
    '{"name":"date","type":{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Date","logicalType":"date"}},' +
    '{"name":"time","type":{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Time","logicalType":"time-millis"}},' +
    '{"name":"price","type":["null",{"type":"bytes","scale":2,"precision":64,"connect.version":1,"connect.parameters":{"scale":"2"},' +
    '"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}],"default":null}]}')
})

test('an optional field with a default puts null second, and its default is the value (Java number text for floats)', () => {
  const schema = SchemaBuilder.struct()
    .field('ratio', SchemaBuilder.float64().optional().defaultValue(1).build())
    .field('f', SchemaBuilder.float32().defaultValue(12.2).build())
    .field('name', SchemaBuilder.string().optional().defaultValue('n/a').build())
    .build()
  assert.equal(text(schema),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
    '{"name":"ratio","type":[{"type":"double","connect.default":1.0},"null"],"default":1.0},' +
    '{"name":"f","type":{"type":"float","connect.default":12.2},"default":12.2},' +
    '{"name":"name","type":[{"type":"string","connect.default":"n/a"},"null"],"default":"n/a"}]}')
})

test('connect.meta.data=false leaves Connect\'s properties out; enhanced.avro.schema.support turns enum strings into Avro enums', () => {
  const noMeta = parseAvroDataConfig({ 'connect.meta.data': 'false' })
  assert.equal(text(SchemaBuilder.struct().name('a.B').version(2).field('i', Schemas.INT8).build(), noMeta),
    '{"type":"record","name":"B","namespace":"a","fields":[{"name":"i","type":"int"}]}')
  const color = SchemaBuilder.string().name('com.example.Color')
    .parameter('io.confluent.connect.avro.Enum', 'com.example.Color')
    .parameter('io.confluent.connect.avro.Enum.RED', 'RED')
    .parameter('io.confluent.connect.avro.Enum.GREEN', 'GREEN').build()
  const enhanced = parseAvroDataConfig({ 'enhanced.avro.schema.support': 'true' })
  assert.equal(text(color, enhanced),
    '{"type":"enum","name":"Color","namespace":"com.example","symbols":["RED","GREEN"],"connect.parameters":{"io.confluent.connect.avro.Enum":"com.example.Color",' +
    '"io.confluent.connect.avro.Enum.RED":"RED","io.confluent.connect.avro.Enum.GREEN":"GREEN"},"connect.name":"com.example.Color"}')
  // Without the setting it stays a string with its parameters.
  assert.match(text(color), /^\{"type":"string","connect.parameters"/)
})

test('an io.confluent.connect.avro.Union struct becomes an Avro union of its fields\' types', () => {
  const union = SchemaBuilder.struct().name('io.confluent.connect.avro.Union')
    .field('int', Schemas.OPTIONAL_INT32).field('string', Schemas.OPTIONAL_STRING).build()
  assert.equal(text(SchemaBuilder.struct().field('u', union).build()),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[{"name":"u","type":["int","string"]}]}')
  assert.ok(new Struct(union).put('int', 1))
})

test('bad AvroDataConfig values fail with Kafka\'s wording', () => {
  assert.throws(() => parseAvroDataConfig({ 'connect.meta.data': 'yes' }), /Invalid value yes for configuration connect.meta.data: Expected value to be either true or false/)
})
