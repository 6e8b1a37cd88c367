/**
 * Connect's Struct: field values held in schema order. Java types map to JS as:
 * int8/16/32 and float32/64 -> number, int64 -> number | bigint, boolean -> boolean,
 * string -> string, bytes -> Uint8Array, array -> unknown[], map -> Map, struct -> Struct.
 */
import { dataError } from '../../errors.ts'
import { fieldOf, schemaEquals, type Schema } from './schema.ts'

export class Struct {
  readonly schema: Schema
  readonly #values: unknown[]

  constructor (schema: Schema) {
    if (schema.type !== 'struct') throw dataError('Not a struct schema: ' + schema.type)
    this.schema = schema
    this.#values = new Array<unknown>(schema.fields?.length ?? 0).fill(null)
  }

  /** Sets a field after checking the value against the field's schema. */
  put (fieldName: string, value: unknown): this {
    const field = fieldOf(this.schema, fieldName)
    if (field === undefined) throw dataError(`${fieldName} is not a valid field name`)
    validateValue(field.schema, value, fieldName)
    this.#values[field.index] = value
    return this
  }

  /** The raw value of a field (null when unset), without applying defaults. */
  getWithoutDefault (fieldName: string): unknown {
    const field = fieldOf(this.schema, fieldName)
    if (field === undefined) throw dataError(`${fieldName} is not a valid field name`)
    return this.#values[field.index] ?? null
  }

  /** The raw value of the field at `index` in schema order (null when unset), without applying defaults. */
  getWithoutDefaultAt (index: number): unknown {
    return this.#values[index] ?? null
  }

  /** The value of a field, or its schema default when unset. */
  get (fieldName: string): unknown {
    const field = fieldOf(this.schema, fieldName)
    if (field === undefined) throw dataError(`${fieldName} is not a valid field name`)
    const value = this.#values[field.index] ?? null
    return value === null && field.schema.defaultValue !== undefined ? field.schema.defaultValue : value
  }

  /** Checks that every required field is set, as Struct.validate does. */
  validate (): void {
    for (const field of this.schema.fields ?? []) {
      validateValue(field.schema, this.#values[field.index] ?? null, field.name)
    }
  }
}

function isInteger (value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

function matchesType (schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    case 'int8': return isInteger(value, -128, 127)
    case 'int16': return isInteger(value, -32768, 32767)
    case 'int32': return isInteger(value, -2147483648, 2147483647)
    case 'int64': return (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) || (typeof value === 'number' && Number.isSafeInteger(value))
    case 'float32':
    case 'float64': return typeof value === 'number'
    case 'boolean': return typeof value === 'boolean'
    case 'string': return typeof value === 'string'
    case 'bytes': return value instanceof Uint8Array
    case 'array': return Array.isArray(value)
    case 'map': return value instanceof Map
    case 'struct': return value instanceof Struct
  }
}

/** ConnectSchema.validateValue: throws a data error naming the field when the value does not fit. */
export function validateValue (schema: Schema, value: unknown, fieldName?: string): void {
  const where = fieldName === undefined ? '' : ` for field: "${fieldName}"`
  if (value === null || value === undefined) {
    if (schema.optional || schema.defaultValue !== undefined) return
    throw dataError(`Invalid value: null used for required field: "${fieldName ?? ''}", schema type: ${schema.type.toUpperCase()}`)
  }
  if (!matchesType(schema, value)) {
    throw dataError(`Invalid Java object for schema with type ${schema.type.toUpperCase()}: ${typeof value}${where}`)
  }
  if (schema.type === 'struct' && !schemaEquals((value as Struct).schema, schema)) {
    throw dataError(`Struct schemas do not match${where}.`)
  }
  if (schema.type === 'array' && schema.valueSchema !== undefined) {
    for (const item of value as unknown[]) validateValue(schema.valueSchema, item, fieldName)
  }
  if (schema.type === 'map' && schema.keySchema !== undefined && schema.valueSchema !== undefined) {
    for (const [k, v] of value as Map<unknown, unknown>) {
      validateValue(schema.keySchema, k, fieldName)
      validateValue(schema.valueSchema, v, fieldName)
    }
  }
}
