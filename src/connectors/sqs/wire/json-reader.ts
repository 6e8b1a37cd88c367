/**
 * JSON.parse for SQS's answers, read from their bytes. An answer is mostly a few long strings (the message bodies),
 * and decoding it whole first made one string of all of them: with 64 KiB bodies a 640 KiB string, which V8 puts in
 * freshly mapped memory each time, page faults and all. Here each string is decoded from its own bytes (found with
 * indexOf, i.e. memchr), so nothing larger than one body is made; a long string's byte range is reported to
 * `onLongString`, so that a caller can reach its bytes (the MD5 check of bodies). Strings with escapes are decoded by
 * JSON.parse, and anything this reader does not expect (a string with many escaped quotes, such as a JSON body,
 * among them) hands the whole answer to JSON.parse, so values and errors are JSON.parse's.
 *
 * One leniency: a raw control character inside a string (invalid JSON, which no SQS implementation writes) is kept
 * where JSON.parse would throw; finding one would take a scan of every body.
 */

/** Strings without escapes of at least this many bytes are reported to `onLongString`. */
export const LONG_STRING = 1024

/** Called for each long string without escapes: its bytes' range in the answer, and what holds it under which key. */
export type LongStringListener = (holder: object, key: string | number, start: number, end: number) => void

/** Escaped quotes in one string beyond which the whole answer goes to JSON.parse (see Reader.string). */
const MAX_ESCAPED_QUOTES = 16
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const QUOTE = 0x22
const BACKSLASH = 0x5c
const TRUE = Buffer.from('true')
const FALSE = Buffer.from('false')
const NULL = Buffer.from('null')
/** Thrown to give up on the fast path; JSON.parse then reads the answer (and throws its own error if it is invalid). */
const NOT_HANDLED = Symbol('not handled by the fast reader')

/** The value of the UTF-8 JSON text in `bytes`, as JSON.parse gives it (see the module comment for the one leniency). */
export function readJson (bytes: Buffer, onLongString?: LongStringListener): unknown {
  try {
    const reader = new Reader(bytes, onLongString)
    const value = reader.value(undefined, 0)
    reader.skipSpace()
    if (reader.at !== bytes.length) throw NOT_HANDLED
    return value
  } catch {
    // Not handled here, or invalid (a slice that JSON.parse refused, too deep): JSON.parse's value or error.
    return JSON.parse(bytes.toString('utf8'))
  }
}

class Reader {
  readonly #bytes: Buffer
  readonly #onLongString: LongStringListener | undefined
  at = 0
  /** The first backslash at or after #backslashFrom (-1: none), found once per stretch so the answer is scanned once. */
  #backslash = -1
  #backslashFrom = Infinity

  constructor (bytes: Buffer, onLongString: LongStringListener | undefined) {
    this.#bytes = bytes
    this.#onLongString = onLongString
  }

  skipSpace (): void {
    const bytes = this.#bytes
    for (;;) {
      const c = bytes[this.at]
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return
      this.at++
    }
  }

  /** The value at the current position; `holder` and `key` say where it goes (for onLongString). */
  value (holder: object | undefined, key: string | number): unknown {
    this.skipSpace()
    const c = this.#bytes[this.at]
    if (c === QUOTE) return this.string(holder, key)
    if (c === 0x7b) return this.object()
    if (c === 0x5b) return this.array()
    if (this.#literal(TRUE)) return true
    if (this.#literal(FALSE)) return false
    if (this.#literal(NULL)) return null
    return this.#number()
  }

  object (): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const bytes = this.#bytes
    this.at++
    this.skipSpace()
    if (bytes[this.at] === 0x7d) { this.at++; return out }
    for (;;) {
      this.skipSpace()
      if (bytes[this.at] !== QUOTE) throw NOT_HANDLED
      const key = this.string(undefined, '')
      this.skipSpace()
      if (bytes[this.at] !== 0x3a) throw NOT_HANDLED
      this.at++
      // JSON.parse makes "__proto__" an own property; an assignment would set the prototype.
      if (key === '__proto__') throw NOT_HANDLED
      out[key] = this.value(out, key)
      this.skipSpace()
      const next = bytes[this.at++]
      if (next === 0x7d) return out
      if (next !== 0x2c) throw NOT_HANDLED
    }
  }

  array (): unknown[] {
    const out: unknown[] = []
    const bytes = this.#bytes
    this.at++
    this.skipSpace()
    if (bytes[this.at] === 0x5d) { this.at++; return out }
    for (;;) {
      out.push(this.value(out, out.length))
      this.skipSpace()
      const next = bytes[this.at++]
      if (next === 0x5d) return out
      if (next !== 0x2c) throw NOT_HANDLED
    }
  }

  /** The string whose opening quote is at the current position. */
  string (holder: object | undefined, key: string | number): string {
    const bytes = this.#bytes
    const start = this.at + 1
    const close = bytes.indexOf(QUOTE, start)
    if (close < 0) throw NOT_HANDLED
    if (start < this.#backslashFrom || (this.#backslash >= 0 && this.#backslash < start)) {
      this.#backslash = bytes.indexOf(BACKSLASH, start)
      this.#backslashFrom = start
    }
    const backslash = this.#backslash
    if (backslash < 0 || backslash > close) {
      this.at = close + 1
      if (holder !== undefined && close - start >= LONG_STRING) this.#onLongString?.(holder, key, start, close)
      return bytes.toString('utf8', start, close)
    }
    // Find the quote that is not escaped (preceded by an even number of backslashes); JSON.parse decodes. A string
    // with many escaped quotes (a JSON body) is left to JSON.parse with the whole answer: it finds the end much faster.
    let end = close
    for (let escaped = 0; ; escaped++) {
      let backslashes = 0
      while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++
      if (backslashes % 2 === 0) break
      end = bytes.indexOf(QUOTE, end + 1)
      if (end < 0 || escaped === MAX_ESCAPED_QUOTES) throw NOT_HANDLED
    }
    this.at = end + 1
    return JSON.parse(bytes.toString('utf8', start - 1, end + 1)) as string
  }

  /** Whether `word` is at the current position (then it is passed). */
  #literal (word: Uint8Array): boolean {
    const bytes = this.#bytes
    for (let i = 0; i < word.length; i++) if (bytes[this.at + i] !== word[i]) return false
    this.at += word.length
    return true
  }

  #number (): number {
    const bytes = this.#bytes
    const start = this.at
    for (;;) {
      const c = bytes[this.at]
      // Digits, sign, decimal point, exponent: the grammar is checked on the text below.
      if (c === undefined || !((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45)) break
      this.at++
    }
    const text = bytes.toString('latin1', start, this.at)
    if (!NUMBER.test(text)) throw NOT_HANDLED
    return Number(text)
  }
}
