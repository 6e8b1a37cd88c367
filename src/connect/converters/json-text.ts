/**
 * Text the way Java writes it: Jackson's JSON string escaping (UTF8JsonGenerator defaults) and
 * String.getBytes, which differ from JSON.stringify and Buffer.from in a few characters.
 */

// Jackson's escapes for ASCII: short forms for five controls, \u00XX (upper-case hex) for the other
// controls, and the quote and backslash.
const ASCII_ESCAPES: ReadonlyArray<string | undefined> = Array.from({ length: 0x60 }, (_, c) => {
  switch (c) {
    case 0x08: return '\\b'
    case 0x09: return '\\t'
    case 0x0a: return '\\n'
    case 0x0c: return '\\f'
    case 0x0d: return '\\r'
    case 0x22: return '\\"'
    case 0x5c: return '\\\\'
    default: return c < 0x20 ? '\\u00' + c.toString(16).toUpperCase().padStart(2, '0') : undefined
  }
})
const HEX = '0123456789ABCDEF'

// Beyond quote and backslash, Jackson escapes C0 controls and every UTF-16 surrogate, paired or not.
// `/`, DEL, U+2028 and U+2029 are written raw.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_SURROGATE = /[\u0000-\u001f\ud800-\udfff]/

/** Whether `s` has a character that Jackson escapes as \uXXXX or a short form other than \" and \\: a C0 control or a surrogate. */
export function hasControlOrSurrogate (s: string): boolean {
  return CONTROL_OR_SURROGATE.test(s)
}

/** A JSON string literal, quotes included, escaped exactly as Jackson 2.x writes it. */
export function jsonString (s: string): string {
  if (!CONTROL_OR_SURROGATE.test(s)) {
    // The usual case (JSON bodies): only quotes and backslashes, where replaceAll is fastest.
    let out = s
    if (out.includes('\\')) out = out.replaceAll('\\', '\\\\')
    if (out.includes('"')) out = out.replaceAll('"', '\\"')
    return '"' + out + '"'
  }
  let out = '"'
  let last = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x60) {
      const escape = ASCII_ESCAPES[c]
      if (escape === undefined) continue
      out += s.slice(last, i) + escape
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Each surrogate of an astral character gets its own escape: 😀 -> \uD83D\uDE00.
      out += s.slice(last, i) + '\\u' + HEX.charAt(c >> 12) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15)
    } else {
      continue
    }
    last = i + 1
  }
  return out + s.slice(last) + '"'
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Java String.getBytes(UTF_8): a lone surrogate becomes `?` (0x3F), where Buffer.from writes
 * U+FFFD (EF BF BD).
 */
export function javaUtf8 (s: string): Uint8Array {
  return Buffer.from(LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '?') : s, 'utf8')
}

/**
 * Java's encoders for the charsets StringConverter users pick; every one replaces what it cannot
 * encode with `?`. Keys are canonical names; aliases resolve through `javaCharset`.
 */
const ENCODERS: Readonly<Record<string, (s: string) => Uint8Array>> = {
  'UTF-8': javaUtf8,
  'US-ASCII': (s) => singleByte(s, 0x7f),
  'ISO-8859-1': (s) => singleByte(s, 0xff),
  'UTF-16BE': (s) => utf16(s, false, false),
  'UTF-16LE': (s) => utf16(s, true, false),
  // Java's "UTF-16" encoder writes a big-endian byte order mark first.
  'UTF-16': (s) => utf16(s, false, true)
}

const ALIASES: Readonly<Record<string, string>> = {
  UTF8: 'UTF-8',
  'UNICODE-1-1-UTF-8': 'UTF-8',
  ASCII: 'US-ASCII',
  US_ASCII: 'US-ASCII',
  'ISO646-US': 'US-ASCII',
  ISO8859_1: 'ISO-8859-1',
  'ISO8859-1': 'ISO-8859-1',
  ISO_8859_1: 'ISO-8859-1',
  LATIN1: 'ISO-8859-1',
  L1: 'ISO-8859-1',
  UTF_16BE: 'UTF-16BE',
  UTF_16LE: 'UTF-16LE',
  UTF16: 'UTF-16',
  UTF_16: 'UTF-16'
}

/** The canonical charset name for a Java charset name or alias (case-insensitive), or undefined if not supported. */
export function javaCharset (name: string): string | undefined {
  const upper = name.trim().toUpperCase()
  if (ENCODERS[upper] !== undefined) return upper
  return ALIASES[upper]
}

/** Encodes as Java's String.getBytes(charset) would; `charset` must come from `javaCharset`. */
export function encodeJava (s: string, charset: string): Uint8Array {
  const encoder = ENCODERS[charset] ?? javaUtf8
  return encoder(s)
}

function singleByte (s: string, max: number): Uint8Array {
  const out = new Uint8Array(s.length)
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // A surrogate pair is one unmappable character and gives one `?`.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    out[n++] = c <= max ? c : 0x3f
  }
  return out.subarray(0, n)
}

function utf16 (s: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const clean = LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s
  const offset = bom ? 2 : 0
  const out = new Uint8Array(offset + clean.length * 2)
  const view = new DataView(out.buffer)
  if (bom) view.setUint16(0, 0xfeff, false)
  for (let i = 0; i < clean.length; i++) view.setUint16(offset + i * 2, clean.charCodeAt(i), littleEndian)
  return out
}
