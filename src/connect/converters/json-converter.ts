/**
 * org.apache.kafka.connect.json.JsonConverter, serialization side, byte for byte: JSON text is
 * written directly (no tree), schema JSON is rendered once per Schema object, and numbers and
 * strings are printed as Jackson on a Java 17 worker prints them.
 */
import { dataError } from '../../errors.ts'
import type { Converter, HeaderConverter } from '../converter.ts'
import type { Headers } from '../data/headers.ts'
import { schemaEquals, type Schema } from '../data/schema.ts'
import { Struct } from '../data/struct.ts'
import { booleanConfig, enumConfig, floatFormatConfig, intConfig } from './converter-config.ts'
import { renderSchemaJson, type SchemaJsonWriter } from './json-schema.ts'
import { javaClassName } from '../data/java-class.ts'
import { JsonBytes } from './json-bytes.ts'
import { jsonString } from './json-text.ts'
import { bigDecimalToString, javaDoubleToString, javaFloatToString, type JavaFloatFormat } from './java-number.ts'
import {
  DATE, DECIMAL, TIME, TIMESTAMP, dateDays, decimalScale, decimalUnscaled, isLogicalName, parseBigDecimal,
  timeMillis, timestampMillis, twosComplementBytes
} from './logical-types.ts'

export const JSON_CONVERTER_CLASS = 'org.apache.kafka.connect.json.JsonConverter'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647]
}

/** JsonConverter: `{"schema":..,"payload":..}` envelopes (schemas.enable) or plain JSON. */
export class JsonConverter implements Converter, HeaderConverter, SchemaJsonWriter {
  #schemasEnable = true
  #decimalNumeric = false
  #replaceNullWithDefault = true
  #floatFormat: JavaFloatFormat = 'legacy'
  // Keyed by Schema object: schemas are immutable and a task reuses the same objects for every record.
  #schemaCache = new WeakMap<Schema, string>()
  #envelopeCache = new WeakMap<Schema, string>()
  #fieldKeyCache = new WeakMap<Schema, string[]>()
  readonly #bytes = new JsonBytes()

  /** Reads schemas.enable, decimal.format, replace.null.with.default (and validates schemas.cache.size). */
  configure (configs: Readonly<Record<string, string>>, _isKey = false): void {
    this.#schemasEnable = booleanConfig(configs, 'schemas.enable', true)
    this.#decimalNumeric = enumConfig(configs, 'decimal.format', ['BASE64', 'NUMERIC'] as const, 'BASE64') === 'NUMERIC'
    this.#replaceNullWithDefault = booleanConfig(configs, 'replace.null.with.default', true)
    intConfig(configs, 'schemas.cache.size', 1000, 0)
    this.#floatFormat = floatFormatConfig(configs)
    this.#schemaCache = new WeakMap()
    this.#envelopeCache = new WeakMap()
  }

