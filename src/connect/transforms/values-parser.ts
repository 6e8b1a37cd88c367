/**
 * The part of Connect's Values.parseString that InsertHeader literals and MaskField replacements use:
 * booleans, null, and numbers typed as the narrowest of INT8/16/32/64, FLOAT32/64. Arrays, maps,
 * quoted strings and ISO dates are not parsed: such a literal stays a STRING (docs/transforms.md).
 */
import { Schemas, type Schema } from '../data/schema.ts'
import { parseBigDecimal } from '../converters/logical-types.ts'

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

/** Values.parseString for literals: the schema and value Connect infers from the text. */
export function parseLiteral (text: string): SchemaAndValue {
  if (text === '') return { schema: Schemas.STRING, value: text }
  const token = text.trim()
  if (token === 'null') return { schema: null, value: null }
  if (token === 'true' || token === 'false') return { schema: Schemas.BOOLEAN, value: token === 'true' }
  if (/^[0-9+-]/.test(token)) {
    const number = parseNumber(token)
    if (number !== undefined) return number
  }
  return { schema: Schemas.STRING, value: text }
}
