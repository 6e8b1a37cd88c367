/**
 * Connect data -> the value avsc writes, walking the Connect schema and the Avro writer type together (as
 * AvroData.fromConnectData then Avro's GenericDatumWriter do). The writer type is the one derived from the
 * Connect schema, or the registry's latest version with use.latest.version; record fields are matched by name,
 * union branches by the Connect type (avsc's wrapped unions name the branch, so int and long never mix up).
 */
import avro from 'avsc'
import { dataError } from '../../../errors.ts'
import type { Field, Schema } from '../../data/schema.ts'
import { Struct } from '../../data/struct.ts'
import { javaClassName } from '../../data/java-class.ts'
import type { AvroDataConfig } from './avro-data-config.ts'
import { physicalValue } from './connect-default-json.ts'
import { AVRO_TYPE_ENUM, isEnumSchema, isUnionSchema, scrubName } from './from-connect-schema.ts'

/** The parts of avsc's Type this walk reads (its typings leave some out). */
interface AvscType {
  readonly typeName: string
  readonly branchName?: string | undefined
  readonly name?: string | undefined
  readonly types?: readonly AvscType[]
  readonly fields?: ReadonlyArray<{ readonly name: string, readonly type: AvscType, defaultValue: () => unknown }>
  readonly itemsType?: AvscType
  readonly valuesType?: AvscType
  readonly symbols?: readonly string[]
}

/** Avro longs as bigint, so int64 values keep every digit. */
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8)
    buf.writeBigInt64LE(n)
    return buf
  },
  fromJSON: (json: unknown) => BigInt(json as number | string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)
})

/** An avsc type for a schema's JSON text: wrapped unions, bigint longs, logical types left to this module. */
export function avscType (schemaText: string): avro.Type {
  // The hook, not the registry, because avsc builds `{"type": "long", ...}` (a long with properties) without the registry.
  const typeHook = (schema: avro.Schema): avro.Type | undefined =>
    schema === 'long' || (typeof schema === 'object' && (schema as { type?: unknown }).type === 'long') ? BIGINT_LONG : undefined
  return avro.Type.forSchema(JSON.parse(schemaText) as avro.Schema, { wrapUnions: true, typeHook })
}

function kind (type: AvscType): string {
  const name = type.typeName
  if (name === 'abstract:long') return 'long'
  if (name.startsWith('union')) return 'union'
  return name
}

// Which Avro kinds a Connect schema can be written as.
function fits (schema: Schema, type: AvscType, config: AvroDataConfig): boolean {
  const k = kind(type)
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32': return k === 'int' || k === 'long'
    case 'int64': return k === 'long'
    case 'float32': return k === 'float' || k === 'double'
    case 'float64': return k === 'double'
    case 'boolean': return k === 'boolean'
    case 'string': return isEnumSchema(schema, config) ? k === 'enum' : k === 'string' || k === 'enum'
    case 'bytes': return k === 'bytes' || k === 'fixed'
    case 'array': return k === 'array'
    case 'map': return k === 'map' || k === 'array'
    case 'struct': return k === 'record' || (isUnionSchema(schema) && k === 'union')
  }
}

interface Branch { readonly type: AvscType, readonly name: string }
interface UnionPlan { readonly branches: readonly Branch[], readonly hasNull: boolean }
// avsc computes branch names through getters; a union's plan is worked out once.
const unionPlans = new WeakMap<AvscType, UnionPlan>()

function unionPlan (union: AvscType): UnionPlan {
  let plan = unionPlans.get(union)
  if (plan === undefined) {
    const types = union.types ?? []
    plan = {
      branches: types.filter((t) => t.typeName !== 'null').map((t) => ({ type: t, name: t.branchName ?? t.typeName })),
      hasNull: types.some((t) => t.typeName === 'null')
    }
    unionPlans.set(union, plan)
  }
  return plan
}

function pickBranch (schema: Schema, value: unknown, union: AvscType, config: AvroDataConfig): { branch: Branch, schema: Schema, value: unknown } {
  const branches = unionPlan(union).branches
  // A Connect union struct holds one non-null field: that field's schema picks the branch.
  if (isUnionSchema(schema) && value instanceof Struct) {
    for (const field of schema.fields ?? []) {
      const member = value.get(field.name)
      if (member === null || member === undefined) continue
      return pickBranch(field.schema, member, union, config)
    }
    throw dataError(`Union struct ${schema.name ?? ''} has no non-null field`)
  }
  if (branches.length === 1) return { branch: branches[0]!, schema, value }
  const wanted = schema.type === 'struct' || schema.type === 'string' ? schema.name : undefined
  const named = wanted === undefined ? undefined : branches.find((b) => b.type.name === wanted)
  const branch = named ?? branches.find((b) => fits(schema, b.type, config))
  if (branch === undefined) throw dataError(`No branch of the Avro union ${JSON.stringify(branches.map((b) => b.name))} fits a Connect ${schema.type.toUpperCase()}`)
  return { branch, schema, value }
}

