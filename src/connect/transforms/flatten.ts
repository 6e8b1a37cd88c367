/** Flatten$Key / Flatten$Value: nested structs (or maps, without a schema) become top-level fields joined by a delimiter. */
import type { ConfigKey } from '../config/config-def.ts'
import { SchemaBuilder, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { dataError } from '../../errors.ts'
import { inferredType, javaClassOf, javaClassText } from './java-types.ts'
import { builderLike, copySchemaBasics, SchemaCache } from './schema-util.ts'
import { parseSmtConfig, requireMap, requireStructOrNull, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'

const PURPOSE = 'flattening'
const KEYS: readonly ConfigKey[] = [
  { name: 'delimiter', type: 'STRING', defaultValue: '.', importance: 'MEDIUM', documentation: 'Delimiter to insert between field names from the input record when generating field names for the output record' }
]
const LEAVES = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes', 'array']

export class Flatten implements Transformation {
  readonly #side: Side
  #delimiter = '.'
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    // Not trimmed further than Kafka does: STRING values are trimmed, so a blank delimiter becomes ''.
    this.#delimiter = parseSmtConfig(`Flatten$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props).delimiter as string
  }

  #name (prefix: string, name: string): string {
    return prefix === '' ? name : prefix + this.#delimiter + name
  }

  apply (record: SourceRecord): SourceRecord {
    const value = valueOf(record, this.#side)
    if (value === null || value === undefined) return record
    const schema = schemaOf(record, this.#side)
    if (schema === null) {
      const out = new Map<unknown, unknown>()
      this.#flattenMap(requireMap(value, PURPOSE), '', out)
      return withSide(record, this.#side, null, out)
    }
    const struct = requireStructOrNull(value, PURPOSE)
    const updatedSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct())
      this.#flattenSchema(s, '', builder, s.optional, (s.defaultValue as Struct | undefined) ?? null)
      return builder.build()
    })
    if (struct === null) return withSide(record, this.#side, updatedSchema, null)
    const updated = new Struct(updatedSchema)
    this.#flattenStruct(struct, '', updated)
    return withSide(record, this.#side, updatedSchema, updated)
  }

  #flattenMap (map: Map<unknown, unknown>, prefix: string, out: Map<unknown, unknown>): void {
    for (const [k, v] of map) {
      const name = this.#name(prefix, String(k))
      if (v === null || v === undefined) { out.set(name, null); continue }
      const type = inferredType(v)
      if (type === undefined) throw dataError(`Flatten transformation was passed a value of type ${javaClassText(javaClassOf(null, v))} which is not supported by Connect's data API`)
      if (LEAVES.includes(type)) out.set(name, v)
      else if (type === 'map') this.#flattenMap(v as Map<unknown, unknown>, name, out)
      else throw dataError(`Flatten transformation does not support ${javaClassText(javaClassOf(null, v))} for record without schemas (for field ${name}).`)
    }
  }

  #flattenSchema (schema: Schema, prefix: string, builder: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const field of schema.fields ?? []) {
      const name = this.#name(prefix, field.name)
      const fieldOptional = optional || field.schema.optional
      let fieldDefault: unknown = null
      if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) fieldDefault = field.schema.defaultValue
      else if (parentDefault !== null) fieldDefault = parentDefault.get(field.name)
      if (LEAVES.includes(field.schema.type)) {
        const copy = copySchemaBasics(field.schema, builderLike(field.schema))
        if (fieldOptional) copy.optional()
        if (fieldDefault !== null && fieldDefault !== undefined) copy.defaultValue(fieldDefault)
        builder.field(name, copy.build())
      } else if (field.schema.type === 'struct') {
        this.#flattenSchema(field.schema, name, builder, fieldOptional, (fieldDefault as Struct | null) ?? null)
      } else {
        throw dataError(`Flatten transformation does not support ${field.schema.type.toUpperCase()} for record with schemas (for field ${name}).`)
      }
    }
  }

  #flattenStruct (struct: Struct, prefix: string, out: Struct): void {
    for (const field of struct.schema.fields ?? []) {
      const name = this.#name(prefix, field.name)
      if (LEAVES.includes(field.schema.type)) out.put(name, struct.get(field.name))
      else if (field.schema.type === 'struct') {
        const nested = struct.get(field.name)
        if (nested !== null) this.#flattenStruct(nested as Struct, name, out)
      } else throw dataError(`Flatten transformation does not support ${field.schema.type.toUpperCase()} for record with schemas (for field ${name}).`)
    }
  }

  close (): void { this.#schemas.clear() }
}
