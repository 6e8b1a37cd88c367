/**
 * Connect's schema model (org.apache.kafka.connect.data.Schema / ConnectSchema / SchemaBuilder),
 * reduced to what converters and transforms need. Schemas are immutable once built.
 */
import { dataError } from '../../errors.ts'

export type SchemaType =
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'float32' | 'float64'
  | 'boolean' | 'string' | 'bytes'
  | 'array' | 'map' | 'struct'

export interface Field {
  readonly name: string
  readonly index: number
  readonly schema: Schema
}

export interface Schema {
  readonly type: SchemaType
  readonly optional: boolean
  /** undefined when the schema has no default. */
  readonly defaultValue?: unknown
  readonly name?: string
  readonly version?: number
  readonly doc?: string
  readonly parameters?: Readonly<Record<string, string>>
  /** struct only, in declaration order. */
  readonly fields?: readonly Field[]
  /** map only. */
  readonly keySchema?: Schema
  /** map and array (element schema) only. */
  readonly valueSchema?: Schema
}

const PRIMITIVES: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes']

/** Builds a Schema step by step, as Connect's SchemaBuilder does. */
export class SchemaBuilder {
  readonly #type: SchemaType
  #optional = false
  #defaultValue: unknown = undefined
  #name: string | undefined
  #version: number | undefined
  #doc: string | undefined
  #parameters: Record<string, string> | undefined
  readonly #fields: Field[] = []
  #keySchema: Schema | undefined
  #valueSchema: Schema | undefined

  constructor (type: SchemaType) {
    this.#type = type
  }

  static struct (): SchemaBuilder { return new SchemaBuilder('struct') }
  static string (): SchemaBuilder { return new SchemaBuilder('string') }
  static bytes (): SchemaBuilder { return new SchemaBuilder('bytes') }
  static int8 (): SchemaBuilder { return new SchemaBuilder('int8') }
  static int16 (): SchemaBuilder { return new SchemaBuilder('int16') }
  static int32 (): SchemaBuilder { return new SchemaBuilder('int32') }
  static int64 (): SchemaBuilder { return new SchemaBuilder('int64') }
  static float32 (): SchemaBuilder { return new SchemaBuilder('float32') }
  static float64 (): SchemaBuilder { return new SchemaBuilder('float64') }
  static bool (): SchemaBuilder { return new SchemaBuilder('boolean') }

  static array (valueSchema: Schema): SchemaBuilder {
    const builder = new SchemaBuilder('array')
    builder.#valueSchema = valueSchema
    return builder
  }

  static map (keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    const builder = new SchemaBuilder('map')
    builder.#keySchema = keySchema
    builder.#valueSchema = valueSchema
    return builder
  }

  optional (): this { this.#optional = true; return this }
  required (): this { this.#optional = false; return this }
  name (name: string): this { this.#name = name; return this }
  version (version: number): this { this.#version = version; return this }
  doc (doc: string): this { this.#doc = doc; return this }
  defaultValue (value: unknown): this { this.#defaultValue = value; return this }

  parameter (key: string, value: string): this {
    this.#parameters = { ...(this.#parameters ?? {}), [key]: value }
    return this
  }

  field (name: string, schema: Schema): this {
    if (this.#type !== 'struct') throw dataError(`Cannot create fields on type ${this.#type}`)
    if (name === '') throw dataError('fieldName cannot be null.')
    if (this.#fields.some((f) => f.name === name)) throw dataError(`Cannot create field because of field name duplication ${name}`)
    this.#fields.push({ name, index: this.#fields.length, schema })
    return this
  }

  build (): Schema {
    const schema: { -readonly [K in keyof Schema]: Schema[K] } = { type: this.#type, optional: this.#optional }
    if (this.#defaultValue !== undefined) schema.defaultValue = this.#defaultValue
    if (this.#name !== undefined) schema.name = this.#name
    if (this.#version !== undefined) schema.version = this.#version
    if (this.#doc !== undefined) schema.doc = this.#doc
    if (this.#parameters !== undefined) schema.parameters = Object.freeze({ ...this.#parameters })
    if (this.#type === 'struct') schema.fields = Object.freeze([...this.#fields])
    if (this.#keySchema !== undefined) schema.keySchema = this.#keySchema
    if (this.#valueSchema !== undefined) schema.valueSchema = this.#valueSchema
    return Object.freeze(schema)
  }
}

function primitive (type: SchemaType, optional: boolean): Schema {
  return Object.freeze({ type, optional })
}

/** The ready-made schemas of Connect's Schema interface (Schema.STRING_SCHEMA, ...). */
export const Schemas = {
  INT8: primitive('int8', false),
  INT16: primitive('int16', false),
  INT32: primitive('int32', false),
  INT64: primitive('int64', false),
  FLOAT32: primitive('float32', false),
  FLOAT64: primitive('float64', false),
  BOOLEAN: primitive('boolean', false),
  STRING: primitive('string', false),
  BYTES: primitive('bytes', false),
  OPTIONAL_INT8: primitive('int8', true),
  OPTIONAL_INT16: primitive('int16', true),
  OPTIONAL_INT32: primitive('int32', true),
  OPTIONAL_INT64: primitive('int64', true),
  OPTIONAL_FLOAT32: primitive('float32', true),
  OPTIONAL_FLOAT64: primitive('float64', true),
  OPTIONAL_BOOLEAN: primitive('boolean', true),
  OPTIONAL_STRING: primitive('string', true),
  OPTIONAL_BYTES: primitive('bytes', true)
} as const

/** True for the primitive types (not array, map or struct). */
export function isPrimitive (type: SchemaType): boolean {
  return PRIMITIVES.includes(type)
}

/** Fields by name, per struct schema object (schemas are not changed once built): Struct.put/get run per field of every record. */
const fieldsByName = new WeakMap<Schema, ReadonlyMap<string, Field>>()

/** The field of a struct schema by name, or undefined. */
export function fieldOf (schema: Schema, name: string): Field | undefined {
  const fields = schema.fields
  if (fields === undefined) return undefined
  let byName = fieldsByName.get(schema)
  if (byName === undefined) {
    // The first field of a name wins, as a linear search would find it.
    byName = new Map([...fields].reverse().map((f) => [f.name, f]))
    fieldsByName.set(schema, byName)
  }
  return byName.get(name)
}

/** Structural equality, as ConnectSchema.equals. */
export function schemaEquals (a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true
  if (a == null || b == null) return false
  if (a.type !== b.type || a.optional !== b.optional || a.name !== b.name || a.version !== b.version || a.doc !== b.doc) return false
  if (JSON.stringify(a.parameters ?? null) !== JSON.stringify(b.parameters ?? null)) return false
  if (!Object.is(a.defaultValue, b.defaultValue) && stableText(a.defaultValue) !== stableText(b.defaultValue)) return false
  if (!schemaEquals(a.keySchema, b.keySchema) || !schemaEquals(a.valueSchema, b.valueSchema)) return false
  const fa = a.fields ?? []
  const fb = b.fields ?? []
  if (fa.length !== fb.length) return false
  return fa.every((f, i) => f.name === fb[i]?.name && schemaEquals(f.schema, fb[i]?.schema))
}

/** A comparable rendering of a default value; bigint and bytes included (JSON.stringify throws on bigint). */
function stableText (value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64')
    return v
  }) ?? 'undefined'
}
