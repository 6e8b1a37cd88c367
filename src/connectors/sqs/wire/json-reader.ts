/**
 * JSON.parse for SQS's answers, whose bytes are mostly a few long strings (the message bodies). A long string
 * without escapes is taken as a slice of the answer's text: V8 shares the characters instead of copying them, and
 * the garbage collector does not move 64 KiB bodies around the young generation either; its position is reported to
 * `onLongString`, so that a caller can reach the string's bytes in the answer (the MD5 check of bodies). Short
 * strings, strings with escapes, numbers and literals are read by JSON.parse itself (so a short string, which may be
 * kept long, does not hold on to the whole answer), and anything this reader does not expect is handed to JSON.parse
 * whole, so values and errors are JSON.parse's.
 *
 * One leniency: a raw control character inside a long string (invalid JSON, which no SQS implementation writes) is
 * kept where JSON.parse would throw; finding one would take a scan of every body.
 */

/** Strings at least this long, without escapes, are slices of the text and reported to `onLongString`. */
export const LONG_STRING = 1024

/** Called for each long string without escapes: where it is in the text, and what holds it under which key. */
export type LongStringListener = (holder: object, key: string | number, start: number, end: number) => void

/** Escaped quotes in one string beyond which the whole text goes to JSON.parse (see Reader.string). */
const MAX_ESCAPED_QUOTES = 16
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
/** Thrown to give up on the fast path; JSON.parse then reads the text (and throws its own error if it is invalid). */
const NOT_HANDLED = Symbol('not handled by the fast reader')

/** The value of `text` as JSON.parse gives it (see the module comment for the one leniency). */
export function readJson (text: string, onLongString?: LongStringListener): unknown {
  try {
    const reader = new Reader(text, onLongString)
    const value = reader.value(undefined, 0)
    reader.skipSpace()
    if (reader.at !== text.length) throw NOT_HANDLED
    return value
  } catch {
    // Not handled here, or invalid (a slice that JSON.parse refused, too deep): JSON.parse's value or error.
    return JSON.parse(text)
  }
}

class Reader {
  readonly #text: string
  readonly #onLongString: LongStringListener | undefined
  at = 0
  /** The first backslash at or after #backslashFrom (-1: none), found once per stretch so the text is scanned once. */
  #backslash = -1
  #backslashFrom = Infinity

  constructor (text: string, onLongString: LongStringListener | undefined) {
    this.#text = text
    this.#onLongString = onLongString
  }

  skipSpace (): void {
    const text = this.#text
    for (;;) {
      const c = text.charCodeAt(this.at)
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return
      this.at++
    }
  }

  /** The value at the current position; `holder` and `key` say where it goes (for onLongString). */
  value (holder: object | undefined, key: string | number): unknown {
    this.skipSpace()
    const text = this.#text
    const c = text.charCodeAt(this.at)
    if (c === 0x22) return this.string(holder, key)
    if (c === 0x7b) return this.object()
    if (c === 0x5b) return this.array()
    if (text.startsWith('true', this.at)) { this.at += 4; return true }
    if (text.startsWith('false', this.at)) { this.at += 5; return false }
    if (text.startsWith('null', this.at)) { this.at += 4; return null }
    NUMBER.lastIndex = this.at
    const number = NUMBER.exec(text)
    if (number === null) throw NOT_HANDLED
    this.at += number[0].length
    return Number(number[0])
  }

  object (): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const text = this.#text
    this.at++
    this.skipSpace()
    if (text.charCodeAt(this.at) === 0x7d) { this.at++; return out }
    for (;;) {
      this.skipSpace()
      if (text.charCodeAt(this.at) !== 0x22) throw NOT_HANDLED
      const key = this.string(undefined, '')
      this.skipSpace()
      if (text.charCodeAt(this.at) !== 0x3a) throw NOT_HANDLED
      this.at++
      // JSON.parse makes "__proto__" an own property; an assignment would set the prototype.
      if (key === '__proto__') throw NOT_HANDLED
      out[key] = this.value(out, key)
      this.skipSpace()
      const next = text.charCodeAt(this.at++)
      if (next === 0x7d) return out
      if (next !== 0x2c) throw NOT_HANDLED
    }
  }

  array (): unknown[] {
    const out: unknown[] = []
    const text = this.#text
    this.at++
    this.skipSpace()
    if (text.charCodeAt(this.at) === 0x5d) { this.at++; return out }
    for (;;) {
      out.push(this.value(out, out.length))
      this.skipSpace()
      const next = text.charCodeAt(this.at++)
      if (next === 0x5d) return out
      if (next !== 0x2c) throw NOT_HANDLED
    }
  }

  /** The string whose opening quote is at the current position. */
  string (holder: object | undefined, key: string | number): string {
    const text = this.#text
    const start = this.at + 1
    const close = text.indexOf('"', start)
    if (close < 0) throw NOT_HANDLED
    if (start < this.#backslashFrom || (this.#backslash >= 0 && this.#backslash < start)) {
      this.#backslash = text.indexOf('\\', start)
      this.#backslashFrom = start
    }
    const backslash = this.#backslash
    if ((backslash < 0 || backslash > close) && close - start >= LONG_STRING) {
      this.at = close + 1
      if (holder !== undefined) this.#onLongString?.(holder, key, start, close)
      return text.slice(start, close)
    }
    // Find the quote that is not escaped (preceded by an even number of backslashes); JSON.parse decodes. A string
    // with many escaped quotes (a JSON body) is left to JSON.parse with the whole text: it finds the end much faster.
    let end = close
    for (let escaped = 0; ; escaped++) {
      let backslashes = 0
      while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++
      if (backslashes % 2 === 0) break
      end = text.indexOf('"', end + 1)
      if (end < 0 || escaped === MAX_ESCAPED_QUOTES) throw NOT_HANDLED
    }
    this.at = end + 1
    return JSON.parse(text.slice(start - 1, end + 1)) as string
  }
}
