import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JsonBytes } from '../../../src/connect/converters/json-bytes.ts'
import { jsonString } from '../../../src/connect/converters/json-text.ts'

/** The bytes the string path of JsonConverter wrote before json-bytes.ts: the escaped text, then UTF-8. */
function expected (s: string): string {
  return Buffer.from(jsonString(s), 'utf8').toString('hex')
}

// Every test runs twice: large strings checked on their bytes (json-safe-scan.ts), and as on Node builds without it.
for (const scan of [true, false]) {
  const suffix = scan ? '' : ' (without the byte scan)'
  const newBytes = (): JsonBytes => new JsonBytes(scan)

  function written (s: string, bytes = newBytes()): string {
    bytes.string(s)
    return bytes.take().toString('hex')
  }

  // Pieces that take every path: plain ASCII, each escape, multi-byte and astral characters, lone surrogates, U+FFFD.
  const PIECES = ['a', 'plain text ', '"', '\\', '\n', '\t', '\b', '\f', '\r', '\u0000', '\u0001', '\u001f', ' ', '/', '\u007f',
    '\u0080', 'é', '日本', '\u2028', '\ufeff', '\ufffd', '\uffff', '😀', '\u{10ffff}', '\ud800', '\udc00', '\ude00\ud83d', '{"k":[1,2]}']

  // Strings from 4096 characters on are written into the buffer byte by byte; shorter ones are joined as text.
  const LONG = 'x'.repeat(4096)

  test('every piece, alone and in a long string, is written as jsonString then UTF-8 writes it' + suffix, () => {
    for (const piece of PIECES) {
      for (const s of [piece, LONG + piece, piece + LONG, piece.repeat(5000)]) assert.equal(written(s), expected(s), JSON.stringify(s.slice(0, 20)))
    }
  })

  test('random mixes, short and beyond the initial buffer, match jsonString byte for byte' + suffix, () => {
    let seed = 42
    const next = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed }
    const bytes = newBytes()
    for (let round = 0; round < 300; round++) {
      const parts: string[] = []
      const count = round % 10 === 0 ? 5000 : next() % 40
      for (let i = 0; i < count; i++) parts.push(PIECES[next() % PIECES.length]!)
      const s = parts.join('')
      assert.equal(written(s, bytes), expected(s), `round ${round}`)
    }
  })

  test('large strings: plain, quotes only, a control at the very end, an astral pair at the end, a lone surrogate in the middle' + suffix, () => {
    const big = 'x'.repeat(300 * 1024)
    for (const s of [big, big.replaceAll('xxxxxxxx', 'xx"xx\\xx'), big + '\u0001', big + '😀', big.slice(0, 1000) + '\ud800' + big.slice(1000),
      'ü'.repeat(100 * 1024), '日'.repeat(100 * 1024) + '"']) {
      assert.equal(written(s), expected(s))
    }
  })

  test('JSON bodies: quotes and backslashes throughout, and a control or astral character met after many of them' + suffix, () => {
    const doc = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ sku: `S-${i}`, path: 'a\\b', qty: i })) })
    for (const s of [doc, doc + '\n', doc.slice(0, 30000) + '\u0007' + doc.slice(30000), doc + '😀"', '😀' + doc, doc.replaceAll('S-', 'é-')]) {
      assert.equal(written(s), expected(s), JSON.stringify(s.slice(-20)))
    }
  })

  test('text and strings follow each other in one value; take() starts the next' + suffix, () => {
    const bytes = newBytes()
    bytes.text('{"a":')
    bytes.string('b"😀')
    bytes.text(',"l":')
    bytes.string(LONG + '😀')
    bytes.text(',"n":1}')
    assert.equal(bytes.take().toString('utf8'), '{"a":"b\\"\\uD83D\\uDE00","l":"' + LONG + '\\uD83D\\uDE00","n":1}')
    bytes.text('[]')
    assert.equal(bytes.take().toString('utf8'), '[]')
    bytes.text('half')
    bytes.reset()
    bytes.string('')
    assert.equal(bytes.take().toString('utf8'), '""')
  })

  test('values handed out stay as they were while later values are written' + suffix, () => {
    const bytes = newBytes()
    const strings = Array.from({ length: 60 }, (_, i) => String(i).repeat(1000 * (1 + (i % 7))) + (i % 3 === 0 ? '"\u0001😀' : ''))
    const values = strings.map((s) => { bytes.text('{"v":'); bytes.string(s); bytes.text('}'); return bytes.take() })
    for (const [i, s] of strings.entries()) assert.equal(values[i]!.toString('hex'), Buffer.from('{"v":' + jsonString(s) + '}', 'utf8').toString('hex'), `value ${i}`)
  })
}
