/**
 * The digit generation of java.lang.Double.toString / Float.toString as JDK 8 to 18 do it
 * (jdk.internal.math.FloatingDecimal, a Steele & White style generator). It is NOT the shortest
 * representation: JDK 17 prints 1.0E23 as 9.999999999999999E22 and the float 1.13132703E18 with
 * nine digits. Connect workers on JDK 17 write these digits, so byte-identical JSON must reproduce
 * the algorithm's quirks, including Java int/long overflow in its fast paths (emulated below).
 */

/** Decimal digits (no leading or trailing sign) and the exponent e such that value = 0.d1d2... * 10^e. */
export interface DecimalDigits {
  readonly digits: string
  readonly decExponent: number
}

const EXP_SHIFT = 52
const TWO_52 = 2 ** 52
// Ceil(log2(5^i)), as the JDK approximates it to choose int, long or big-integer arithmetic.
const N_5_BITS = [0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56, 59, 61]
// Number of decimal digits of 2^i that are below its precision (insignificantDigits(1L << i)).
const INSIGNIFICANT_DIGITS = [
  0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9,
  10, 10, 10, 11, 11, 11, 12, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19
]
const SMALL_5_POW = Array.from({ length: 14 }, (_, i) => 5 ** i)
const LONG_5_POW = Array.from({ length: 27 }, (_, i) => 5n ** BigInt(i))

const scratch = new DataView(new ArrayBuffer(8))

function wrap64 (x: bigint): bigint {
  return BigInt.asIntN(64, x)
}

function trailingZeros (x: number): number {
  let n = 0
  while (x % 2 === 0) { x /= 2; n++ }
  return n
}

