/** EnvVarConfigProvider with the vectors of Kafka's EnvVarConfigProviderTest. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'
import { EnvVarConfigProvider } from '../../../src/runtime/config-providers/env-var-config-provider.ts'

const ENV = { test_var1: 'value1', secret_var2: 'value2', new_var3: 'value3', not_so_secret_var4: 'value4' }
const ALL = new Set(Object.keys(ENV))

test('testGetMultipleKeysAndCompare / testGetEnvVarsByKeyList: the variables asked for', () => {
  const provider = new EnvVarConfigProvider({}, ENV)
  assert.deepEqual(Object.fromEntries(provider.get('', ALL).data), ENV)
  assert.deepEqual([...provider.get('', new Set(['test_var1', 'secret_var2'])).data.keys()].sort(), ['secret_var2', 'test_var1'])
  assert.deepEqual(Object.fromEntries(provider.get('', new Set(['test_var1'])).data), { test_var1: 'value1' })
})

test('testNotNullPathNonEmptyThrowsException: a path is refused with Kafka\'s message', () => {
  assert.throws(() => new EnvVarConfigProvider({}, ENV).get('test-path', new Set(['test_var1'])),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.message === 'Path is not supported for EnvVarConfigProvider, invalid value \'test-path\'')
})

test('testRegExpEnvVarsSingleEntryKeyList / testRegExpEnvVarsNoKeyList: allowlist.pattern must match the whole name', () => {
  const provider = new EnvVarConfigProvider({ 'allowlist.pattern': 'secret_.*' }, ENV)
  assert.deepEqual(Object.fromEntries(provider.get('', ALL).data), { secret_var2: 'value2' })
  // not_so_secret_var4 contains secret_ but does not start with it: Java's matches() is anchored.
  assert.equal(provider.get('', new Set(['not_so_secret_var4'])).data.size, 0)
  assert.equal(provider.get('', new Set(['not_so_secret_var4'])).whyAbsent?.('not_so_secret_var4'),
    'the environment variable not_so_secret_var4 is not set or does not match allowlist.pattern secret_.*')
  const alternation = new EnvVarConfigProvider({ 'allowlist.pattern': 'test_var1|new_var3' }, ENV)
  assert.deepEqual([...alternation.get('', ALL).data.keys()].sort(), ['new_var3', 'test_var1'])
})

test('an unset variable is absent, with a reason; the process environment is the default', () => {
  process.env.SQS_CONNECT_UNIT_ENV_PROVIDER = 'from-process'
  const provider = new EnvVarConfigProvider()
  delete process.env.SQS_CONNECT_UNIT_ENV_PROVIDER
  assert.equal(provider.get('', new Set(['SQS_CONNECT_UNIT_ENV_PROVIDER'])).data.get('SQS_CONNECT_UNIT_ENV_PROVIDER'), 'from-process')
  const missing = provider.get('', new Set(['SQS_CONNECT_UNIT_UNSET']))
  assert.equal(missing.data.size, 0)
  assert.equal(missing.whyAbsent?.('SQS_CONNECT_UNIT_UNSET'), 'the environment variable SQS_CONNECT_UNIT_UNSET is not set')
})

test('an invalid allowlist.pattern is a config error naming the parameter', () => {
  assert.throws(() => new EnvVarConfigProvider({ 'allowlist.pattern': '(' }, ENV),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'allowlist.pattern' && /Invalid regular expression \(/.test(e.message))
})
