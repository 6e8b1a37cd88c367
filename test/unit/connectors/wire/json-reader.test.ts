/** json-reader.ts against JSON.parse: the same values for valid JSON, JSON.parse's own errors for the rest. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LONG_STRING, readJson } from '../../../../src/connectors/sqs/wire/json-reader.ts'

const LONG = 'b'.repeat(LONG_STRING)

const VALID = [
  '{}', '[]', '""', '0', '-0', '1.5e-7', '-12.25E+3', 'true', 'false', 'null', ' \n\t\r{ "a" : [ 1 , 2 ] } \n',
  JSON.stringify({ Messages: [{ MessageId: 'm', Body: LONG, Attributes: { SentTimestamp: '1795610860803' } }] }),
  JSON.stringify({ s: 'short "quoted" \\ and \n', u: 'é日😀\ud800', long: LONG + '"' + LONG, e: '\\'.repeat(40) + '"'.repeat(40) }),
  JSON.stringify({ a: 1, b: { a: 2 }, c: [LONG, [LONG, { d: LONG }], ''] }),
  '{"dup":1,"other":2,"dup":3}', '{"2":"x","1":"y","b":"z"}', '{"__proto__":{"polluted":true},"k":1}',
  JSON.stringify({ deep: Array.from({ length: 50 }).reduce<unknown>((inner) => [inner], LONG) }),
  '[1e308,5e-324,123456789012345678901234567890,0.1,-1,1E400]'
]

test('valid JSON reads as JSON.parse reads it', () => {
  for (const text of VALID) {
    const ours = readJson(Buffer.from(text)) as Record<string, unknown>
    assert.deepStrictEqual(ours, JSON.parse(text), text.slice(0, 80))
    if (text.includes('__proto__')) assert.equal(Object.getPrototypeOf(ours), Object.prototype)
  }
})

test('invalid JSON throws JSON.parse\'s own SyntaxError', () => {
  for (const text of ['', '{', '{"a":}', '{"a" 1}', '[1,]', '{"a":1,}', 'tru', 'nul', '01', '1.', '.5', '-', '"\\x"', `"${LONG}`,
    `{"a":"${LONG}"}x`, '{"a":"\\"}', '<html>Bad Gateway</html>', '[1] [2]', '{"a":1;"b":2}', '[1;2]']) {
    let expected: unknown
    try { JSON.parse(text) } catch (error) { expected = error }
    assert.ok(expected instanceof SyntaxError, text)
    assert.throws(() => readJson(Buffer.from(text)), (error: Error) => error instanceof SyntaxError && error.message === (expected as Error).message, text.slice(0, 80))
  }
})

test('long strings without escapes are reported with the place of their bytes, by holder and key', () => {
  const text = JSON.stringify({ Messages: [{ Body: LONG + 'one' }, { Body: 'short' }, { Body: LONG + '"escaped' }, { Body: 'é😀' + LONG + 'two', X: [LONG] }] })
  const bytes = Buffer.from(text)
  const seen: Array<[unknown, string | number, string]> = []
  const value = readJson(bytes, (holder, key, start, end) => seen.push([holder, key, bytes.toString('utf8', start, end)])) as { Messages: Array<Record<string, unknown>> }
  const [one, , , two] = value.Messages
  assert.deepEqual(seen, [[one, 'Body', LONG + 'one'], [two, 'Body', 'é😀' + LONG + 'two'], [two?.X, 0, LONG]])
})

test('bytes that are not valid UTF-8 decode as they do when the whole answer is decoded first', () => {
  const head = Buffer.from('{"a":"' + LONG)
  for (const bad of [[0xff], [0xe6, 0x97], [0xf0, 0x9f, 0x98], [0xc3], [0xed, 0xa0, 0x80]]) {
    const bytes = Buffer.concat([head, Buffer.from(bad), Buffer.from('","b":"x'), Buffer.from(bad), Buffer.from('"}')])
    assert.deepStrictEqual(readJson(bytes), JSON.parse(bytes.toString('utf8')), bad.join(','))
  }
})

test('numbers follow JSON\'s grammar, not Number()\'s', () => {
  for (const text of ['[1e5,-0.5E-2,0]', '[+1]', '[1.5.5]', '[0x10]', '[1e]', '[--1]', '[Infinity]', '[1 2]']) {
    let expected: unknown
    try { expected = JSON.parse(text) } catch (error) { expected = (error as Error).message }
    let ours: unknown
    try { ours = readJson(Buffer.from(text)) } catch (error) { ours = (error as Error).message }
    assert.deepStrictEqual(ours, expected, text)
  }
})
