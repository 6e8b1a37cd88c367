/** Cast$Key / Cast$Value: casts fields, or the whole key or value, to a primitive type. */
import type { ConfigKey, ConfigValue } from '../config/config-def.ts'
import { SchemaBuilder, type Schema, type SchemaType } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { DECIMAL, decimalScale, decimalUnscaled, logicalEpochMillis, DATE, TIME, TIMESTAMP, MILLIS_PER_DAY } from '../converters/logical-types.ts'
import { bigDecimalToString, javaDoubleToString, javaFloatToString, type JavaFloatFormat } from '../converters/java-number.ts'
import { valuesDateString } from '../converters/values-to-string.ts'
import { configError, dataError } from '../../errors.ts'
import { javaHashMap } from './java-hash-map.ts'
import { inferredType, javaClassOf, javaClassText } from './java-types.ts'
import { javaSplit } from './replace-field.ts'
import { copySchemaBasics, SchemaCache } from './schema-util.ts'
import { fieldValue, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMap, requireStruct, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'
import { narrowInteger } from './values-parser.ts'

const INPUTS: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes']
const OUTPUTS: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string']
const upper = (types: readonly SchemaType[]): string => `[${types.map((t) => t.toUpperCase()).join(', ')}]`
const WHOLE = '\u0000whole value'

/** Parses the spec as Kafka's parseFieldTypes does; the field name WHOLE stands for a whole-value cast. */
function parseSpec (mappings: readonly string[]): Map<string, SchemaType> {
  if (mappings.length === 0) throw configError('spec', 'Must specify at least one field to cast.')
  const m = new Map<string, SchemaType>()
  let whole = false
  const type = (text: string): SchemaType => {
    const t = text.trim().toLowerCase() as SchemaType
    if (!['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes', 'array', 'map', 'struct'].includes(t)) {
      throw configError('spec', `Invalid type found in casting spec: ${text.trim()}`)
    }
    if (!OUTPUTS.includes(t)) throw configError('spec', `Cast transformation does not support casting to ${t.toUpperCase()}; supported types are ${upper(OUTPUTS)}`)
    return t
  }
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':')
    if (parts.length > 2) throw configError('spec', `Invalid value [${mappings.join(', ')}] for configuration renames: Invalid rename mapping: ${mapping}`)
    if (parts.length === 1) {
      m.set(WHOLE, type(parts[0]!))
      whole = true
    } else {
      m.set(parts[0]!.trim(), type(parts[1]!))
    }
  }
  if (whole && mappings.length > 1) throw configError('spec', 'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec')
  return m
}

const specValidator = Object.assign((value: ConfigValue) => {
  if (!Array.isArray(value)) return value === null ? 'Must specify at least one field to cast.' : undefined
  try {
    parseSpec(value)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}, { describe: 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz' })

const KEYS: readonly ConfigKey[] = [
  {
    name: 'spec', type: 'LIST', validator: specValidator, importance: 'HIGH',
    documentation: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.'
  },
  REPLACE_NULL_WITH_DEFAULT
]

/** A numeric input as Java's Number would give it: bigint for integers, number for floats. */
function numberOf (schema: Schema | null, value: unknown): bigint | number | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') return (schema === null ? Number.isInteger(value) : ['int8', 'int16', 'int32', 'int64'].includes(schema.type)) ? BigInt(value) : value
  return undefined
}

function javaLong (n: bigint | number): bigint {
  if (typeof n === 'bigint') return BigInt.asIntN(64, n)
  if (Number.isNaN(n)) return 0n
  const limit = 2n ** 63n
  if (n >= 2 ** 63) return limit - 1n
  if (n <= -(2 ** 63)) return -limit
  return BigInt(Math.trunc(n))
}

function javaInt (n: bigint | number): number {
  if (typeof n === 'bigint') return Number(BigInt.asIntN(32, n))
  if (Number.isNaN(n)) return 0
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(n)))
}

function parseIntStrict (text: string, bits: number, value: unknown): number | bigint {
  if (!/^[+-]?\d+$/.test(text)) throw outOfRange(value)
  const n = BigInt(text)
  if (BigInt.asIntN(bits, n) !== n) throw outOfRange(value)
  return narrowInteger(n, bits)
}

function parseJavaDouble (text: string, value: unknown): number {
  const t = text.trim().replace(/[dDfF]$/, '')
  if (/^[+-]?(NaN|Infinity)$/.test(t)) return Number(t)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw outOfRange(value)
  return Number(t)
}

function outOfRange (value: unknown): Error {
  return dataError(`Value (${String(value)}) was out of range for requested data type`)
}

