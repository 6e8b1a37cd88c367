/**
 * Connect's Values.parseString, as InsertHeader literals and MaskField replacements use it: null,
 * booleans, numbers typed as the narrowest of INT8/16/32/64, FLOAT32/64, ISO dates, times and
 * timestamps (UTC), and arrays and maps whose elements share a schema. Anything else is a STRING.
 */
import { SchemaBuilder, Schemas, type Schema } from '../data/schema.ts'
import { DATE, TIME, TIMESTAMP, parseBigDecimal } from '../converters/logical-types.ts'
import { compilePattern, parseDate } from './simple-date-format.ts'

export interface SchemaAndValue {
  readonly schema: Schema | null
  readonly value: unknown
}

/** An integral number (bigint) or a fractional one (number), or undefined when `text` is not a Java BigDecimal. */
export function parseJavaNumber (text: string): bigint | number | undefined {
  const parts = parseBigDecimal(text.trim())
  if (parts === undefined) return undefined
  if (parts.scale <= 0) return parts.unscaled * 10n ** BigInt(-parts.scale)
  const divisor = 10n ** BigInt(parts.scale)
  if (parts.unscaled % divisor === 0n) return parts.unscaled / divisor
  return Number(text.trim())
}

/** Java's narrowing of a long to `bits` (wraps); a fraction is truncated first. */
export function narrowInteger (n: bigint | number, bits: number): number | bigint {
  const integral = typeof n === 'bigint' ? n : BigInt(Math.trunc(n))
  const wrapped = BigInt.asIntN(bits, BigInt.asIntN(64, integral))
  return bits < 64 || (wrapped >= BigInt(Number.MIN_SAFE_INTEGER) && wrapped <= BigInt(Number.MAX_SAFE_INTEGER)) ? Number(wrapped) : wrapped
}

const INT_SCHEMAS: ReadonlyArray<readonly [number, Schema]> = [[8, Schemas.INT8], [16, Schemas.INT16], [32, Schemas.INT32], [64, Schemas.INT64]]

function parseNumber (token: string): SchemaAndValue | undefined {
  const parts = parseBigDecimal(token)
  if (parts === undefined) return undefined
  const n = parseJavaNumber(token)
  if (typeof n === 'bigint') {
    for (const [bits, schema] of INT_SCHEMAS) {
      if (BigInt.asIntN(bits, n) === n) return { schema, value: narrowInteger(n, bits) }
    }
    return undefined
  }
  const asFloat = Math.fround(Number(token))
  if (Number.isFinite(asFloat) && parts.scale !== 0) return { schema: Schemas.FLOAT32, value: asFloat }
  const asDouble = Number(token)
  if (Number.isFinite(asDouble) && parts.scale !== 0) return { schema: Schemas.FLOAT64, value: asDouble }
  return undefined
}

/** Splits text as Connect's Values parser does: the delimiters : , { } [ ] " (unless escaped) are tokens of their own. */
function tokenize (text: string): string[] {
  const tokens: string[] = []
  let start = 0
  let escaped = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\\') { escaped = !escaped; continue }
    if (':,{}[]"'.includes(c) && !escaped) {
      if (start < i) tokens.push(text.slice(start, i))
      tokens.push(c)
      start = i + 1
    }
    escaped = false
  }
  if (start < text.length) tokens.push(text.slice(start))
  return tokens
}

const TEMPORAL: ReadonlyArray<readonly [number, string, Schema]> = [
  [13, 'HH:mm:ss.SSS\'Z\'', SchemaBuilder.int32().name(TIME).version(1).build()],
  [24, 'yyyy-MM-dd\'T\'HH:mm:ss.SSS\'Z\'', SchemaBuilder.int64().name(TIMESTAMP).version(1).build()],
  [10, 'yyyy-MM-dd', SchemaBuilder.int32().name(DATE).version(1).build()]
]

/** An ISO date, time or timestamp (by length, as Connect decides), parsed in UTC. */
function parseTemporal (token: string): SchemaAndValue | undefined {
  const text = token.replaceAll('\\:', ':')
  const match = TEMPORAL.find(([length]) => length === text.length)
  if (match === undefined) return undefined
  const ms = parseDate(compilePattern(match[1]), text)
  return ms === undefined ? undefined : { schema: match[2], value: new Date(ms) }
}

