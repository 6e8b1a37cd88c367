/**
 * Java's text forms of numbers: Double.toString, Float.toString and BigDecimal.toString.
 * JsonConverter (through Jackson), StringConverter and SimpleHeaderConverter all print through them.
 */
import { floatingDecimalDigits, javaLayout, type DecimalDigits } from './floating-decimal.ts'

/**
 * Which JDK's floating-point printing to reproduce: `legacy` is JDK 8 to 18 (FloatingDecimal,
 * not always shortest), `shortest` is JDK 19 and later (JDK-4511638, Raffaello Giulietti's algorithm).
 */
export type JavaFloatFormat = 'legacy' | 'shortest'

const view = new DataView(new ArrayBuffer(8))

/** Java Double.toString(v). NaN and infinities give "NaN", "Infinity", "-Infinity". */
export function javaDoubleToString (v: number, format: JavaFloatFormat = 'legacy'): string {
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0'
  if (!Number.isFinite(v)) return v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
  const negative = v < 0
  const abs = negative ? -v : v
  // Most doubles in records are small integers (counts, ids): their digits are exact, whatever the JDK.
  if (abs < 1e7 && Number.isInteger(abs)) return (negative ? '-' : '') + abs + '.0'
  if (format === 'shortest') return javaLayout(negative, shortestDoubleDigits(abs))
  view.setFloat64(0, abs)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const biased = hi >>> 20
  let fractBits = (hi & 0xfffff) * 2 ** 32 + lo
  let binExp: number
  let nSignificantBits: number
  if (biased === 0) {
    // Subnormal: normalize so the leading one sits where the hidden bit would be.
    const bitLength = Math.floor(Math.log2(fractBits)) + 1
    const shift = 53 - bitLength
    fractBits *= 2 ** shift
    binExp = 1 - shift - 1023
    nSignificantBits = bitLength
  } else {
    fractBits += 2 ** 52
    binExp = biased - 1023
    nSignificantBits = 53
  }
  return javaLayout(negative, floatingDecimalDigits(binExp, fractBits, nSignificantBits))
}

/** Java Float.toString((float) v): v is first rounded to float32. */
export function javaFloatToString (v: number, format: JavaFloatFormat = 'legacy'): string {
  const f = Math.fround(v)
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0'
  if (!Number.isFinite(f)) return f !== f ? 'NaN' : f > 0 ? 'Infinity' : '-Infinity'
  const negative = f < 0
  const abs = negative ? -f : f
  if (abs < 1e7 && Number.isInteger(abs)) return (negative ? '-' : '') + abs + '.0'
  if (format === 'shortest') return javaLayout(negative, shortestFloatDigits(abs))
  view.setFloat32(0, abs)
  const bits = view.getUint32(0)
  const biased = bits >>> 23
  let significand = bits & 0x7fffff
  let binExp: number
  let nSignificantBits: number
  if (biased === 0) {
    const bitLength = 32 - Math.clz32(significand)
    const shift = 24 - bitLength
    significand *= 2 ** shift
    binExp = 1 - shift - 127
    nSignificantBits = bitLength
  } else {
    significand += 2 ** 23
    binExp = biased - 127
    nSignificantBits = 24
  }
  // FloatingDecimal runs floats through the double code with the significand moved up 29 bits.
  return javaLayout(negative, floatingDecimalDigits(binExp, significand * 2 ** 29, nSignificantBits))
}

/** Digits of a toExponential() text, without trailing zeros. */
function exponentialDigits (text: string): DecimalDigits {
  const e = text.indexOf('e')
  let end = e
  while (end > 1 && text.charCodeAt(end - 1) === 48) end--
  const digits = text.charAt(0) + text.slice(2, Math.max(2, end))
  return { digits, decExponent: Number(text.slice(e + 1)) + 1 }
}

/** JDK 19+ Double.toString digits: the shortest that round-trip, but never fewer than two (JDK-4511638). */
function shortestDoubleDigits (abs: number): DecimalDigits {
  const text = abs.toExponential()
  // One digit would do: the JDK then picks the closest two-digit decimal (4.9E-324, not 5.0E-324).
  return exponentialDigits(text.includes('.') ? text : abs.toExponential(1))
}

/** JDK 19+ Float.toString digits: the shortest that round-trip through float32, never fewer than two. */
function shortestFloatDigits (abs: number): DecimalDigits {
  for (let p = 1; p < 9; p++) {
    const text = abs.toExponential(p - 1)
    if (Math.fround(Number(text)) === abs) return exponentialDigits(evenOnTie(abs, p === 1 ? abs.toExponential(1) : text))
    // Just above a power of two the interval is lopsided: the next decimal up may read back when the nearest does not.
    const next = nextDecimalUp(text)
    if (p > 1 && Math.fround(Number(next)) === abs) return exponentialDigits(next)
  }
  return exponentialDigits(evenOnTie(abs, abs.toExponential(8)))
}

/** The decimal one unit in the last place above a toExponential() text (same number of digits when possible). */
function nextDecimalUp (text: string): string {
  const e = text.indexOf('e')
  const mantissa = text.slice(0, 1) + text.slice(2, e)
  const up = (BigInt(mantissa) + 1n).toString()
  const exp = Number(text.slice(e + 1)) + (up.length - mantissa.length)
  const digits = up.slice(0, mantissa.length)
  return digits.charAt(0) + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + exp
}

/**
 * toExponential rounds a tie up; Java takes the even neighbour when both are equally close and
 * both read back as the float. Only floats need this: their exact values are short decimals.
 */
function evenOnTie (abs: number, text: string): string {
  const e = text.indexOf('e')
  const mantissa = text.slice(0, 1) + text.slice(2, e)
  if ((mantissa.charCodeAt(mantissa.length - 1) & 1) === 0) return text
  const up = BigInt(mantissa)
  const exp10 = Number(text.slice(e + 1)) - (mantissa.length - 1)
  view.setFloat32(0, abs)
  const bits = view.getUint32(0)
  const biased = bits >>> 23
  const m = BigInt(biased === 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000)
  const exp2 = (biased === 0 ? 1 : biased) - 150
  // abs == (up - 1/2) * 10^exp10, compared as integers after scaling both sides.
  const left = 2n * m * 2n ** BigInt(Math.max(0, exp2)) * 10n ** BigInt(Math.max(0, -exp10))
  const right = (2n * up - 1n) * 10n ** BigInt(Math.max(0, exp10)) * 2n ** BigInt(Math.max(0, -exp2))
  if (left !== right) return text
  const down = (up - 1n).toString()
  const lower = down.length === mantissa.length ? down.charAt(0) + '.' + down.slice(1) + text.slice(e) : text
  return Math.fround(Number(lower)) === abs ? lower : text
}

/** Java BigDecimal.toString for unscaledValue * 10^-scale (scientific when the exponent is small). */
export function bigDecimalToString (unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n
  const coefficient = (negative ? -unscaled : unscaled).toString()
  const sign = negative ? '-' : ''
  if (scale === 0) return sign + coefficient
  const adjusted = coefficient.length - 1 - scale
  if (scale > 0 && adjusted >= -6) {
    const point = coefficient.length - scale
    if (point > 0) return sign + coefficient.slice(0, point) + '.' + coefficient.slice(point)
    return sign + '0.' + '0'.repeat(-point) + coefficient
  }
  const mantissa = coefficient.length > 1 ? coefficient.charAt(0) + '.' + coefficient.slice(1) : coefficient
  return sign + mantissa + 'E' + (adjusted >= 0 ? '+' : '') + adjusted
}
