import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JSON_SAFE_SCAN, jsonSafe } from '../../../src/connect/converters/json-safe-scan.ts'

/** The rule, one byte at a time: controls, quote, backslash and 4-byte lead bytes need escaping. */
function reference (bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0xf0) return false
  }
  return true
}

const SPECIAL = [0x00, 0x01, 0x0a, 0x1f, 0x22, 0x5c, 0xf0, 0xf4, 0xff]
const HARMLESS = [0x20, 0x21, 0x23, 0x2f, 0x5b, 0x5d, 0x7e, 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xef]

test('Node.js here has WebAssembly SIMD, so the scan is used', () => {
  assert.equal(JSON_SAFE_SCAN, true)
})

test('each special byte is found at every position of short ranges and around 16-byte and 64 KiB boundaries', () => {
  for (const length of [1, 2, 15, 16, 17, 31, 32, 33, 100, 65535, 65536, 65537, 131073]) {
    const positions = new Set([0, 1, 14, 15, 16, 17, length - 17, length - 16, length - 1, 65535, 65536, 65537].filter((p) => p >= 0 && p < length))
    for (const special of SPECIAL) {
      for (const at of positions) {
        const bytes = Buffer.alloc(length, 0x78)
        bytes[at] = special
        assert.equal(jsonSafe(bytes, 0, length), false, `byte ${special} at ${at} of ${length}`)
      }
    }
    assert.equal(jsonSafe(Buffer.alloc(length, 0x78), 0, length), true, `plain ${length}`)
  }
})

test('only the range asked about counts, at any offset', () => {
  const bytes = Buffer.alloc(200, 0x61)
  bytes[3] = 0x22
  bytes[150] = 0x0a
  assert.equal(jsonSafe(bytes, 4, 150), true)
  assert.equal(jsonSafe(bytes, 3, 150), false)
  assert.equal(jsonSafe(bytes, 4, 151), false)
  assert.equal(jsonSafe(bytes, 10, 10), true)
})

test('random ranges agree with the byte-by-byte rule', () => {
  let seed = 7
  const next = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed }
  for (let round = 0; round < 3000; round++) {
    const length = round % 100 === 0 ? 70_000 + (next() % 1000) : next() % 300
    const bytes = Buffer.alloc(length)
    for (let i = 0; i < length; i++) bytes[i] = HARMLESS[next() % HARMLESS.length]!
    if (length > 0 && next() % 2 === 0) bytes[next() % length] = SPECIAL[next() % SPECIAL.length]!
    const start = length > 0 ? next() % (length + 1) : 0
    assert.equal(jsonSafe(bytes, start, length), reference(bytes, start, length), `round ${round}`)
  }
})