/** Cast.castValueToType. */
function castValue (schema: Schema | null, value: unknown, target: SchemaType, floatFormat: JavaFloatFormat): unknown {
  if (value === null || value === undefined) return null
  const inferred = schema === null ? inferredType(value) : schema.type
  if (inferred === undefined) throw dataError(`Cast transformation was passed a value of type ${javaClassText(javaClassOf(null, value))} which is not supported by Connect's data API`)
  if (!INPUTS.includes(inferred)) throw dataError(`Cast transformation does not support casting from ${inferred.toUpperCase()}; supported types are ${upper(INPUTS)}`)
  let input: unknown = value
  if (schema?.name !== undefined && target !== 'string') {
    const ms = logicalEpochMillis(schema.name, value)
    if (schema.name === DATE && ms !== undefined) input = Math.floor(ms / MILLIS_PER_DAY)
    else if ((schema.name === TIME || schema.name === TIMESTAMP) && ms !== undefined) input = BigInt(ms)
    else if (schema.name === DECIMAL) input = Number(decimalUnscaled(schema, value)) / 10 ** decimalScale(schema)
  }
  const n = numberOf(schema?.name === DECIMAL ? Schemas_FLOAT : schema, input)
  switch (target) {
    case 'int8': case 'int16': case 'int32': {
      const bits = target === 'int8' ? 8 : target === 'int16' ? 16 : 32
      if (n !== undefined) return Number(BigInt.asIntN(bits, BigInt(javaInt(n))))
      if (typeof input === 'boolean') return input ? 1 : 0
      if (typeof input === 'string') return parseIntStrict(input, bits, value)
      break
    }
    case 'int64': {
      if (n !== undefined) return narrowInteger(javaLong(n), 64)
      if (typeof input === 'boolean') return input ? 1 : 0
      if (typeof input === 'string') return parseIntStrict(input, 64, value)
      break
    }
    case 'float32': case 'float64': {
      const round = target === 'float32' ? Math.fround : (x: number): number => x
      if (n !== undefined) return round(Number(n))
      if (typeof input === 'boolean') return input ? 1 : 0
      if (typeof input === 'string') return round(parseJavaDouble(input, value))
      break
    }
    case 'boolean': {
      if (n !== undefined) return javaLong(n) !== 0n
      if (typeof input === 'boolean') return input
      if (typeof input === 'string') return input.toLowerCase() === 'true'
      break
    }
    case 'string': return castToString(schema, input, floatFormat)
    default:
  }
  throw dataError(`Unexpected type in Cast transformation: ${javaClassText(javaClassOf(schema, input))}`)
}

const Schemas_FLOAT: Schema = { type: 'float64', optional: false }

function castToString (schema: Schema | null, value: unknown, floatFormat: JavaFloatFormat): string {
  const ms = logicalEpochMillis(schema?.name, value)
  if (ms !== undefined) return valuesDateString(ms)
  if (schema?.name === DECIMAL) return bigDecimalToString(decimalUnscaled(schema, value), decimalScale(schema))
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  if (typeof value === 'number') {
    if (schema?.type === 'float32') return javaFloatToString(value, floatFormat)
    if (schema === null ? !Number.isInteger(value) : schema.type === 'float64') return javaDoubleToString(value, floatFormat)
    return String(value)
  }
  return String(value)
}

export class Cast implements Transformation {
  readonly #side: Side
  #casts = new Map<string, SchemaType>()
  #whole: SchemaType | undefined
  #replaceNullWithDefault = true
  /** Floats cast to string print as JDK 17's Double.toString/Float.toString do (JDK 19 changed the digits). */
  readonly #floatFormat: JavaFloatFormat = 'legacy'
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`Cast$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props)
    this.#casts = parseSpec(c.spec as string[])
    this.#whole = this.#casts.get(WHOLE)
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
  }

  apply (record: SourceRecord): SourceRecord {
    const value = valueOf(record, this.#side)
    if (value === null || value === undefined) return record
    const schema = schemaOf(record, this.#side)
    if (schema === null) {
      if (this.#whole !== undefined) return withSide(record, this.#side, null, castValue(null, value, this.#whole, this.#floatFormat))
      const map = requireMap(value, 'cast types')
      const entries: Array<[unknown, unknown]> = [...map.entries()]
      for (const [field, type] of javaHashMap(this.#casts, { kind: 'default' })) entries.push([field, castValue(null, map.get(field) ?? null, type, this.#floatFormat)])
      return withSide(record, this.#side, null, javaHashMap(entries, { kind: 'copy', size: map.size }))
    }
    const updatedSchema = this.#schemas.get(schema, (s) => this.#updatedSchema(s))
    if (this.#whole !== undefined) return withSide(record, this.#side, updatedSchema, castValue(schema, value, this.#whole, this.#floatFormat))
    const struct = requireStruct(value, 'cast types')
    const updated = new Struct(updatedSchema)
    for (const field of struct.schema.fields ?? []) {
      const original = fieldValue(struct, field.name, this.#replaceNullWithDefault)
      const target = this.#casts.get(field.name)
      updated.put(field.name, target === undefined ? original : castValue(field.schema, original, target, this.#floatFormat))
    }
    return withSide(record, this.#side, updatedSchema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    let builder: SchemaBuilder
    if (this.#whole !== undefined) {
      builder = copySchemaBasics(schema, new SchemaBuilder(this.#whole))
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const field of schema.fields ?? []) {
        const target = this.#casts.get(field.name)
        if (target === undefined) { builder.field(field.name, field.schema); continue }
        const fieldBuilder = new SchemaBuilder(target)
        if (field.schema.optional) fieldBuilder.optional()
        if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) fieldBuilder.defaultValue(castValue(field.schema, field.schema.defaultValue, target, this.#floatFormat))
        builder.field(field.name, fieldBuilder.build())
      }
    }
    if (schema.optional) builder.optional()
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) builder.defaultValue(castValue(schema, schema.defaultValue, this.#whole ?? 'struct', this.#floatFormat))
    return builder.build()
  }

  close (): void { this.#schemas.clear() }
}
