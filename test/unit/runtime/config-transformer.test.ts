/** ConfigTransformer with the vectors of Kafka's ConfigTransformerTest. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConfigData, ConfigProvider } from '../../../src/runtime/config-providers/config-provider.ts'
import { ConfigTransformer, variablesIn } from '../../../src/runtime/config-providers/config-transformer.ts'

/** Kafka's TestConfigProvider: testPath has testKey, testKeyWithTTL (ttl 1) and testIndirection; no path has testKey. */
class TestConfigProvider implements ConfigProvider {
  calls: Array<[string, string[]]> = []
  get (path: string, keys: ReadonlySet<string>): ConfigData {
    this.calls.push([path, [...keys].sort()])
    const data = new Map<string, string>()
    let ttlMs: number | undefined
    if (path === 'testPath') {
      if (keys.has('testKey')) data.set('testKey', 'testResult')
      if (keys.has('testKeyWithTTL')) { data.set('testKeyWithTTL', 'testResultWithTTL'); ttlMs = 1 }
      if (keys.has('testIndirection')) data.set('testIndirection', '${test:testPath:testResult}')
    } else if (keys.has('testKey')) {
      data.set('testKey', 'testResultNoPath')
    }
    return ttlMs === undefined ? { data } : { data, ttlMs }
  }
}

function transform (value: string, provider: ConfigProvider = new TestConfigProvider()): ReturnType<ConfigTransformer['transform']> {
  return new ConfigTransformer(new Map([['test', provider]])).transform({ myKey: value })
}

test('testReplaceVariable: a path and a key', () => {
  const result = transform('${test:testPath:testKey}')
  assert.equal(result.data.myKey, 'testResult')
  assert.equal(result.ttls.size, 0)
  assert.deepEqual(result.unresolved, [])
})

test('testReplaceVariableWithTTL: the TTL is reported by path', () => {
  const result = transform('${test:testPath:testKeyWithTTL}')
  assert.equal(result.data.myKey, 'testResultWithTTL')
  assert.deepEqual([...result.ttls], [['testPath', 1]])
})

test('testReplaceMultipleVariablesInValue', () => {
  assert.equal(transform('hello, ${test:testPath:testKey}; goodbye, ${test:testPath:testKeyWithTTL}!!!').data.myKey, 'hello, testResult; goodbye, testResultWithTTL!!!')
})

test('testNoReplacement: a missing key is left as written, and reported', () => {
  const result = transform('${test:testPath:missingKey}')
  assert.equal(result.data.myKey, '${test:testPath:missingKey}')
  assert.deepEqual(result.unresolved.map((u) => [u.property, u.reference, u.provider, u.path, u.key]), [['myKey', '${test:testPath:missingKey}', 'test', 'testPath', 'missingKey']])
  assert.equal(result.unresolved[0]?.reason, 'the provider has no key "missingKey"')
})

test('testSingleLevelOfIndirection: a replacement is not resolved again', () => {
  assert.equal(transform('${test:testPath:testIndirection}').data.myKey, '${test:testPath:testResult}')
})

test('testReplaceVariableNoPath and testReplaceMultipleVariablesWithoutPathInValue', () => {
  assert.equal(transform('${test:testKey}').data.myKey, 'testResultNoPath')
  assert.equal(transform('first ${test:testKey}; second ${test:testKey}').data.myKey, 'first testResultNoPath; second testResultNoPath')
})

test('a provider that is not configured leaves the variable as it is, without asking anyone (AbstractConfigTest)', () => {
  const provider = new TestConfigProvider()
  const result = transform('${other:/foo/bar/testpath:testKey} and ${test:testKey}', provider)
  assert.equal(result.data.myKey, '${other:/foo/bar/testpath:testKey} and testResultNoPath')
  assert.deepEqual(result.unresolved, [])
  assert.deepEqual(provider.calls, [['', ['testKey']]])
})

test('one provider call per path, with every key referenced under it', () => {
  const provider = new TestConfigProvider()
  const result = new ConfigTransformer(new Map([['test', provider]])).transform({
    a: '${test:testPath:testKey}', b: '${test:testPath:testKeyWithTTL}', c: '${test:testKey}', plain: 'no variables'
  })
  assert.deepEqual(result.data, { a: 'testResult', b: 'testResultWithTTL', c: 'testResultNoPath', plain: 'no variables' })
  assert.deepEqual(provider.calls.sort(), [['', ['testKey']], ['testPath', ['testKey', 'testKeyWithTTL']]])
  assert.deepEqual(result.replaced, [
    { reference: '${test:testPath:testKey}', value: 'testResult' },
    { reference: '${test:testPath:testKeyWithTTL}', value: 'testResultWithTTL' },
    { reference: '${test:testKey}', value: 'testResultNoPath' }
  ])
})

test('a provider that throws leaves its variables as written and reports the reason for each property', () => {
  const failing: ConfigProvider = { get: () => { throw new Error('Could not read properties from file /nope') } }
  const result = new ConfigTransformer(new Map([['test', failing]])).transform({ a: '${test:/nope:k1}', b: 'x${test:/nope:k2}' })
  assert.deepEqual(result.data, { a: '${test:/nope:k1}', b: 'x${test:/nope:k2}' })
  assert.deepEqual(result.unresolved.map((u) => [u.property, u.reason]), [['a', 'Could not read properties from file /nope'], ['b', 'Could not read properties from file /nope']])
})

test('the pattern: provider, optional path, key; the first colon after the provider ends the path', () => {
  assert.deepEqual(variablesIn('${env:AWS_SECRET}'), [{ reference: '${env:AWS_SECRET}', provider: 'env', path: '', key: 'AWS_SECRET' }])
  assert.deepEqual(variablesIn('${file:/etc/creds.properties:aws.secret.key.id}').map((v) => [v.path, v.key]), [['/etc/creds.properties', 'aws.secret.key.id']])
  assert.deepEqual(variablesIn('${a:b:c:d}').map((v) => [v.provider, v.path, v.key]), [['a', 'b', 'c:d']])
  assert.deepEqual(variablesIn('${novariable} $notone {x:y} ${}'), [])
  assert.deepEqual(variablesIn('${a:}').map((v) => [v.provider, v.path, v.key]), [['a', '', '']])
})
