import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bigDecimalToString, javaDoubleToString, javaFloatToString } from '../../../src/connect/converters/java-number.ts'

test('Double.toString: plain between 10^-3 and 10^7, scientific outside, always a fraction digit', () => {
  const cases: Array<[number, string]> = [
    [1, '1.0'], [100, '100.0'], [0.1, '0.1'], [1e10, '1.0E10'], [1e-5, '1.0E-5'], [0.001, '0.001'],
    [9999999, '9999999.0'], [1e7, '1.0E7'], [-0, '-0.0'], [0, '0.0'], [-1.5, '-1.5'], [1 / 3, '0.3333333333333333'],
    [Number.MAX_VALUE, '1.7976931348623157E308'], [5e-324, '4.9E-324'], [NaN, 'NaN'], [-Infinity, '-Infinity']
  ]
  for (const [v, expected] of cases) assert.equal(javaDoubleToString(v), expected, String(v))
})

test('JDK 17 digits are not always the shortest; JDK 19+ digits are', () => {
  assert.equal(javaDoubleToString(1e23), '9.999999999999999E22')
  assert.equal(javaDoubleToString(1e23, 'shortest'), '1.0E23')
  assert.equal(javaDoubleToString(2e23), '1.9999999999999998E23')
  assert.equal(javaDoubleToString(2e23, 'shortest'), '2.0E23')
  assert.equal(javaDoubleToString(5e-324, 'shortest'), '4.9E-324')
})

test('Float.toString prints float32 digits, not the widened double', () => {
  assert.equal(javaFloatToString(0.1), '0.1')
  assert.equal(javaFloatToString(16777216), '1.6777216E7')
  assert.equal(javaFloatToString(3.4028234663852886e38), '3.4028235E38')
  assert.equal(javaFloatToString(1.401298464324817e-45), '1.4E-45')
  assert.equal(javaFloatToString(1.13132703e18), '1.13132703E18')
  assert.equal(javaFloatToString(1.13132703e18, 'shortest'), '1.131327E18')
  assert.equal(javaFloatToString(4177209.25), '4177209.2')
  assert.equal(javaFloatToString(4177209.25, 'shortest'), '4177209.2')
  assert.equal(javaFloatToString(NaN), 'NaN')
})

test('BigDecimal.toString switches to scientific notation below 10^-6 and for negative scales', () => {
  assert.equal(bigDecimalToString(1025n, 2), '10.25')
  assert.equal(bigDecimalToString(-150n, 2), '-1.50')
  assert.equal(bigDecimalToString(10n, 8), '1.0E-7')
  assert.equal(bigDecimalToString(1n, 6), '0.000001')
  assert.equal(bigDecimalToString(1n, -3), '1E+3')
  assert.equal(bigDecimalToString(0n, 0), '0')
  assert.equal(bigDecimalToString(0n, 2), '0.00')
})