  /** Serializes; null only for a null schema with a null value (a tombstone). */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown, _headers?: Headers): Uint8Array | null {
    if (schema == null && value == null) return null
    const out = this.#bytes
    try {
      if (this.#schemasEnable) out.text(this.#envelopePrefix(schema ?? null))
      this.#write(out, schema ?? null, value)
      if (this.#schemasEnable) out.text('}')
    } catch (error) {
      out.reset()
      throw error
    }
    return out.take()
  }

  /** JsonConverter as a header converter writes exactly what fromConnectData writes. */
  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value)
  }

  /** The schema JSON text (JsonConverter.asJsonSchema), cached per Schema object. */
  schemaJson (schema: Schema): string {
    let text = this.#schemaCache.get(schema)
    if (text === undefined) {
      text = renderSchemaJson(schema, this)
      this.#schemaCache.set(schema, text)
    }
    return text
  }

  #envelopePrefix (schema: Schema | null): string {
    if (schema === null) return '{"schema":null,"payload":'
    let prefix = this.#envelopeCache.get(schema)
    if (prefix === undefined) {
      prefix = '{"schema":' + this.schemaJson(schema) + ',"payload":'
      this.#envelopeCache.set(schema, prefix)
    }
    return prefix
  }

  /** The JSON text of a value (JsonConverter.convertToJson); Java null prints as `null`. */
  valueJson (schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null) return 'null'
      const fallback = schema.defaultValue
      if (fallback !== undefined && fallback !== null && this.#replaceNullWithDefault) return this.valueJson(schema, fallback)
      if (schema.optional) return 'null'
      throw dataError('Conversion error: null value for field that is required and has no default value')
    }
    if (schema === null) return this.#schemalessJson(value)
    if (schema.name !== undefined) {
      const logical = this.#logicalJson(schema, schema.name, value)
      if (logical !== undefined) return logical
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32': {
        const [min, max] = INT_RANGES[schema.type] ?? [0, 0]
        if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return String(value)
        break
      }
      case 'int64': {
        const text = int64Text(value)
        if (text !== undefined) return text
        break
      }
      case 'float32':
        if (typeof value === 'number') return floatJson(javaFloatToString(value, this.#floatFormat))
        break
      case 'float64':
        if (typeof value === 'number') return floatJson(javaDoubleToString(value, this.#floatFormat))
        break
      case 'boolean':
        if (typeof value === 'boolean') return value ? 'true' : 'false'
        break
      case 'string':
        if (typeof value === 'string') return jsonString(value)
        break
      case 'bytes':
        if (value instanceof Uint8Array) return base64Json(value)
        break
      case 'array':
        if (Array.isArray(value)) return this.#arrayJson(schema.valueSchema ?? null, value)
        break
      case 'map': {
        const entries = mapEntries(value)
        if (entries !== undefined) return this.#mapJson(schema, entries)
        break
      }
      case 'struct':
        if (value instanceof Struct) return this.#structJson(schema, value)
        break
    }
    throw dataError(`Invalid type for ${schema.type.toUpperCase()}: ${javaClassName(value)}`)
  }

  /**
   * Writes what valueJson returns, as bytes: strings and structs (where large values are) go straight into `out`,
   * everything else through valueJson.
   */
  #write (out: JsonBytes, schema: Schema | null, value: unknown): void {
    if (typeof value === 'string' && (schema === null || (schema.type === 'string' && !isLogicalName(schema.name)))) {
      out.string(value)
    } else if (value instanceof Struct && schema !== null && schema.type === 'struct' && !isLogicalName(schema.name)) {
      const keys = this.#structKeys(schema, value)
      if (keys.length === 0) return out.text('{}')
      for (let i = 0; i < keys.length; i++) {
        out.text(keys[i]!)
        this.#write(out, schema.fields?.[i]?.schema ?? null, value.getWithoutDefaultAt(i))
      }
      out.text('}')
    } else {
      out.text(this.valueJson(schema, value))
    }
  }

  #structJson (schema: Schema, struct: Struct): string {
    const keys = this.#structKeys(schema, struct)
    if (keys.length === 0) return '{}'
    const fields = schema.fields ?? []
    let out = ''
    for (let i = 0; i < keys.length; i++) {
      // By position: equal schemas have their fields in the same order (checked by #structKeys).
      out += keys[i]! + this.valueJson(fields[i]?.schema ?? null, struct.getWithoutDefaultAt(i))
    }
    return out + '}'
  }

  /** The struct's schema must equal `schema`; then its fields' JSON keys, `{"name":` for the first, `,"name":` after. */
  #structKeys (schema: Schema, struct: Struct): readonly string[] {
    if (struct.schema !== schema && !schemaEquals(struct.schema, schema)) throw dataError('Mismatching schema.')
    let keys = this.#fieldKeyCache.get(schema)
    if (keys === undefined) {
      keys = (schema.fields ?? []).map((f, i) => (i === 0 ? '{' : ',') + jsonString(f.name) + ':')
      this.#fieldKeyCache.set(schema, keys)
    }
    return keys
  }

  #arrayJson (itemSchema: Schema | null, items: readonly unknown[]): string {
    let out = '['
    for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + this.valueJson(itemSchema, items[i])
    return out + ']'
  }

  #mapJson (schema: Schema | null, entries: Iterable<readonly [unknown, unknown]>): string {
    const keySchema = schema?.keySchema ?? null
    const valueSchema = schema?.valueSchema ?? null
    const list = [...entries]
    // String-keyed maps are JSON objects; any other key type is written as [key, value] pairs.
    const objectMode = schema === null || keySchema === null
      ? list.every(([k]) => typeof k === 'string')
      : keySchema.type === 'string'
    let out = ''
    for (const [k, v] of list) {
      const key = this.valueJson(keySchema, k)
      const value = this.valueJson(valueSchema, v)
      out += out === '' ? '' : ','
      out += objectMode ? asFieldName(key) + ':' + value : '[' + key + ',' + value + ']'
    }
    return objectMode ? '{' + out + '}' : '[' + out + ']'
  }

  #logicalJson (schema: Schema, name: string, value: unknown): string | undefined {
    switch (name) {
      case DECIMAL: {
        if (this.#decimalNumeric) {
          // NUMERIC writes the BigDecimal as it is; Java checks the scale only for BASE64.
          const parts = typeof value === 'string' ? parseBigDecimal(value) : undefined
          if (parts !== undefined) return bigDecimalToString(parts.unscaled, parts.scale)
          return bigDecimalToString(decimalUnscaled(schema, value), decimalScale(schema))
        }
        return base64Json(twosComplementBytes(decimalUnscaled(schema, value)))
      }
      case DATE: return String(dateDays(value))
      case TIME: return String(timeMillis(value))
      case TIMESTAMP: return String(timestampMillis(value))
      default: return undefined
    }
  }

  #schemalessJson (value: unknown): string {
    switch (typeof value) {
      case 'string': return jsonString(value)
      case 'boolean': return value ? 'true' : 'false'
      // An integral JS number stands for Integer/Long, any other for Double.
      case 'number': return Number.isSafeInteger(value) ? String(value) : floatJson(javaDoubleToString(value, this.#floatFormat))
      case 'bigint': {
        const text = int64Text(value)
        if (text !== undefined) return text
        throw dataError(`Invalid type for INT64: ${value} is out of range`)
      }
      default:
    }
    if (value instanceof Uint8Array) return base64Json(value)
    if (Array.isArray(value)) return this.#arrayJson(null, value)
    if (value instanceof Struct) throw dataError('Mismatching schema.')
    const entries = mapEntries(value)
    if (entries !== undefined) return this.#mapJson(null, entries)
    throw dataError(`Java class ${javaClassName(value)} does not have corresponding schema type.`)
  }
}

function int64Text (value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value)
    // Integral but past 2^53: print the exact integer the double holds, if a long could hold it.
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return BigInt(value).toString()
    return undefined
  }
  if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) return value.toString()
  return undefined
}

// Jackson writes NaN and the infinities as strings (WRITE_NAN_AS_STRINGS is on by default).
function floatJson (text: string): string {
  const c = text.charCodeAt(text.length - 1)
  return c >= 48 && c <= 57 ? text : '"' + text + '"'
}

function base64Json (bytes: Uint8Array): string {
  return '"' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') + '"'
}

function mapEntries (value: unknown): Iterable<readonly [unknown, unknown]> | undefined {
  if (value instanceof Map) return value.entries()
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)) {
    const proto = Object.getPrototypeOf(value) as unknown
    // A plain object stands for a string-keyed java.util.Map.
    if (proto === Object.prototype || proto === null) return Object.entries(value)
  }
  return undefined
}

// ObjectNode keys come from JsonNode.asText(): text as is, numbers/booleans/null as their literal, containers as "".
function asFieldName (valueJson: string): string {
  const first = valueJson.charCodeAt(0)
  if (first === 34) return valueJson
  if (first === 123 || first === 91) return '""'
  return '"' + valueJson + '"'
}
