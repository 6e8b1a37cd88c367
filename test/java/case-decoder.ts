/**
 * Builds this runtime's Schemas and values from the case format that ConverterHarness.java reads
 * (described at the top of that file), so both sides convert the same data.
 */
import { SchemaBuilder, type Schema, type SchemaType } from '../../src/connect/data/schema.ts'
import { Struct } from '../../src/connect/data/struct.ts'
import { DATE, DECIMAL, TIME, TIMESTAMP, decimalScale, parseBigDecimal, twosComplementBytes } from '../../src/connect/converters/logical-types.ts'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface SchemaDesc {
  type: SchemaType
  optional?: boolean
  name?: string
  version?: number
  doc?: string
  params?: Record<string, string>
  default?: Json
  items?: SchemaDesc
  keys?: SchemaDesc
  values?: SchemaDesc
  fields?: Array<[string, SchemaDesc]>
}

export interface ConverterCase {
  id: string
  schema: SchemaDesc | null
  value: Json
}

/** The Schema a description stands for. */
export function toSchema (d: SchemaDesc): Schema {
  let b: SchemaBuilder
  if (d.type === 'array') b = SchemaBuilder.array(toSchema(required(d.items, 'items')))
  else if (d.type === 'map') b = SchemaBuilder.map(toSchema(required(d.keys, 'keys')), toSchema(required(d.values, 'values')))
  else b = new SchemaBuilder(d.type)
  for (const [name, fieldSchema] of d.fields ?? []) b.field(name, toSchema(fieldSchema))
  if (d.optional === true) b.optional()
  if (d.name !== undefined) b.name(d.name)
  if (d.version !== undefined) b.version(d.version)
  if (d.doc !== undefined) b.doc(d.doc)
  for (const [k, v] of Object.entries(d.params ?? {})) b.parameter(k, v)
  if (d.default !== undefined && d.default !== null) b.defaultValue(toValue(b.build(), d.default, true))
  return b.build()
}

function required<T> (x: T | undefined, what: string): T {
  if (x === undefined) throw new Error(`case schema lacks ${what}`)
  return x
}

const view = new DataView(new ArrayBuffer(8))

function float64 (hex: string): number {
  view.setBigUint64(0, BigInt('0x' + hex))
  return view.getFloat64(0)
}

function float32 (hex: string): number {
  view.setUint32(0, parseInt(hex, 16))
  return view.getFloat32(0)
}

/** Bytes at a non-zero offset of a larger buffer, so converters that ignore byteOffset fail. */
function bytes (base64: string): Uint8Array {
  const raw = Buffer.from(base64, 'base64')
  const backing = new Uint8Array(raw.length + 6).fill(0xee)
  backing.set(raw, 3)
  return backing.subarray(3, 3 + raw.length)
}

function int64 (text: string): number | bigint {
  const n = BigInt(text)
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}

function text (v: Json): string {
  if (typeof v !== 'string') throw new Error(`expected a string in the case, got ${JSON.stringify(v)}`)
  return v
}

function list (v: Json): Json[] {
  if (!Array.isArray(v)) throw new Error(`expected an array in the case, got ${JSON.stringify(v)}`)
  return v
}

/**
 * The value a description stands for. Inside structs logical values take their physical form (the
 * Struct checks it); at the top they take the natural one (decimal string, JS Date) where there is one.
 */
export function toValue (schema: Schema | null, v: Json, nested = false): unknown {
  if (v === null) return null
  if (schema === null) return tagged(v)
  switch (schema.name) {
    case DECIMAL: {
      if (!nested) return text(v)
      const parts = parseBigDecimal(text(v))
      if (parts === undefined || parts.scale !== decimalScale(schema)) throw new Error(`bad decimal in case: ${text(v)}`)
      return twosComplementBytes(parts.unscaled)
    }
    case DATE: return nested ? v : new Date(Number(v) * 86_400_000)
    case TIME: return nested ? v : new Date(Number(v))
    case TIMESTAMP: return nested ? int64(text(v)) : new Date(Number(text(v)))
    default:
  }
  switch (schema.type) {
    case 'int64': return int64(text(v))
    case 'float32': return float32(text(v))
    case 'float64': return float64(text(v))
    case 'bytes': return bytes(text(v))
    case 'array': return list(v).map((item) => toValue(schema.valueSchema ?? null, item, true))
    case 'map': return new Map(list(v).map((pair) => {
      const [k = null, val = null] = list(pair)
      return [toValue(schema.keySchema ?? null, k, true), toValue(schema.valueSchema ?? null, val, true)]
    }))
    case 'struct': {
      const struct = new Struct(schema)
      if (typeof v !== 'object' || Array.isArray(v)) throw new Error('struct value must be an object')
      for (const field of schema.fields ?? []) {
        const fv = v[field.name]
        if (fv !== undefined && fv !== null) struct.put(field.name, toValue(field.schema, fv, true))
      }
      return struct
    }
    default: return v
  }
}

function tagged (v: Json): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('schemaless values must be tagged')
  const x = v.v ?? null
  switch (v.t) {
    case 'null': return null
    case 'int64': return BigInt(text(x))
    case 'float64': return float64(text(x))
    case 'bytes': return bytes(text(x))
    case 'array': return list(x).map(tagged)
    case 'map': return new Map(list(x).map((pair) => {
      const [k = null, val = null] = list(pair)
      return [tagged(k), tagged(val)]
    }))
    default: return x
  }
}

/** The hex of a double's IEEE bits, as the case format carries float64 values. */
export function f64 (x: number): string {
  view.setFloat64(0, x)
  return view.getBigUint64(0).toString(16).padStart(16, '0')
}

/** The hex of a float's IEEE bits, as the case format carries float32 values. */
export function f32 (x: number): string {
  view.setFloat32(0, x)
  return view.getUint32(0).toString(16).padStart(8, '0')
}
