/**
 * The schema text the AvroConverter registers is laid out exactly as Apache Avro's Java Schema.toString()
 * prints it (Confluent's serializer registers that text): test/java/AvroSchemaHarness.java, run with Avro
 * from Maven Central, parses each of our texts and prints it back, and the two must be equal. (Parsing keeps
 * the properties' order, so their order comes from reading Confluent's AvroData; layout, namespaces, named
 * references, escaping and number text of defaults are Java's.)
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { ensureMavenLib } from '../../infra/maven.ts'
import { projectRoot } from '../../infra/paths.ts'
import { javaBinary } from '../../infra/jvm.ts'
import { parseAvroDataConfig } from '../../src/connect/converters/avro/avro-data-config.ts'
import { avroSchemaText } from '../../src/connect/converters/avro/avro-schema-text.ts'
import { fromConnectSchema } from '../../src/connect/converters/avro/from-connect-schema.ts'
import { DATE, DECIMAL, TIME, TIMESTAMP } from '../../src/connect/converters/logical-types.ts'
import { SchemaBuilder, Schemas, type Schema } from '../../src/connect/data/schema.ts'
import { Struct } from '../../src/connect/data/struct.ts'
import { GROUP_KEY_SCHEMA, KEY_SCHEMA, VALUE_SCHEMA } from '../../src/connectors/sqs/record-mapper.ts'

function cases (): Array<[string, Schema, Record<string, string>]> {
  const inner = SchemaBuilder.struct().field('value', Schemas.INT64).optional().build()
  const address = SchemaBuilder.struct().name('geo.Address').doc('Where "they" live\n\ttab \u0001 é 😀').field('city', Schemas.STRING).build()
  const point = SchemaBuilder.struct().field('x', Schemas.FLOAT64).build()
  const defaultPoint = new Struct(point).put('x', 1.5)
  const color = SchemaBuilder.string().name('com.example.Color')
    .parameter('io.confluent.connect.avro.Enum', 'com.example.Color')
    .parameter('io.confluent.connect.avro.Enum.RED', 'RED')
    .parameter('io.confluent.connect.avro.Enum.GREEN', 'GREEN').build()
  return [
    ['SQS key', KEY_SCHEMA, {}],
    ['SQS key by message group', GROUP_KEY_SCHEMA, {}],
    ['SQS value', VALUE_SCHEMA, {}],
    ['every type', SchemaBuilder.struct()
      .field('int8', SchemaBuilder.int8().defaultValue(2).doc('int8 field').build())
      .field('int16', Schemas.INT16).field('int32', Schemas.INT32).field('int64', SchemaBuilder.int64().defaultValue(9007199254740993n).build())
      .field('float32', SchemaBuilder.float32().defaultValue(12.2).build()).field('float64', SchemaBuilder.float64().defaultValue(1e10).build())
      .field('boolean', SchemaBuilder.bool().optional().defaultValue(true).build()).field('string', Schemas.OPTIONAL_STRING)
      .field('bytes', SchemaBuilder.bytes().defaultValue(Uint8Array.from([0, 0x7f, 0xff])).build())
      .field('array', SchemaBuilder.array(Schemas.STRING).defaultValue(['a', 'b']).build())
      .field('map', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).optional().build())
      .field('pairs', SchemaBuilder.map(Schemas.INT32, Schemas.INT32).name('com.example.Pairs').build())
      .field('point', SchemaBuilder.struct().field('x', Schemas.FLOAT64).defaultValue(defaultPoint).build())
      .build(), {}],
    ['unnamed structs reused', SchemaBuilder.struct().field('struct', inner).field('array', SchemaBuilder.array(inner).build()).build(), {}],
    ['namespaces', SchemaBuilder.struct().name('com.example.Person').version(3).doc('A person').parameter('owner', 'team-a')
      .field('home', address).field('work', address)
      .field('top', SchemaBuilder.struct().name('Top').field('inner', SchemaBuilder.struct().name('com.example.Inner').field('y', Schemas.INT32).build()).build())
      .build(), {}],
    ['logical types', SchemaBuilder.struct()
      .field('ts', SchemaBuilder.int64().name(TIMESTAMP).version(1).doc('When this message was received.').build())
      .field('date', SchemaBuilder.int32().name(DATE).version(1).optional().build())
      .field('time', SchemaBuilder.int32().name(TIME).version(1).build())
      .field('price', SchemaBuilder.bytes().name(DECIMAL).version(1).parameter('scale', '2').build())
      .field('legacy', SchemaBuilder.bytes().name(DECIMAL).parameter('scale', '-1').build())
      .build(), {}],
    ['no connect metadata', SchemaBuilder.struct().name('a.B').version(2).field('i', Schemas.INT8).build(), { 'connect.meta.data': 'false' }],
    ['enum and union', SchemaBuilder.struct().field('color', color)
      .field('u', SchemaBuilder.struct().name('io.confluent.connect.avro.Union').field('int', Schemas.OPTIONAL_INT32).field('string', Schemas.OPTIONAL_STRING).build())
      .build(), { 'enhanced.avro.schema.support': 'true' }],
    ['top-level primitive with properties', SchemaBuilder.string().name('com.example.Id').version(1).doc('an id').build(), {}]
  ]
}

function javaToString (classpath: string, texts: string[]): Promise<string[]> {
  const harness = join(projectRoot, 'test', 'java', 'AvroSchemaHarness.java')
  return new Promise((resolve, reject) => {
    // Java 11+ runs a single source file directly, so there is nothing to compile or cache.
    const child = execFile(javaBinary(), ['-cp', classpath, harness], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`AvroSchemaHarness failed: ${stderr}${error.message}`))
      else resolve(stdout.split('\n').slice(0, texts.length))
    })
    child.stdin?.end(texts.join('\n') + '\n')
  })
}

test('our Avro schema texts are what Java Avro\'s Schema.toString() prints for them', async () => {
  const lib = await ensureMavenLib('avro')
  const all = cases()
  const ours = all.map(([, schema, config]) => avroSchemaText(fromConnectSchema(schema, parseAvroDataConfig(config))))
  const java = await javaToString(join(lib, '*'), ours)
  for (const [i, [name]] of all.entries()) assert.equal(ours[i], java[i], name)
})
