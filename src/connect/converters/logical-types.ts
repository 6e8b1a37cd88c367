/**
 * Connect's logical types (Decimal, Date, Time, Timestamp), recognized by schema name.
 * Java holds them as BigDecimal and java.util.Date; this runtime's Struct checks values against the
 * physical type, so converters accept both the physical value (Uint8Array unscaled bytes, int32 days,
 * int32 ms, int64 ms) and the natural one (a decimal string, a JS Date).
 */
import { dataError } from '../../errors.ts'
import { javaClassName } from '../data/java-class.ts'
import type { Schema } from '../data/schema.ts'

export const DECIMAL = 'org.apache.kafka.connect.data.Decimal'
export const DATE = 'org.apache.kafka.connect.data.Date'
export const TIME = 'org.apache.kafka.connect.data.Time'
export const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp'

export const MILLIS_PER_DAY = 86_400_000

const LOGICAL_NAMES: ReadonlySet<string> = new Set([DECIMAL, DATE, TIME, TIMESTAMP])

/** Whether a schema of this name is one of Connect's logical types (converters then write the logical value). */
export function isLogicalName (name: string | undefined): boolean {
  return name !== undefined && LOGICAL_NAMES.has(name)
}

/** Decimal.scale(schema): the `scale` parameter as an int. */
export function decimalScale (schema: Schema): number {
  const text = schema.parameters?.scale
  if (text === undefined) throw dataError('Invalid Decimal schema: scale parameter not found.')
  if (!/^[+-]?\d{1,10}$/.test(text) || Math.abs(Number(text)) > 2147483647) {
    throw dataError('Invalid scale parameter found in Decimal schema: ')
  }
  return Number(text)
}

/** A decimal value as Java's BigDecimal holds it. */
export interface BigDecimalParts {
  readonly unscaled: bigint
  readonly scale: number
}

/** Parses BigDecimal's string grammar (`-12.50`, `1E+3`, `.5`); undefined when it is not one. */
export function parseBigDecimal (text: string): BigDecimalParts | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (match === null) return undefined
  const [, sign = '', int = '', fraction = '', exponent = '0'] = match
  if (int === '' && fraction === '') return undefined
  const magnitude = BigInt(int + fraction)
  return { unscaled: sign === '-' ? -magnitude : magnitude, scale: fraction.length - Number(exponent) }
}

/** BigInteger.toByteArray: minimal big-endian two's complement, at least one byte. */
export function twosComplementBytes (value: bigint): Uint8Array {
  let hex = (value < 0n ? -value - 1n : value).toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  // A leading byte with the top bit set needs a sign byte in front of it.
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex
  const bytes = Buffer.from(hex, 'hex')
  if (value < 0n) for (let i = 0; i < bytes.length; i++) bytes[i] = ~(bytes[i] ?? 0) & 0xff
  return bytes
}

/** new BigInteger(bytes): reads big-endian two's complement. */
export function fromTwosComplement (bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw dataError('Invalid Decimal value: Zero length BigInteger')
  const magnitude = BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'))
  return (bytes[0] ?? 0) >= 0x80 ? magnitude - (1n << BigInt(bytes.length * 8)) : magnitude
}

/**
 * The unscaled value of a Decimal: Uint8Array as its unscaled two's complement bytes, or a string in
 * BigDecimal notation whose scale must equal the schema's (Decimal.fromLogical).
 */
export function decimalUnscaled (schema: Schema, value: unknown): bigint {
  const scale = decimalScale(schema)
  if (value instanceof Uint8Array) return fromTwosComplement(value)
  if (typeof value === 'string') {
    const parts = parseBigDecimal(value)
    if (parts === undefined) throw dataError(`Invalid type for Decimal, expected BigDecimal but was "${value}"`)
    if (parts.scale !== scale) {
      throw dataError(`Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${parts.scale}.`)
    }
    return parts.unscaled
  }
  throw dataError(`Invalid type for Decimal, expected BigDecimal but was ${javaClassName(value)}`)
}

function dateMillis (value: Date, type: string): number {
  const ms = value.getTime()
  if (Number.isNaN(ms)) throw dataError(`Invalid ${type} value: an invalid Date`)
  return ms
}

/** Date.fromLogical: days since the epoch; a JS Date must be midnight UTC. */
export function dateDays (value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (!(value instanceof Date)) throw dataError(`Invalid type for Date, expected Date but was ${javaClassName(value)}`)
  const ms = dateMillis(value, 'Date')
  if (ms % MILLIS_PER_DAY !== 0) throw dataError('Kafka Connect Date type should not have any time fields set to non-zero values.')
  return ms / MILLIS_PER_DAY
}

/** Time.fromLogical: milliseconds since midnight; a JS Date must fall on 1970-01-01 UTC. */
export function timeMillis (value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (!(value instanceof Date)) throw dataError(`Invalid type for Time, expected Date but was ${javaClassName(value)}`)
  const ms = dateMillis(value, 'Time')
  if (ms < 0 || ms > MILLIS_PER_DAY) throw dataError('Kafka Connect Time type should not have any date fields set to non-zero values.')
  return ms
}

/** Timestamp.fromLogical: milliseconds since the epoch. */
export function timestampMillis (value: unknown): number | bigint {
  if ((typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint') return value
  if (!(value instanceof Date)) throw dataError(`Invalid type for Timestamp, expected Date but was ${javaClassName(value)}`)
  return dateMillis(value, 'Timestamp')
}

/**
 * The epoch milliseconds of a Date/Time/Timestamp logical value (what java.util.Date holds), or
 * undefined when `name` is not one of those three.
 */
export function logicalEpochMillis (name: string | undefined, value: unknown): number | undefined {
  if (value instanceof Date) return name === DECIMAL ? undefined : value.getTime()
  if (name === DATE && typeof value === 'number') return value * MILLIS_PER_DAY
  if ((name === TIME || name === TIMESTAMP) && (typeof value === 'number' || typeof value === 'bigint')) return Number(value)
  return undefined
}
