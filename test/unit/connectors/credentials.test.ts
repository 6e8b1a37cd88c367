/** Credential resolution without the network: static keys, aliases, Java class names, provider modules, failure messages. */
import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseSqsSourceConfig } from '../../../src/connectors/sqs/config.ts'
import { resolveCredentials } from '../../../src/connectors/sqs/credentials.ts'
import { fromAliasEnv } from '../../../src/connectors/sqs/credentials/alias-env-provider.ts'
import { checkedProvider } from '../../../src/connectors/sqs/credentials/checked-provider.ts'
import { lookUpJavaClass } from '../../../src/connectors/sqs/credentials/java-provider-classes.ts'
import { providerSettings } from '../../../src/connectors/sqs/credentials/provider-module.ts'
import { triedSources } from '../../../src/connectors/sqs/credentials/tried-sources.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'

const base = { 'kafka.topic': 't', 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/1/q' }
const config = (extra: Record<string, string>): ReturnType<typeof parseSqsSourceConfig> => parseSqsSourceConfig({ ...base, ...extra })

async function rejection (promise: Promise<unknown>): Promise<SqsConnectError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof SqsConnectError, String(error))
    return error
  }
  assert.fail('expected a rejection')
}

test('static keys win over the provider class', async () => {
  const provider = await resolveCredentials(config({ 'aws.access.key.id': 'AKIDSTATIC', 'aws.secret.key.id': 's3cr3t', 'sqs.credentials.provider.class': 'com.example.Nope' }))
  assert.deepEqual(await provider(), { accessKeyId: 'AKIDSTATIC', secretAccessKey: 's3cr3t' })
})

test('only one static key is a config error naming the missing property', async () => {
  const noSecret = await rejection(resolveCredentials(config({ 'aws.access.key.id': 'AKIDSTATIC' })))
  assert.equal(noSecret.code, ErrorCodes.CONFIG_INVALID)
  assert.equal(noSecret.subject, 'aws.secret.key.id')
  assert.match(noSecret.message, /Missing required configuration "aws\.secret\.key\.id"/)
  const noAccess = await rejection(resolveCredentials(config({ 'aws.secret.key.id': 's3cr3t' })))
  assert.equal(noAccess.subject, 'aws.access.key.id')
  assert.doesNotMatch(noAccess.message, /s3cr3t/)
})

test('Java class names: v1, v2 and the spelling in Confluent\'s docs map; others are named as unknown', () => {
  assert.deepEqual(lookUpJavaClass('com.amazonaws.auth.DefaultAWSCredentialsProviderChain'), { kind: 'mapped', source: 'default-chain' })
  assert.deepEqual(lookUpJavaClass('com.amazon.auth.DefaultAWSCredentialsProviderChain'), { kind: 'mapped', source: 'default-chain' })
  assert.deepEqual(lookUpJavaClass('com.amazonaws.auth.profile.ProfileCredentialsProvider'), { kind: 'mapped', source: 'profile' })
  assert.deepEqual(lookUpJavaClass('software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider'), { kind: 'mapped', source: 'web-identity' })
  assert.deepEqual(lookUpJavaClass('com.amazonaws.auth.EC2ContainerCredentialsProviderWrapper'), { kind: 'mapped', source: 'container-or-instance' })
  assert.equal(lookUpJavaClass('com.amazonaws.auth.SystemPropertiesCredentialsProvider').kind, 'unavailable')
  assert.equal(lookUpJavaClass('com.example.auth.MyProvider').kind, 'unknown')
  assert.equal(lookUpJavaClass('com.example.auth.MyProvider$Inner').kind, 'unknown')
  assert.equal(lookUpJavaClass('./provider.mjs').kind, 'not-java')
  assert.equal(lookUpJavaClass('@acme/aws-keys').kind, 'not-java')
  assert.equal(lookUpJavaClass('aws-keys.provider').kind, 'not-java')
})

test('an unknown Java class is a config error listing the supported names', async () => {
  const error = await rejection(resolveCredentials(config({ 'sqs.credentials.provider.class': 'com.example.auth.MyProvider' })))
  assert.equal(error.subject, 'sqs.credentials.provider.class')
  assert.match(error.message, /Invalid value com\.example\.auth\.MyProvider for configuration sqs\.credentials\.provider\.class: sqs-connect cannot load Java classes/)
  assert.match(error.message, /software\.amazon\.awssdk\.auth\.credentials\.DefaultCredentialsProvider/)
})

test('system properties do not exist in Node: the error says what to use instead', async () => {
  const error = await rejection(resolveCredentials(config({ 'sqs.credentials.provider.class': 'com.amazonaws.auth.SystemPropertiesCredentialsProvider' })))
  assert.match(error.message, /Java system properties .* do not exist in Node\.js: set the environment variables AWS_ACCESS_KEY_ID/)
})

