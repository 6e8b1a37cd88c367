import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SchemaBuilder, schemaEquals, Schemas } from '../../../src/connect/data/schema.ts'
import { Struct } from '../../../src/connect/data/struct.ts'

test('equal schemas built separately are equal, bigint defaults included', () => {
  const build = (): ReturnType<SchemaBuilder['build']> => SchemaBuilder.struct().version(1)
    .field('n', SchemaBuilder.int64().defaultValue(2n ** 60n).build())
    .field('s', Schemas.OPTIONAL_STRING).build()
  assert.ok(schemaEquals(build(), build()))
  const other = SchemaBuilder.struct().version(1).field('n', SchemaBuilder.int64().defaultValue(1n).build()).field('s', Schemas.OPTIONAL_STRING).build()
  assert.ok(!schemaEquals(build(), other))
  const inner = build()
  const outer = SchemaBuilder.struct().field('inner', inner).build()
  // A struct value whose schema is equal but not the same object is accepted.
  new Struct(outer).put('inner', new Struct(build()).put('s', 'x'))
})

test('a struct refuses values that do not fit and fields that do not exist', () => {
  const schema = SchemaBuilder.struct().field('i', Schemas.INT32).field('b', Schemas.BYTES).build()
  const struct = new Struct(schema)
  assert.throws(() => struct.put('i', 2 ** 31), /INT32/)
  assert.throws(() => struct.put('b', 'text'), /BYTES/)
  assert.throws(() => struct.put('nope', 1), /nope is not a valid field name/)
  assert.throws(() => struct.validate(), /null used for required field: "i"/)
  struct.put('i', 7).put('b', Uint8Array.from([1]))
  struct.validate()
  assert.equal(struct.get('i'), 7)
})
