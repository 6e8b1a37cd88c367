/**
 * The UTF-8 bytes of one JSON text. Small pieces are joined as a string and encoded at the end, as before. A large
 * string is encoded once, straight into place: the value is written into a 1 MiB slab and handed out as a slice of
 * it, as Buffer's own pool does for small buffers (building the text as one string cost a flattening copy of a large
 * body, a pass to measure it and a fresh buffer). Whether a large string needs escapes is checked on its UTF-8 bytes
 * (json-safe-scan.ts); those that do are escaped as Jackson escapes them (json-text.ts) on their UTF-8 bytes,
 * several times faster than replacing characters in the string.
 */
import { JSON_SAFE_SCAN, jsonSafe } from './json-safe-scan.ts'
import { hasControlOrSurrogate, jsonString } from './json-text.ts'

/** Strings shorter than this are joined as text; longer ones are written into the buffer. */
const LARGE_STRING = 4096
/** Values are handed out as slices of buffers of this size (or twice an outsized value's), as Buffer's own pool does. */
const SLAB_BYTES = 1024 * 1024
/** A staging buffer grown past this for one outsized string is let go afterwards, not kept for the next ones. */
const KEPT_BYTES = 4 * 1024 * 1024
// UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for two units).
const MAX_BYTES_PER_UNIT = 3
// The longest escape of one byte: \u00XX for a control character.
const MAX_ESCAPE_BYTES = 6
const QUOTE = 0x22
const BACKSLASH = 0x5c
const U = 0x75
const HEX = Buffer.from('0123456789ABCDEF', 'latin1')

/** The escape Jackson writes for each C0 control: the short forms JSON has, else \u00XX (upper-case hex). */
const CONTROL_ESCAPES: readonly Buffer[] = Array.from({ length: 0x20 }, (_, c) => {
  const short: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' }
  return Buffer.from(short[c] ?? '\\u00' + c.toString(16).toUpperCase().padStart(2, '0'), 'latin1')
})
/** In well-formed UTF-8, the lead byte of a 4-byte sequence: an astral character, which Jackson writes as two escaped surrogates. */
const ASTRAL_LEAD = 0xf0

export class JsonBytes {
  /** Whether large strings are checked for escapes on their bytes (json-safe-scan.ts); tests turn it off. */
  readonly #scan: boolean
  #buffer = Buffer.allocUnsafeSlow(0)
  /** Where the value being written starts in #buffer; what is before it was handed out by take(). */
  #start = 0
  #length = 0
  /** Text not yet encoded into #buffer. */
  #pending = ''
  /** The UTF-8 of a string that needs escapes, before they are put in. */
  #staging = Buffer.allocUnsafeSlow(0)

  /** `scan`: false takes the path of Node builds without WebAssembly SIMD (for tests). */
  constructor (scan = JSON_SAFE_SCAN) {
    this.#scan = scan && JSON_SAFE_SCAN
  }

  /** Appends JSON text that is already escaped (keys, numbers, literals, nested values). */
  text (json: string): void {
    this.#pending += json
  }

