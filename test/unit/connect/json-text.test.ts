import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeJava, javaCharset, javaUtf8, jsonString } from '../../../src/connect/converters/json-text.ts'

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

test('every C0 control is escaped, short forms where JSON has them, upper-case hex otherwise', () => {
  const all = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')
  const expected = Array.from({ length: 32 }, (_, i) => ({ 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' } as Record<number, string>)[i] ??
    '\\u00' + i.toString(16).toUpperCase().padStart(2, '0')).join('')
  assert.equal(jsonString(all), '"' + expected + '"')
  assert.equal(jsonString('\u001f'), '"\\u001F"')
})

test('surrogates are escaped one by one, paired or lone; / U+2028 U+2029 DEL stay raw', () => {
  assert.equal(jsonString('😀'), '"\\uD83D\\uDE00"')
  assert.equal(jsonString('a\udc00b\ud800'), '"a\\uDC00b\\uD800"')
  assert.equal(jsonString('/\u2028\u2029\u007f'), '"/\u2028\u2029\u007f"')
  assert.equal(jsonString('say "hi" \\'), '"say \\"hi\\" \\\\"')
  assert.equal(jsonString('日本'), '"日本"')
})

test('Java UTF-8 turns a lone surrogate into ?, keeps pairs', () => {
  assert.equal(hex(javaUtf8('a\ud800b')), '613f62')
  assert.equal(hex(javaUtf8('\ude00\ud83d')), '3f3f')
  assert.equal(hex(javaUtf8('😀')), 'f09f9880')
})

test('charsets resolve by Java name or alias and replace what they cannot encode', () => {
  assert.equal(javaCharset('utf8'), 'UTF-8')
  assert.equal(javaCharset('latin1'), 'ISO-8859-1')
  assert.equal(javaCharset('EBCDIC-nope'), undefined)
  assert.equal(hex(encodeJava('é😀', 'ISO-8859-1')), 'e93f')
  assert.equal(hex(encodeJava('é', 'US-ASCII')), '3f')
  assert.equal(hex(encodeJava('a\ud800', 'UTF-16')), 'feff0061fffd')
  assert.equal(hex(encodeJava('a', 'UTF-16LE')), '6100')
})
