/**
 * org.apache.kafka.connect.data.Values.convertToString, what SimpleHeaderConverter writes: strings
 * raw at the top and quoted inside containers (only `\` and `"` escaped), bytes as base64, structs
 * and maps as `{"k":v}`, lists as `[a,b]`, dates in ISO-8601 forms chosen by the value.
 */
import { dataError } from '../../errors.ts'
import type { Schema } from '../data/schema.ts'
import { Struct } from '../data/struct.ts'
import type { JavaFloatFormat } from './java-number.ts'
import { isPlainObject, javaScalarText } from './java-to-string.ts'
import { javaClassName } from '../data/java-class.ts'
import { MILLIS_PER_DAY, logicalEpochMillis } from './logical-types.ts'

function pad (n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/**
 * Values.dateFormatFor: `HH:mm:ss.SSS'Z'` before 1970-01-02, `yyyy-MM-dd` on whole days, else both
 * joined by `T`. Java formats in the worker's time zone despite the `Z`; this assumes UTC.
 */
export function valuesDateString (epochMillis: number): string {
  const d = new Date(epochMillis)
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`
  if (epochMillis < MILLIS_PER_DAY) return time
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
  return epochMillis % MILLIS_PER_DAY === 0 ? date : date + 'T' + time
}

// Values.escape replaces backslashes first, then quotes; nothing else (not even control characters).
function quoted (s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"'
}

/** Values.convertToString(schema, value); null for a null value. */
export function valuesToString (schema: Schema | null | undefined, value: unknown, format: JavaFloatFormat = 'legacy'): string | null {
  if (value === null || value === undefined) return null
  return append(schema, value, false, format)
}

function append (schema: Schema | null | undefined, value: unknown, embedded: boolean, format: JavaFloatFormat): string {
  if (value === null || value === undefined) return 'null'
  const millis = logicalEpochMillis(schema?.name, value)
  if (millis !== undefined) return valuesDateString(millis)
  const scalar = javaScalarText(schema, value, format)
  if (scalar !== undefined) return scalar
  if (typeof value === 'string') return embedded ? quoted(value) : value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
    return embedded ? '"' + base64 + '"' : base64
  }
  if (Array.isArray(value)) return '[' + value.map((item) => append(schema?.valueSchema, item, true, format)).join(',') + ']'
  if (value instanceof Struct) {
    // Struct.get: a null field with a default prints the default.
    const fields = value.schema.fields ?? []
    return '{' + fields.map((f) => quoted(f.name) + ':' + append(f.schema, value.get(f.name), true, format)).join(',') + '}'
  }
  const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : undefined
  if (entries !== undefined) {
    return '{' + entries.map(([k, v]) => append(schema?.keySchema, k, true, format) + ':' + append(schema?.valueSchema, v, true, format)).join(',') + '}'
  }
  throw dataError(`Failed to serialize unexpected value type ${javaClassName(value).replace(/^class /, '')}: ${String(value)}`)
}