  /** Appends `s` as a JSON string literal, escaped exactly as Jackson writes it (jsonString in json-text.ts). */
  string (s: string): void {
    if (s.length < LARGE_STRING) {
      this.#pending += jsonString(s)
      return
    }
    this.#flush()
    if (!this.#scan) {
      this.#stringWithoutScan(s)
      return
    }
    // The UTF-8 goes straight into place, after room for the opening quote; the scan says whether it needs escapes.
    this.#reserve(s.length * MAX_BYTES_PER_UNIT + 2, s, 2)
    const from = this.#length + 1
    const n = this.#buffer.write(s, from, 'utf8')
    // Only ASCII when as many bytes as characters; otherwise a lone surrogate would have become U+FFFD's bytes,
    // where Jackson escapes it as it is.
    if (n !== s.length && !s.isWellFormed()) {
      this.#pending += jsonString(s)
      return
    }
    if (jsonSafe(this.#buffer, from, from + n) === true) {
      this.#buffer[this.#length] = QUOTE
      this.#buffer[from + n] = QUOTE
      this.#length = from + n + 1
      return
    }
    // Escapes needed (a JSON body, say): from a copy of those bytes, since the escaped text takes their place.
    if (this.#staging.length < n) this.#staging = Buffer.allocUnsafeSlow(n)
    this.#buffer.copy(this.#staging, 0, from, from + n)
    this.#escapeStaged(n)
  }

  /** The path for Node builds without WebAssembly SIMD: what needs escapes is found on the string. */
  #stringWithoutScan (s: string): void {
    if (!hasControlOrSurrogate(s) && !s.includes('"') && !s.includes('\\')) {
      this.#reserve(s.length * MAX_BYTES_PER_UNIT + 2, s, 2)
      const buffer = this.#buffer
      buffer[this.#length++] = QUOTE
      this.#length += buffer.write(s, this.#length, 'utf8')
      buffer[this.#length++] = QUOTE
    } else if (s.isWellFormed()) {
      this.#escapeStaged(this.#stage(s))
    } else {
      this.#pending += jsonString(s)
    }
  }

  /** The bytes of the text written since the last take() (a slice of the slab, or a Buffer of their own); starts the next text. */
  take (): Buffer {
    if (this.#length === this.#start) {
      const out = Buffer.from(this.#pending, 'utf8')
      this.#pending = ''
      return out
    }
    this.#flush()
    const out = this.#buffer.subarray(this.#start, this.#length)
    this.#start = this.#length
    if (this.#staging.length > KEPT_BYTES) this.#staging = Buffer.allocUnsafeSlow(0)
    return out
  }

  /** Drops what was written since the last take() (a conversion that failed half way). */
  reset (): void {
    this.#length = this.#start
    this.#pending = ''
  }

  /** Encodes the pending text into the buffer. */
  #flush (): void {
    const text = this.#pending
    if (text === '') return
    this.#reserve(text.length * MAX_BYTES_PER_UNIT, text)
    this.#length += this.#buffer.write(text, this.#length, 'utf8')
    this.#pending = ''
  }

  /** The UTF-8 of `s` in the staging buffer; its length. */
  #stage (s: string): number {
    if (this.#staging.length < s.length * MAX_BYTES_PER_UNIT) this.#staging = Buffer.allocUnsafeSlow(s.length * MAX_BYTES_PER_UNIT)
    return this.#staging.write(s, 0, 'utf8')
  }

  /**
   * Writes the `n` staged bytes (well-formed UTF-8) quoted and escaped. Most strings that need escapes have only
   * quotes and backslashes (JSON bodies): those take one pass; one with a control or an astral character is written
   * again from the start by the slower pass that escapes those too.
   */
  #escapeStaged (n: number): void {
    this.#reserve(n * 2 + 2)
    this.#buffer[this.#length] = QUOTE
    const end = copyBackslashed(this.#staging, n, this.#buffer, this.#length + 1)
    if (end < 0) {
      this.#escaped(n)
      return
    }
    this.#buffer[end] = QUOTE
    this.#length = end + 1
  }

  /** The `n` staged bytes (well-formed UTF-8, with controls or astral characters to escape), byte by byte. */
  #escaped (n: number): void {
    this.#reserve(n * MAX_ESCAPE_BYTES + 2)
    const staged = this.#staging
    const out = this.#buffer
    let at = this.#length
    out[at++] = QUOTE
    for (let i = 0; i < n; i++) {
      const c = staged[i]!
      if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH && c < ASTRAL_LEAD) {
        out[at++] = c
      } else if (c === QUOTE || c === BACKSLASH) {
        out[at++] = BACKSLASH
        out[at++] = c
      } else if (c < 0x20) {
        const escape = CONTROL_ESCAPES[c]!
        for (let k = 0; k < escape.length; k++) out[at++] = escape[k]!
      } else {
        // Jackson writes an astral character as its two surrogates, each escaped: 😀 -> \uD83D\uDE00.
        const point = ((c & 0x07) << 18) | ((staged[i + 1]! & 0x3f) << 12) | ((staged[i + 2]! & 0x3f) << 6) | (staged[i + 3]! & 0x3f)
        at = writeUnicodeEscape(out, at, 0xd800 + ((point - 0x10000) >> 10))
        at = writeUnicodeEscape(out, at, 0xdc00 + ((point - 0x10000) & 0x3ff))
        i += 3
      }
    }
    out[at++] = QUOTE
    this.#length = at
  }

  /**
   * Makes room for `bound` more bytes; when `s` is given and the bound does not fit, for its exact UTF-8 length
   * (plus `extra`) instead, so a large string does not grow the buffer to three times its size.
   */
  #reserve (bound: number, s?: string, extra = 0): void {
    const free = this.#buffer.length - this.#length
    if (bound <= free) return
    const needed = s === undefined ? bound : Buffer.byteLength(s, 'utf8') + extra
    if (needed <= free) return
    const written = this.#length - this.#start
    const grown = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, 2 * (written + needed)))
    this.#buffer.copy(grown, 0, this.#start, this.#length)
    this.#buffer = grown
    this.#start = 0
    this.#length = written
  }
}

/**
 * Copies `n` bytes of `from` to `to` at `at` with a backslash before each quote and backslash; returns the end, or -1
 * at the first byte escaped otherwise (a control, the lead byte of an astral character).
 */
function copyBackslashed (from: Uint8Array, n: number, to: Uint8Array, at: number): number {
  for (let i = 0; i < n; i++) {
    const c = from[i]!
    if (c === QUOTE || c === BACKSLASH) to[at++] = BACKSLASH
    else if (c < 0x20 || c >= ASTRAL_LEAD) return -1
    to[at++] = c
  }
  return at
}

/** Writes \uXXXX (upper-case hex) for a UTF-16 code unit at `at`; returns the end. */
function writeUnicodeEscape (out: Buffer, at: number, unit: number): number {
  out[at] = BACKSLASH
  out[at + 1] = U
  out[at + 2] = HEX[unit >> 12]!
  out[at + 3] = HEX[(unit >> 8) & 15]!
  out[at + 4] = HEX[(unit >> 4) & 15]!
  out[at + 5] = HEX[unit & 15]!
  return at + 6
}