/** floor(log10(value)) estimated exactly as FloatingDecimal.estimateDecExp does (it may be one too high). */
function estimateDecExp (fractBits: number, binExp: number): number {
  const mantissa = fractBits - TWO_52 // drop the hidden bit; below 2^52
  scratch.setUint32(0, 0x3ff00000 + Math.floor(mantissa / 2 ** 32))
  scratch.setUint32(4, mantissa % 2 ** 32)
  const d2 = scratch.getFloat64(0)
  return Math.floor((d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981)
}

/** The easy case: an integer below 2^63, printed from its digits with the low insignificant ones rounded away. */
function developLongDigits (lvalue: bigint, insignificant: number): DecimalDigits {
  let exponent = 0
  if (insignificant !== 0) {
    const pow10 = 10n ** BigInt(insignificant)
    const residue = lvalue % pow10
    lvalue /= pow10
    exponent += insignificant
    if (residue >= pow10 >> 1n) lvalue++
  }
  const text = lvalue.toString()
  return { digits: stripTrailingZeros(text), decExponent: text.length + exponent }
}

function stripTrailingZeros (text: string): string {
  let end = text.length
  while (end > 1 && text.charCodeAt(end - 1) === 48) end--
  return text.slice(0, end)
}

interface Generated {
  digits: number[]
  decExp: number
  low: boolean
  high: boolean
  /** sign of (2 * remainder - 10 * S), only meaningful when low && high. */
  lowDigitDifference: number
}

/** True when the Java spec needs a second digit: E-form always prints one digit after the point. */
function forcesSecondDigit (decExp: number): boolean {
  return decExp < -3 || decExp >= 8
}

/** FloatingDecimal's "all ints" path, with Java's 32-bit wrap-around. */
function generateInt (fractBits: number, b5: number, b2: number, s5: number, s2: number, m5: number, m2: number, decExp: number): Generated {
  let b = Math.imul(fractBits | 0, SMALL_5_POW[b5] ?? 0) << b2
  const s = (SMALL_5_POW[s5] ?? 0) << s2
  let m = (SMALL_5_POW[m5] ?? 0) << m2
  const tens = Math.imul(s, 10)
  const digits: number[] = []
  let q = (b / s) | 0
  b = Math.imul(10, b % s)
  m = Math.imul(m, 10)
  let low = b < m
  let high = ((b + m) | 0) > tens
  if (q === 0 && !high) decExp--
  else digits.push(q)
  if (forcesSecondDigit(decExp)) high = low = false
  while (!low && !high) {
    q = (b / s) | 0
    b = Math.imul(10, b % s)
    m = Math.imul(m, 10)
    if (m > 0) {
      low = b < m
      high = ((b + m) | 0) > tens
    } else {
      low = high = true // m overflowed, as the JDK notes
    }
    digits.push(q)
  }
  return { digits, decExp, low, high, lowDigitDifference: Math.sign(((b << 1) - tens) | 0) }
}

/** FloatingDecimal's "all longs" path, with Java's 64-bit wrap-around. */
function generateLong (fractBits: bigint, b5: number, b2: number, s5: number, s2: number, m5: number, m2: number, decExp: number): Generated {
  let b = wrap64(wrap64(fractBits * (LONG_5_POW[b5] ?? 0n)) << BigInt(b2))
  const s = wrap64((LONG_5_POW[s5] ?? 0n) << BigInt(s2))
  let m = wrap64((LONG_5_POW[m5] ?? 0n) << BigInt(m2))
  const tens = wrap64(s * 10n)
  const digits: number[] = []
  let q = Number(b / s)
  b = wrap64(10n * (b % s))
  m = wrap64(m * 10n)
  let low = b < m
  let high = wrap64(b + m) > tens
  if (q === 0 && !high) decExp--
  else digits.push(q)
  if (forcesSecondDigit(decExp)) high = low = false
  while (!low && !high) {
    q = Number(b / s)
    b = wrap64(10n * (b % s))
    m = wrap64(m * 10n)
    if (m > 0n) {
      low = b < m
      high = wrap64(b + m) > tens
    } else {
      low = high = true
    }
    digits.push(q)
  }
  const diff = wrap64((b << 1n) - tens)
  return { digits, decExp, low, high, lowDigitDifference: diff === 0n ? 0 : diff > 0n ? 1 : -1 }
}

/** FloatingDecimal's big-integer path; note its "high" test is >= where the small paths use >. */
function generateBig (fractBits: bigint, b5: number, b2: number, s5: number, s2: number, m5: number, m2: number, decExp: number): Generated {
  let b = fractBits * 5n ** BigInt(b5) << BigInt(b2)
  const s = 5n ** BigInt(s5) << BigInt(s2)
  let m = 5n ** BigInt(m5 + 1) << BigInt(m2 + 1) // ten times M, as the first iteration needs
  const tens = s * 10n
  const digits: number[] = []
  let q = Number(b / s)
  b = (b % s) * 10n
  let low = b < m
  let high = tens <= b + m
  if (q === 0 && !high) decExp--
  else digits.push(q)
  if (forcesSecondDigit(decExp)) high = low = false
  while (!low && !high) {
    q = Number(b / s)
    b = (b % s) * 10n
    m *= 10n
    low = b < m
    high = tens <= b + m
    digits.push(q)
  }
  let lowDigitDifference = 0
  if (high && low) {
    const diff = (b << 1n) - tens
    lowDigitDifference = diff === 0n ? 0 : diff > 0n ? 1 : -1
  }
  return { digits, decExp, low, high, lowDigitDifference }
}

/** Adds one to the last digit; a carry out of all nines becomes 1 with a larger exponent (digits keep their count). */
function roundUp (digits: number[], decExponent: number): number {
  let i = digits.length - 1
  while (digits[i] === 9 && i > 0) digits[i--] = 0
  if (digits[i] === 9) {
    digits[0] = 1
    return decExponent + 1
  }
  digits[i] = (digits[i] ?? 0) + 1
  return decExponent
}

/**
 * Digits of a positive finite value with significand `fractBits` (hidden bit at 2^52, below 2^53),
 * binary exponent `binExp` and `nSignificantBits` bits of precision (53 for double, 24 for float).
 */
export function floatingDecimalDigits (binExp: number, fractBits: number, nSignificantBits: number): DecimalDigits {
  const tailZeros = trailingZeros(fractBits)
  const nFractBits = EXP_SHIFT + 1 - tailZeros
  const nTinyBits = Math.max(0, nFractBits - binExp - 1)
  if (nTinyBits === 0 && binExp <= 62 && binExp >= -21) {
    // An integer below 2^63: exact digits, minus those finer than the value's precision.
    const insignificant = binExp > nSignificantBits ? (INSIGNIFICANT_DIGITS[binExp - nSignificantBits - 1] ?? 0) : 0
    if (insignificant === 0 && binExp < EXP_SHIFT) {
      const text = String(fractBits / 2 ** (EXP_SHIFT - binExp))
      return { digits: stripTrailingZeros(text), decExponent: text.length }
    }
    return developLongDigits(BigInt(fractBits) << BigInt(binExp) >> BigInt(EXP_SHIFT), insignificant)
  }
  const decExp = estimateDecExp(fractBits, binExp)
  const b5 = Math.max(0, -decExp)
  const s5 = Math.max(0, decExp)
  let b2 = b5 + nTinyBits + binExp - (nFractBits - 1)
  let s2 = s5 + nTinyBits
  let m2 = b5 + nTinyBits + binExp - nSignificantBits
  const common2 = Math.min(b2, s2)
  b2 -= common2
  s2 -= common2
  m2 -= common2
  // The next smaller value is only half an ulp away below an exact power of two.
  if (nFractBits === 1) m2 -= 1
  if (m2 < 0) {
    b2 -= m2
    s2 -= m2
    m2 = 0
  }
  const bits = fractBits / 2 ** tailZeros
  const bBits = nFractBits + b2 + (b5 < N_5_BITS.length ? (N_5_BITS[b5] ?? 0) : b5 * 3)
  const tenSBits = s2 + 1 + (s5 + 1 < N_5_BITS.length ? (N_5_BITS[s5 + 1] ?? 0) : (s5 + 1) * 3)
  let g: Generated
  if (bBits < 32 && tenSBits < 32) g = generateInt(bits, b5, b2, s5, s2, b5, m2, decExp)
  else if (bBits < 64 && tenSBits < 64) g = generateLong(BigInt(bits), b5, b2, s5, s2, b5, m2, decExp)
  else g = generateBig(BigInt(bits), b5, b2, s5, s2, b5, m2, decExp)
  let decExponent = g.decExp + 1
  if (g.high) {
    const last = g.digits[g.digits.length - 1] ?? 0
    if (!g.low || g.lowDigitDifference > 0 || (g.lowDigitDifference === 0 && (last & 1) !== 0)) {
      decExponent = roundUp(g.digits, decExponent)
    }
  }
  return { digits: g.digits.join(''), decExponent }
}

/** Lays out digits as Double.toString does: plain for 10^-3 <= |v| < 10^7, otherwise d.dddE±n. */
export function javaLayout (negative: boolean, d: DecimalDigits): string {
  const { digits, decExponent } = d
  const sign = negative ? '-' : ''
  const n = digits.length
  if (decExponent > 0 && decExponent < 8) {
    if (n <= decExponent) return sign + digits + '0'.repeat(decExponent - n) + '.0'
    return sign + digits.slice(0, decExponent) + '.' + digits.slice(decExponent)
  }
  if (decExponent <= 0 && decExponent > -3) return sign + '0.' + '0'.repeat(-decExponent) + digits
  const fraction = n > 1 ? digits.slice(1) : '0'
  return sign + digits.charAt(0) + '.' + fraction + 'E' + (decExponent - 1)
}
