/** A Connect default value as the JSON Avro stores it (AvroData.defaultValueFromConnect). */
import { dataError } from '../../../errors.ts'
import type { Schema } from '../../data/schema.ts'
import { Struct } from '../../data/struct.ts'
import { javaDoubleToString, javaFloatToString } from '../java-number.ts'
import { DATE, DECIMAL, TIME, TIMESTAMP, dateDays, decimalUnscaled, timeMillis, timestampMillis, twosComplementBytes } from '../logical-types.ts'
import type { AvroDataConfig } from './avro-data-config.ts'
import { JsonNumberText, type JsonValue } from './avro-schema-model.ts'

/** Decimal/Date/Time/Timestamp values in their physical form; other values as they are. */
export function physicalValue (schema: Schema, value: unknown): unknown {
  switch (schema.name) {
    case DECIMAL: return twosComplementBytes(decimalUnscaled(schema, value))
    case DATE: return dateDays(value)
    case TIME: return timeMillis(value)
    case TIMESTAMP: return timestampMillis(value)
    default: return value
  }
}

function bytesText (value: unknown): string {
  if (!(value instanceof Uint8Array)) throw dataError(`Invalid type used for default value of bytes field: ${typeof value}`)
  // Avro keeps a bytes default as a string of ISO-8859-1 characters, one per byte.
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1')
}

/** The JSON form of `value` under `schema`, for `default` and `connect.default`. */
export function connectDefaultJson (schema: Schema, value: unknown, config: AvroDataConfig): JsonValue {
  if (value === null || value === undefined) return null
  const v = physicalValue(schema, value)
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32': return v as number
    case 'int64': return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v as number | bigint
    case 'float32': return new JsonNumberText(javaFloatToString(v as number))
    case 'float64': return new JsonNumberText(javaDoubleToString(v as number))
    case 'boolean': return v as boolean
    case 'string': return v as string
    case 'bytes': return bytesText(v)
    case 'array': return (v as unknown[]).map((e) => connectDefaultJson(schema.valueSchema!, e, config))
    case 'map': {
      const entries = v instanceof Map ? [...(v as Map<unknown, unknown>).entries()] : Object.entries(v as object)
      const key = schema.keySchema!
      if (key.type === 'string' && (!key.optional || config.allowOptionalMapKeys)) {
        return Object.fromEntries(entries.map(([k, e]) => [String(k), connectDefaultJson(schema.valueSchema!, e, config)]))
      }
      return entries.map(([k, e]) => [connectDefaultJson(key, k, config), connectDefaultJson(schema.valueSchema!, e, config)])
    }
    case 'struct': {
      if (!(v instanceof Struct)) throw dataError(`Invalid type used for default value of struct field: ${typeof v}`)
      const out: Record<string, JsonValue> = {}
      for (const field of schema.fields ?? []) {
        const json = connectDefaultJson(field.schema, v.get(field.name), config)
        // A union's default is its first branch's value.
        if (schema.name === 'io.confluent.connect.avro.Union') return json
        out[field.name] = json
      }
      return out
    }
  }
}