// The Connect fields of a struct schema by their Avro name, computed once per schema and scrubbing setting.
const fieldsByAvroName = new WeakMap<Schema, Map<string, Field>>()
const scrubbedFieldsByAvroName = new WeakMap<Schema, Map<string, Field>>()

function connectFields (schema: Schema, config: AvroDataConfig): Map<string, Field> {
  const cache = config.scrubInvalidNames ? scrubbedFieldsByAvroName : fieldsByAvroName
  let byName = cache.get(schema)
  if (byName === undefined) {
    byName = new Map((schema.fields ?? []).map((f) => [scrubName(f.name, config), f]))
    cache.set(schema, byName)
  }
  return byName
}

function structValue (schema: Schema, value: unknown, type: AvscType, config: AvroDataConfig): Record<string, unknown> {
  if (!(value instanceof Struct)) throw dataError(`Invalid type for STRUCT: ${javaClassName(value)}`)
  const out: Record<string, unknown> = {}
  const byName = connectFields(schema, config)
  for (const field of type.fields ?? []) {
    const connect = byName.get(field.name)
    if (connect === undefined) {
      // Only with use.latest.version: a field the Connect data does not have takes the writer schema's default.
      const fallback = field.defaultValue()
      if (fallback === undefined) throw dataError(`The Avro schema's field ${field.name} has no default and no matching Connect field`)
      out[field.name] = fallback
      continue
    }
    out[field.name] = toAvroValue(connect.schema, value.get(connect.name), field.type, config)
  }
  return out
}

function mapValue (schema: Schema, value: unknown, type: AvscType, config: AvroDataConfig): unknown {
  const entries: Array<[unknown, unknown]> = value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : Object.entries(value as object)
  if (kind(type) === 'map') {
    return Object.fromEntries(entries.map(([k, v]) => [String(k), toAvroValue(schema.valueSchema!, v, type.valuesType!, config)]))
  }
  const entry = type.itemsType!
  const keyType = entry.fields?.find((f) => f.name === 'key')?.type
  const valueType = entry.fields?.find((f) => f.name === 'value')?.type
  if (keyType === undefined || valueType === undefined) throw dataError('An Avro array standing for a Connect map must hold key/value records')
  return entries.map(([k, v]) => ({ key: toAvroValue(schema.keySchema!, k, keyType, config), value: toAvroValue(schema.valueSchema!, v, valueType, config) }))
}

function primitiveValue (schema: Schema, value: unknown, type: AvscType): unknown {
  const k = kind(type)
  const wrong = (): never => { throw dataError(`Invalid type for ${schema.type.toUpperCase()}: ${javaClassName(value)}`) }
  switch (k) {
    case 'int':
    case 'float':
    case 'double': return typeof value === 'number' ? value : wrong()
    case 'long': return typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : wrong()
    case 'boolean': return typeof value === 'boolean' ? value : wrong()
    case 'string':
    case 'enum': return typeof value === 'string' ? value : wrong()
    case 'bytes':
    case 'fixed': return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : wrong()
    default: throw dataError(`A Connect ${schema.type.toUpperCase()} cannot be written as Avro ${type.typeName}`)
  }
}

/** The avsc value of a Connect value under `schema`, for the writer type `type`. */
export function toAvroValue (schema: Schema, value: unknown, type: AvscType, config: AvroDataConfig): unknown {
  if (value === null || value === undefined) {
    if (!schema.optional && !isUnionSchema(schema)) throw dataError('Found null value for non-optional schema')
    if (kind(type) === 'union' && unionPlan(type).hasNull) return null
    throw dataError(`A null value cannot be written as Avro ${type.typeName}`)
  }
  if (kind(type) === 'union') {
    const picked = pickBranch(schema, value, type, config)
    return { [picked.branch.name]: nonNullValue(picked.schema, picked.value, picked.branch.type, config) }
  }
  return nonNullValue(schema, value, type, config)
}

// A value known not to be null, for a writer type that is not a union.
function nonNullValue (schema: Schema, value: unknown, type: AvscType, config: AvroDataConfig): unknown {
  const physical = physicalValue(schema, value)
  switch (schema.type) {
    case 'struct': return structValue(schema, physical, type, config)
    case 'array': {
      if (!Array.isArray(physical)) throw dataError(`Invalid type for ARRAY: ${javaClassName(physical)}`)
      if (kind(type) !== 'array') throw dataError(`A Connect ARRAY cannot be written as Avro ${type.typeName}`)
      return physical.map((e) => toAvroValue(schema.valueSchema!, e, type.itemsType!, config))
    }
    case 'map': return mapValue(schema, physical, type, config)
    case 'string':
      if (isEnumSchema(schema, config) && !(type.symbols ?? []).includes(physical as string)) {
        throw dataError(`${String(physical)} is not a symbol of the enum ${schema.parameters?.[AVRO_TYPE_ENUM] ?? ''}`)
      }
      return primitiveValue(schema, physical, type)
    default: return primitiveValue(schema, physical, type)
  }
}