test('aliases AWS_ACCESS_KEY/AWS_SECRET_KEY: used when the standard pair is incomplete, skipped otherwise', async () => {
  const aliases = { AWS_ACCESS_KEY: 'AKIDALIAS', AWS_SECRET_KEY: 'alias-secret', AWS_SESSION_TOKEN: 'tok' }
  assert.deepEqual(await fromAliasEnv({ skipWhenProfileSet: true, env: aliases })(), { accessKeyId: 'AKIDALIAS', secretAccessKey: 'alias-secret', sessionToken: 'tok' })
  assert.deepEqual(await fromAliasEnv({ skipWhenProfileSet: true, env: { AWS_ACCESS_KEY_ID: 'AKIDSTD', AWS_SECRET_KEY: 'alias-secret' } })(),
    { accessKeyId: 'AKIDSTD', secretAccessKey: 'alias-secret' })
  for (const env of [{}, { ...aliases, AWS_PROFILE: 'p' }, { ...aliases, AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B' }]) {
    await assert.rejects(fromAliasEnv({ skipWhenProfileSet: true, env })(), (error: { tryNextLink?: boolean }) => error.tryNextLink === true)
  }
  assert.equal((await fromAliasEnv({ skipWhenProfileSet: false, env: { ...aliases, AWS_PROFILE: 'p' } })()).accessKeyId, 'AKIDALIAS')
})

test('a failing provider says which sources it tried and what to set, without values', async () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIDHALF', HOME: '/nowhere', AWS_EC2_METADATA_DISABLED: 'true' }
  const tried = triedSources('default-chain', 'x', env)
  assert.equal(tried.length, 4)
  assert.match(tried[0] ?? '', /AWS_ACCESS_KEY_ID set, AWS_SECRET_ACCESS_KEY not set; aliases AWS_ACCESS_KEY not set/)
  assert.match(tried[1] ?? '', /profile "default" in \/nowhere\/\.aws\/credentials and \/nowhere\/\.aws\/config/)
  assert.match(tried[3] ?? '', /disabled by AWS_EC2_METADATA_DISABLED/)
  assert.doesNotMatch(tried.join(' '), /AKIDHALF/)
  assert.match(triedSources('default-chain', 'x', { ...env, AWS_PROFILE: 'reader' })[0] ?? '', /skipped because AWS_PROFILE is set\)$/)
  assert.match(triedSources('default-chain', 'x', { ...env, AWS_PROFILE: 'reader' })[1] ?? '', /^profile "reader" in/)

  const provider = checkedProvider({ provider: async () => { throw new Error('nothing here') }, source: 'instance', label: 'com.amazonaws.auth.InstanceProfileCredentialsProvider' })
  const error = await rejection(provider())
  assert.equal(error.code, ErrorCodes.CREDENTIALS_UNAVAILABLE)
  assert.match(error.message, /No AWS credentials for SQS from sqs\.credentials\.provider\.class=com\.amazonaws\.auth\.InstanceProfileCredentialsProvider\. Tried: \(1\) EC2 instance metadata/)
  assert.match(error.message, /Last error: nothing here\. Set aws\.access\.key\.id and aws\.secret\.key\.id/)
})

test('provider modules: settings without the prefix; wrong exports and wrong results are config errors naming the contract', async () => {
  assert.deepEqual(providerSettings({ 'sqs.credentials.provider.class': 'x', 'sqs.credentials.provider.file': 'f', 'sqs.url': 'u' }), { file: 'f' })
  const dir = await mkdtemp(join(tmpdir(), 'sqs-connect-creds-unit-'))
  const write = async (name: string, text: string): Promise<string> => { await writeFile(join(dir, name), text); return join(dir, name) }
  const cases: Array<[string, RegExp]> = [
    [await write('none.mjs', 'export const answer = 42\n'), /exports no credentials provider factory \(its exports: answer\)/],
    [await write('object.mjs', 'export default () => ({ accessKeyId: "A" })\n'), /returned object, not a provider function/],
    [await write('throws.mjs', 'export function createCredentialsProvider () { throw new Error("no file configured") }\n'), /createCredentialsProvider threw: no file configured/],
    [join(dir, 'missing.mjs'), /the file .*missing\.mjs does not exist/],
    ['sqs-connect-no-such-provider-package', /no JavaScript module or package of that name was found/]
  ]
  for (const [spec, expected] of cases) {
    const error = await rejection(resolveCredentials(config({ 'sqs.credentials.provider.class': spec })))
    assert.equal(error.subject, 'sqs.credentials.provider.class')
    assert.match(error.message, expected)
    assert.match(error.message, /Expected a module whose export createCredentialsProvider \(or default export\) is a function/)
  }
  const noSecret = await write('half.mjs', 'export const createCredentialsProvider = () => async () => ({ accessKeyId: "AKIDHALF" })\n')
  const provider = await resolveCredentials(config({ 'sqs.credentials.provider.class': noSecret }))
  const error = await rejection(provider())
  assert.equal(error.code, ErrorCodes.CONFIG_INVALID)
  assert.match(error.message, /its provider returned no secretAccessKey/)
})

test('a provider module gets the connector properties and its settings, relative paths from the working directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sqs-connect-creds-unit-'))
  await writeFile(join(dir, 'keys.json'), JSON.stringify({ accessKeyId: 'AKIDFILE', secretAccessKey: 'file-secret' }))
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    const provider = await resolveCredentials(config({
      'sqs.credentials.provider.class': join(cwd, 'examples/credentials-provider/json-file-provider.mjs'),
      'sqs.credentials.provider.file': 'keys.json'
    }))
    const identity = await provider()
    assert.equal(identity.accessKeyId, 'AKIDFILE')
    assert.equal(identity.secretAccessKey, 'file-secret')
    assert.ok(identity.expiration instanceof Date && identity.expiration.getTime() > Date.now() + 5 * 60_000)
  } finally {
    process.chdir(cwd)
  }
})
