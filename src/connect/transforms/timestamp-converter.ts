/** TimestampConverter$Key / TimestampConverter$Value: converts between unix, string, Date, Time and Timestamp. */
import type { ConfigKey } from '../config/config-def.ts'
import { oneOf } from '../config/config-def.ts'
import { SchemaBuilder, Schemas, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { DATE, TIME, TIMESTAMP, MILLIS_PER_DAY, logicalEpochMillis } from '../converters/logical-types.ts'
import { configError, dataError, ErrorCodes, SqsConnectError } from '../../errors.ts'
import { javaHashMap } from './java-hash-map.ts'
import { javaClassOf, javaClassText } from './java-types.ts'
import { copySchemaBasics, SchemaCache } from './schema-util.ts'
import { compilePattern, formatDate, parseDate } from './simple-date-format.ts'
import { fieldValue, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMap, requireStructOrNull, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'

type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp'
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds'

const KEYS: readonly ConfigKey[] = [
  { name: 'field', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp' },
  { name: 'target.type', type: 'STRING', validator: oneOf(['string', 'unix', 'Date', 'Time', 'Timestamp']), importance: 'HIGH', documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp' },
  { name: 'format', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.' },
  {
    name: 'unix.precision', type: 'STRING', defaultValue: 'milliseconds', validator: oneOf(['nanoseconds', 'microseconds', 'milliseconds', 'seconds']), importance: 'LOW',
    documentation: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long. Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.'
  },
  REPLACE_NULL_WITH_DEFAULT
]

const logical = (name: string, version: number, optional: boolean, type: 'int32' | 'int64'): Schema => {
  const b = new SchemaBuilder(type).name(name).version(version)
  return (optional ? b.optional() : b).build()
}

function typeSchema (type: TimestampType, optional: boolean): Schema {
  switch (type) {
    case 'string': return optional ? Schemas.OPTIONAL_STRING : Schemas.STRING
    case 'unix': return optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64
    case 'Date': return logical(DATE, 1, optional, 'int32')
    case 'Time': return logical(TIME, 1, optional, 'int32')
    case 'Timestamp': return logical(TIMESTAMP, 1, optional, 'int64')
  }
}

const FACTOR: Record<Precision, bigint> = { seconds: 1000n, milliseconds: 1n, microseconds: 1000n, nanoseconds: 1_000_000n }

/** Floor division, as TimeUnit conversions of negative values are not (they truncate): Java truncates. */
const truncDiv = (a: bigint, b: bigint): bigint => a / b

export class TimestampConverter implements Transformation {
  readonly #side: Side
  #field = ''
  #type: TimestampType = 'Timestamp'
  #pattern = ''
  #format: ReturnType<typeof compilePattern> | undefined
  #precision: Precision = 'milliseconds'
  #replaceNullWithDefault = true
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`TimestampConverter$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props)
    this.#field = c.field as string
    this.#type = c['target.type'] as TimestampType
    this.#pattern = c.format as string
    this.#precision = c['unix.precision'] as Precision
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
    if (this.#type === 'string' && this.#pattern.trim() === '') throw configError('format', 'TimestampConverter requires format option to be specified when using string timestamps')
    this.#format = undefined
    if (this.#pattern.trim() !== '') {
      try {
        this.#format = compilePattern(this.#pattern)
      } catch (error) {
        throw configError('format', `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${this.#pattern} (${(error as Error).message})`)
      }
    }
  }

  apply (record: SourceRecord): SourceRecord {
    const schema = schemaOf(record, this.#side)
    const value = valueOf(record, this.#side)
    if (schema === null) {
      if (value === null || value === undefined || this.#field === '') return withSide(record, this.#side, null, this.#convert(value, undefined, false))
      const map = requireMap(value, 'converting timestamp formats')
      const updated = javaHashMap([...map.entries(), [this.#field, this.#convert(map.get(this.#field), undefined, false)]], { kind: 'copy', size: map.size })
      return withSide(record, this.#side, null, updated)
    }
    if (this.#field === '') {
      return withSide(record, this.#side, typeSchema(this.#type, schema.optional), this.#convert(value, typeFromSchema(schema), true))
    }
    const struct = requireStructOrNull(value, 'converting timestamp formats')
    const updatedSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct())
      for (const field of s.fields ?? []) builder.field(field.name, field.name === this.#field ? typeSchema(this.#type, field.schema.optional) : field.schema)
      if (s.optional) builder.optional()
      if (s.defaultValue instanceof Struct) builder.defaultValue(this.#applyToStruct(s.defaultValue, builder.build()))
      return builder.build()
    })
    return withSide(record, this.#side, updatedSchema, struct === null ? null : this.#applyToStruct(struct, updatedSchema))
  }

  #applyToStruct (struct: Struct, updatedSchema: Schema): Struct {
    const updated = new Struct(updatedSchema)
    for (const field of struct.schema.fields ?? []) {
      const v = fieldValue(struct, field.name, this.#replaceNullWithDefault)
      updated.put(field.name, field.name === this.#field ? this.#convert(v, typeFromSchema(field.schema), true) : v)
    }
    return updated
  }

  /** The epoch milliseconds of `value` read as `from` (inferred from the value when undefined). */
  #toRaw (value: unknown, from: TimestampType): number {
    switch (from) {
      case 'string': {
        if (typeof value !== 'string') throw dataError(`Expected string timestamp to be a String, but found ${javaClassText(javaClassOf(null, value))}`)
        const ms = this.#format === undefined ? undefined : parseDate(this.#format, value)
        if (ms === undefined) throw dataError(`Could not parse timestamp: value (${value}) does not match pattern (${this.#pattern})`)
        return ms
      }
      case 'unix': {
        if (typeof value !== 'bigint' && typeof value !== 'number') throw dataError(`Expected Unix timestamp to be a Long, but found ${javaClassText(javaClassOf(null, value))}`)
        const n = BigInt(value)
        return Number(this.#precision === 'milliseconds' ? n : this.#precision === 'seconds' ? n * 1000n : truncDiv(n, FACTOR[this.#precision]))
      }
      default: {
        const ms = logicalEpochMillis(from === 'Date' ? DATE : from === 'Time' ? TIME : TIMESTAMP, value)
        if (ms === undefined) throw dataError(`Expected ${from} to be a java.util.Date, but found ${javaClassText(javaClassOf(null, value))}`)
        return ms
      }
    }
  }

  /**
   * Converts one timestamp. `physical` is true inside schema'd data, where Date/Time/Timestamp values are
   * held as numbers (days, ms of day, epoch ms); without a schema they are JS Dates as Java holds them.
   */
  #convert (value: unknown, from: TimestampType | undefined, physical: boolean): unknown {
    if (value === null || value === undefined) return null
    const ms = this.#toRaw(value, from ?? inferType(value))
    switch (this.#type) {
      case 'string': return formatDate(this.#format!, ms)
      case 'unix': {
        const n = BigInt(ms)
        const out = this.#precision === 'seconds' ? truncDiv(n, 1000n) : n * (this.#precision === 'milliseconds' ? 1n : FACTOR[this.#precision])
        return out >= BigInt(Number.MIN_SAFE_INTEGER) && out <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(out) : out
      }
      case 'Date': {
        const day = Math.floor(ms / MILLIS_PER_DAY)
        return physical ? day : new Date(day * MILLIS_PER_DAY)
      }
      case 'Time': {
        const time = ((ms % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY
        return physical ? time : new Date(time)
      }
      case 'Timestamp': return physical ? ms : new Date(ms)
    }
  }

  close (): void { this.#schemas.clear() }
}

function typeFromSchema (schema: Schema): TimestampType {
  if (schema.name === TIMESTAMP) return 'Timestamp'
  if (schema.name === DATE) return 'Date'
  if (schema.name === TIME) return 'Time'
  if (schema.type === 'string') return 'string'
  if (schema.type === 'int64') return 'unix'
  throw new SqsConnectError(ErrorCodes.DATA_INVALID, `Schema ${schema.type.toUpperCase()} does not correspond to a known timestamp type format`)
}

function inferType (value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp'
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix'
  if (typeof value === 'string') return 'string'
  throw dataError(`TimestampConverter does not support ${javaClassText(javaClassOf(null, value))} objects as timestamps`)
}
