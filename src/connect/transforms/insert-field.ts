/** InsertField$Key / InsertField$Value: adds topic, partition, timestamp and static fields. */
import type { ConfigKey } from '../config/config-def.ts'
import { SchemaBuilder, Schemas, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { TIMESTAMP } from '../converters/logical-types.ts'
import { configError, dataError } from '../../errors.ts'
import { javaHashMap } from './java-hash-map.ts'
import { copySchemaBasics, SchemaCache } from './schema-util.ts'
import { fieldValue, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMap, requireStruct, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'

const OPTIONALITY = 'Suffix with ! to make this a required field, or ? to keep it optional (the default).'
const PURPOSE = 'field insertion'

const KEYS: readonly ConfigKey[] = [
  { name: 'topic.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: `Field name for Kafka topic. ${OPTIONALITY}` },
  { name: 'partition.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: `Field name for Kafka partition. ${OPTIONALITY}` },
  { name: 'offset.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: `Field name for Kafka offset - only applicable to sink connectors. ${OPTIONALITY}` },
  { name: 'timestamp.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: `Field name for record timestamp. ${OPTIONALITY}` },
  { name: 'static.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: `Field name for static data field. ${OPTIONALITY}` },
  { name: 'static.value', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Static field value, if field name configured.' },
  REPLACE_NULL_WITH_DEFAULT
]

interface InsertionSpec { readonly name: string, readonly optional: boolean }

function parseSpec (spec: unknown): InsertionSpec | undefined {
  if (typeof spec !== 'string') return undefined
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true }
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false }
  return { name: spec, optional: true }
}

const OPTIONAL_TIMESTAMP = SchemaBuilder.int64().name(TIMESTAMP).version(1).optional().build()
const REQUIRED_TIMESTAMP = SchemaBuilder.int64().name(TIMESTAMP).version(1).build()

export class InsertField implements Transformation {
  readonly #side: Side
  #topic: InsertionSpec | undefined
  #partition: InsertionSpec | undefined
  #offset: InsertionSpec | undefined
  #timestamp: InsertionSpec | undefined
  #static: InsertionSpec | undefined
  #staticValue: string | null = null
  #replaceNullWithDefault = true
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`InsertField$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props)
    this.#topic = parseSpec(c['topic.field'])
    this.#partition = parseSpec(c['partition.field'])
    this.#offset = parseSpec(c['offset.field'])
    this.#timestamp = parseSpec(c['timestamp.field'])
    this.#static = parseSpec(c['static.field'])
    this.#staticValue = c['static.value'] as string | null
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
    if ([this.#topic, this.#partition, this.#offset, this.#timestamp, this.#static].every((s) => s === undefined)) {
      throw configError('static.field', 'No field insertion configured')
    }
    if (this.#static !== undefined && this.#staticValue === null) {
      throw configError('static.value', `Invalid value null for configuration static.value: No value specified for static field: ${this.#static.name}`)
    }
  }

  apply (record: SourceRecord): SourceRecord {
    const value = valueOf(record, this.#side)
    if (value === null || value === undefined) return record
    if (this.#offset !== undefined) throw dataError(`Only SinkRecord supported for [${PURPOSE}], found: org.apache.kafka.connect.source.SourceRecord`)
    const schema = schemaOf(record, this.#side)
    return schema === null ? this.#schemaless(record, value) : this.#withSchema(record, value)
  }

  /** The fields to add, in Connect's order; absent partition or timestamp add nothing. */
  #additions (record: SourceRecord, timestampValue: (ms: number) => unknown): Array<[string, unknown]> {
    const out: Array<[string, unknown]> = []
    if (this.#topic !== undefined) out.push([this.#topic.name, record.topic])
    if (this.#partition !== undefined && record.kafkaPartition !== undefined) out.push([this.#partition.name, record.kafkaPartition])
    if (this.#timestamp !== undefined && record.timestamp !== undefined) out.push([this.#timestamp.name, timestampValue(record.timestamp)])
    if (this.#static !== undefined && this.#staticValue !== null) out.push([this.#static.name, this.#staticValue])
    return out
  }

  #schemaless (record: SourceRecord, value: unknown): SourceRecord {
    const map = requireMap(value, PURPOSE)
    const updated = javaHashMap([...map.entries(), ...this.#additions(record, (ms) => ms)], { kind: 'copy', size: map.size })
    return withSide(record, this.#side, null, updated)
  }

  #withSchema (record: SourceRecord, value: unknown): SourceRecord {
    const struct = requireStruct(value, PURPOSE)
    const updatedSchema = this.#schemas.get(struct.schema, (s) => this.#updatedSchema(s))
    const updated = new Struct(updatedSchema)
    for (const field of struct.schema.fields ?? []) updated.put(field.name, fieldValue(struct, field.name, this.#replaceNullWithDefault))
    for (const [name, v] of this.#additions(record, (ms) => ms)) updated.put(name, v)
    return withSide(record, this.#side, updatedSchema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const field of schema.fields ?? []) builder.field(field.name, field.schema)
    const pick = (spec: InsertionSpec | undefined, optional: Schema, required: Schema): void => {
      if (spec !== undefined) builder.field(spec.name, spec.optional ? optional : required)
    }
    pick(this.#topic, Schemas.OPTIONAL_STRING, Schemas.STRING)
    pick(this.#partition, Schemas.OPTIONAL_INT32, Schemas.INT32)
    pick(this.#offset, Schemas.OPTIONAL_INT64, Schemas.INT64)
    pick(this.#timestamp, OPTIONAL_TIMESTAMP, REQUIRED_TIMESTAMP)
    pick(this.#static, Schemas.OPTIONAL_STRING, Schemas.STRING)
    return builder.build()
  }

  close (): void { this.#schemas.clear() }
}