const NUMERIC: readonly string[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64']

/** Values.mergeSchemas: the schema both values fit (numbers widen), or undefined when there is none. */
function mergeSchemas (previous: Schema, next: Schema): Schema | undefined {
  if (previous.type !== next.type) {
    const a = NUMERIC.indexOf(previous.type)
    const b = NUMERIC.indexOf(next.type)
    if (a < 0 || b < 0) return undefined
    return b > a ? next : previous
  }
  if (previous.optional === next.optional) return previous
  return undefined
}

class LiteralParser {
  readonly #tokens: string[]
  #pos = 0

  constructor (readonly text: string) { this.#tokens = tokenize(text) }

  #hasNext (): boolean { return this.#pos < this.#tokens.length }
  #peek (): string | undefined { return this.#tokens[this.#pos]?.trim() }

  #consume (expected: string): boolean {
    if (this.#peek() !== expected) return false
    this.#pos++
    return true
  }

  #fail (message: string): never { throw new Error(message) }

  /** null stands for Connect's null SchemaAndValue (a null literal or nothing left). */
  parse (embedded: boolean): SchemaAndValue | null {
    if (!this.#hasNext()) return null
    if (embedded && this.#consume('"')) return this.#quoted()
    for (const [literal, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (this.#peek() === literal && (embedded || this.#pos === this.#tokens.length - 1)) {
        this.#pos++
        return value === null ? null : { schema: Schemas.BOOLEAN, value }
      }
    }
    const mark = this.#pos
    try {
      if (this.#consume('[')) return this.#array()
      if (this.#consume('{')) return this.#map()
    } catch {
      this.#pos = mark
    }
    const token = this.#tokens[this.#pos++]!
    if (token.trim() === '') return { schema: Schemas.STRING, value: token }
    return this.#token(embedded, token.trim())
  }

  #token (embedded: boolean, token: string): SchemaAndValue {
    if (/^[0-9]/.test(token)) {
      // A time or timestamp is split at its colons: try it joined with the next four tokens first.
      if (this.#pos + 4 <= this.#tokens.length) {
        const joined = parseTemporal(token + this.#tokens.slice(this.#pos, this.#pos + 4).join(''))
        if (joined !== undefined) { this.#pos += 4; return joined }
      }
      const temporal = parseTemporal(token)
      if (temporal !== undefined) return temporal
    }
    if (/^[0-9+-]/.test(token)) {
      const number = parseNumber(token)
      if (number !== undefined) return number
    }
    if (embedded) this.#fail('Failed to parse embedded value')
    return { schema: Schemas.STRING, value: this.text }
  }

  #quoted (): SchemaAndValue {
    let content = ''
    while (this.#hasNext() && !this.#consume('"')) content += this.#tokens[this.#pos++]!
    return parseTemporal(content) ?? { schema: Schemas.STRING, value: content }
  }

  #merge (common: { schema: Schema | undefined, compatible: boolean }, next: SchemaAndValue | null): void {
    if (next === null || next.schema === null || !common.compatible) return
    common.schema = common.schema === undefined ? next.schema : mergeSchemas(common.schema, next.schema)
    common.compatible = common.schema !== undefined
  }

  #array (): SchemaAndValue {
    const values: unknown[] = []
    const common = { schema: undefined as Schema | undefined, compatible: true }
    while (this.#hasNext()) {
      if (this.#consume(']')) {
        // No common element schema (all null, or mixed): Connect's arrayOfNull, an array schema without element schema.
        if (common.schema === undefined) return { schema: Object.freeze({ type: 'array', optional: false }), value: values }
        return { schema: SchemaBuilder.array(common.schema).build(), value: values.map((v) => align(common.schema!, v)) }
      }
      if (this.#consume(',')) this.#fail('empty array element')
      const element = this.parse(true)
      this.#merge(common, element)
      values.push(element?.value ?? null)
      if (this.#peek() !== ']' && !this.#consume(',')) this.#fail('array elements missing \',\'')
    }
    return this.#fail('array is missing its end')
  }

  #map (): SchemaAndValue {
    const entries: Array<[unknown, unknown]> = []
    const keys = { schema: undefined as Schema | undefined, compatible: true }
    const values = { schema: undefined as Schema | undefined, compatible: true }
    while (this.#hasNext()) {
      if (this.#consume('}')) {
        const k = keys.schema
        const v = values.schema
        // Without common schemas Connect leaves the key and/or value schema out (mapOfNull, mapWithNullValues).
        if (k === undefined) return { schema: Object.freeze({ type: 'map', optional: false }), value: new Map(entries) }
        if (v === undefined) return { schema: Object.freeze({ type: 'map', optional: false, keySchema: k }), value: new Map(entries.map(([key, value]) => [align(k, key), value])) }
        return { schema: SchemaBuilder.map(k, v).build(), value: new Map(entries.map(([key, value]) => [align(k, key), align(v, value)])) }
      }
      if (this.#consume(',')) this.#fail('map entry with no key or value')
      const key = this.parse(true)
      if (key === null || key.value === null) this.#fail('null map key')
      if (!this.#consume(':')) this.#fail('map entry missing \':\'')
      const value = this.parse(true)
      entries.push([key.value, value?.value ?? null])
      this.#consume(',')
      this.#merge(keys, key)
      this.#merge(values, value)
    }
    return this.#fail('map is missing its end')
  }
}

/** Values.convertTo for the common numeric schema of an array or map: int64 values as bigint past 2^53. */
function align (schema: Schema, value: unknown): unknown {
  if (value === null || typeof value !== 'number' && typeof value !== 'bigint') return value
  if (schema.type === 'float32') return Math.fround(Number(value))
  if (schema.type === 'float64') return Number(value)
  return value
}

/** Values.parseString: the schema and value Connect infers from literal text (InsertHeader's value.literal). */
export function parseLiteral (text: string): SchemaAndValue {
  if (text === '') return { schema: Schemas.STRING, value: text }
  return new LiteralParser(text).parse(false) ?? { schema: null, value: null }
}
