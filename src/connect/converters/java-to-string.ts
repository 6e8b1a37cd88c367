/**
 * Java's toString of Connect values, as StringConverter writes them: Struct{a=b,c=d} without null
 * fields, [a, b] for lists, {k=v} for maps, Double.toString for floats, Date.toString for dates.
 * Java knows a value's class; here the schema tells an int from a double and a Date field from an int.
 * Dates print in UTC: Java uses the worker's default time zone, UTC in the usual container.
 */
import type { Schema } from '../data/schema.ts'
import { Struct } from '../data/struct.ts'
import { bigDecimalToString, javaDoubleToString, javaFloatToString, type JavaFloatFormat } from './java-number.ts'
import { DECIMAL, decimalScale, decimalUnscaled, logicalEpochMillis, parseBigDecimal } from './logical-types.ts'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function pad (n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** java.util.Date.toString in UTC: `Thu Jan 01 00:00:00 UTC 1970`. */
export function javaDateToString (epochMillis: number): string {
  const d = new Date(epochMillis)
  return `${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} UTC ${d.getUTCFullYear()}`
}

/**
 * Java prints a byte[] as `[B@` + its identity hash, which differs on every run; this prints a hash
 * of the content instead, so the text is at least stable.
 */
export function byteArrayToString (bytes: Uint8Array): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193)
  return '[B@' + ((hash >>> 1) || 1).toString(16)
}

/**
 * The text of a number or logical value as Java's Number.toString / BigDecimal.toString would give
 * it, or undefined when the value is neither.
 */
export function javaScalarText (schema: Schema | null | undefined, value: unknown, format: JavaFloatFormat): string | undefined {
  if (schema?.name === DECIMAL && (typeof value === 'string' || value instanceof Uint8Array)) {
    const parts = typeof value === 'string' ? parseBigDecimal(value) : undefined
    if (parts !== undefined) return bigDecimalToString(parts.unscaled, parts.scale)
    return bigDecimalToString(decimalUnscaled(schema, value), decimalScale(schema))
  }
  if (typeof value === 'number') {
    if (schema?.type === 'float32') return javaFloatToString(value, format)
    if (schema?.type === 'float64' || !Number.isSafeInteger(value)) return javaDoubleToString(value, format)
    return String(value)
  }
  if (typeof value === 'bigint') return value.toString()
  return undefined
}

/** Object.toString of a Connect value; null prints as `null`. */
export function javaToString (schema: Schema | null | undefined, value: unknown, format: JavaFloatFormat = 'legacy'): string {
  if (value === null || value === undefined) return 'null'
  const millis = logicalEpochMillis(schema?.name, value)
  if (millis !== undefined) return javaDateToString(millis)
  // Before strings: a Decimal given as text prints as BigDecimal.toString would.
  const scalar = javaScalarText(schema, value, format)
  if (scalar !== undefined) return scalar
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Uint8Array) return byteArrayToString(value)
  if (value instanceof Struct) return structToString(value, format)
  if (Array.isArray(value)) {
    // AbstractCollection.toString: ", " between elements.
    return '[' + value.map((item) => javaToString(schema?.valueSchema, item, format)).join(', ') + ']'
  }
  const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : undefined
  if (entries !== undefined) {
    // AbstractMap.toString: {k=v, k2=v2}.
    return '{' + entries.map(([k, v]) => javaToString(schema?.keySchema, k, format) + '=' + javaToString(schema?.valueSchema, v, format)).join(', ') + '}'
  }
  return String(value)
}

/** Struct.toString: `Struct{name=value,...}`, fields whose own value is null left out. */
export function structToString (struct: Struct, format: JavaFloatFormat = 'legacy'): string {
  let out = 'Struct{'
  let first = true
  for (const field of struct.schema.fields ?? []) {
    const value = struct.getWithoutDefault(field.name)
    if (value === null || value === undefined) continue
    out += (first ? '' : ',') + field.name + '=' + javaToString(field.schema, value, format)
    first = false
  }
  return out + '}'
}

/** True for `{}` literals and Object.create(null) objects, which stand for string-keyed maps. */
export function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}
