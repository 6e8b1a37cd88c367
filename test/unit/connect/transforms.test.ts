import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fieldPathSteps } from '../../../src/connect/transforms/hoist-extract-field.ts'
import { javaHashMap, javaStringHash } from '../../../src/connect/transforms/java-hash-map.ts'
import { compileJavaRegex, fullMatch, javaReplacement } from '../../../src/connect/transforms/java-regex.ts'
import { compilePattern, formatDate, parseDate } from '../../../src/connect/transforms/simple-date-format.ts'
import { parseLiteral } from '../../../src/connect/transforms/values-parser.ts'

test('String.hashCode as Java computes it (values from the JDK)', () => {
  assert.equal(javaStringHash(''), 0)
  assert.equal(javaStringHash('a'), 97)
  assert.equal(javaStringHash('hello'), 99162322)
  assert.equal(javaStringHash('MessageGroupId'), 'MessageGroupId'.split('').reduce((h, c) => (Math.imul(31, h) + c.charCodeAt(0)) | 0, 0))
  assert.equal(javaStringHash('polygenelubricants'), -2147483648)
})

test('HashMap order: by bucket, resizing as Java does, repeated keys keep their first place', () => {
  // "b"=98 and "a"=97 land in buckets 2 and 1 of 16; insertion order does not matter.
  assert.deepEqual([...javaHashMap([['b', 1], ['a', 2]], { kind: 'default' }).keys()], ['a', 'b'])
  // With capacity 1 -> 2 -> 4 the same keys end in buckets 2 ("b") and 1 ("a").
  assert.deepEqual([...javaHashMap([['b', 1], ['a', 2], ['b', 3]], { kind: 'capacity', capacity: 0 })], [['a', 2], ['b', 3]])
})

test('field paths: V1 is one step; V2 splits on dots and honours backticks', () => {
  assert.deepEqual(fieldPathSteps('a.b', 'V1'), ['a.b'])
  assert.deepEqual(fieldPathSteps('a.b.c', 'V2'), ['a', 'b', 'c'])
  assert.deepEqual(fieldPathSteps('`a.b`.c', 'V2'), ['a.b', 'c'])
  assert.deepEqual(fieldPathSteps('a.', 'V2'), ['a', ''])
  assert.throws(() => fieldPathSteps('`a.b', 'V2'), /Incomplete backtick pair in path: \[`a\.b\]/)
})

test('Java regex: whole-topic matches and $n / ${name} / escaped replacements', () => {
  const regex = compileJavaRegex('orders-(?<region>[a-z]+)-(\\d+)')
  assert.equal(fullMatch(regex, 'orders-eu-1x'), null)
  const match = fullMatch(regex, 'orders-eu-12')
  assert.ok(match !== null)
  assert.equal(javaReplacement(match, '$0|${region}|$2|\\$1|$21'), 'orders-eu-12|eu|12|$1|121')
  assert.throws(() => javaReplacement(match, '$9'), /No group 9/)
  assert.throws(() => compileJavaRegex('a++'), /Unsupported Java regex/)
  assert.throws(() => compileJavaRegex('(a'), SyntaxError)
})

test('SimpleDateFormat in UTC: formatting and parsing', () => {
  const ms = Date.UTC(2024, 1, 29, 13, 5, 9, 7)
  assert.equal(formatDate(compilePattern('yyyy-MM-dd\'T\'HH:mm:ss.SSSX'), ms), '2024-02-29T13:05:09.007Z')
  // Expected texts printed by java.text.SimpleDateFormat (UTC, English) for the same instant.
  assert.equal(formatDate(compilePattern('EEE, d MMM yy h:mm a z Z \'o\'\'clock\''), ms), 'Thu, 29 Feb 24 1:05 PM UTC +0000 o\'clock')
  assert.equal(formatDate(compilePattern('EEEE MMMM D S'), ms), 'Thursday February 60 7')
  assert.equal(parseDate(compilePattern('yyyyMMddHHmmss'), '20240229130509'), Date.UTC(2024, 1, 29, 13, 5, 9))
  assert.equal(parseDate(compilePattern('dd MMM yyyy HH:mm Z'), '29 Feb 2024 14:05 +0100'), Date.UTC(2024, 1, 29, 13, 5))
  assert.equal(parseDate(compilePattern('yyyy-MM-dd'), 'nope'), undefined)
  assert.throws(() => compilePattern('yyyy-bb'), /Illegal pattern character 'b'/)
})

test('Values.parseString for header literals: the narrowest number type, booleans, null, else a string', () => {
  assert.deepEqual(parseLiteral('42'), { schema: { type: 'int8', optional: false }, value: 42 })
  assert.equal(parseLiteral('-129').schema?.type, 'int16')
  assert.equal(parseLiteral('99999999999').schema?.type, 'int64')
  assert.equal(parseLiteral('1e3').schema?.type, 'int16')
  assert.equal(parseLiteral('3.5').schema?.type, 'float32')
  assert.deepEqual(parseLiteral('true'), { schema: { type: 'boolean', optional: false }, value: true })
  assert.deepEqual(parseLiteral('null'), { schema: null, value: null })
  assert.deepEqual(parseLiteral('hello world'), { schema: { type: 'string', optional: false }, value: 'hello world' })
})
