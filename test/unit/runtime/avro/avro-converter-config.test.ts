/** AvroConverter settings: registry URLs, basic auth, subject name strategies, and what the converter does without the registry. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schemas } from '../../../../src/connect/data/schema.ts'
import { parseRegistryConfig } from '../../../../src/runtime/converters/avro/registry-config.ts'
import { AvroConverter, createRuntimeConverter } from '../../../../src/runtime/converters/index.ts'
import { JsonConverter } from '../../../../src/connect/converters/index.ts'
import { redactConfig } from '../../../../src/runtime/logging.ts'

const URL = 'http://127.0.0.1:1/apis/ccompat/v7'

test('defaults follow Confluent: auto-register on, latest off, TopicNameStrategy, 3 retries from 1 s up to 20 s', () => {
  const config = parseRegistryConfig({ 'schema.registry.url': URL }, false)
  assert.deepEqual(config.endpoints, [{ url: URL, userInfo: undefined }])
  assert.equal(config.authorization, undefined)
  assert.equal(config.autoRegisterSchemas, true)
  assert.equal(config.useLatestVersion, false)
  assert.equal(config.normalizeSchemas, false)
  assert.equal(config.subjectNameStrategy, 'TopicNameStrategy')
  assert.deepEqual([config.maxRetries, config.retriesWaitMs, config.retriesMaxWaitMs], [3, 1000, 20_000])
})

test('schema.registry.url is required, and errors name the converter\'s own property', () => {
  assert.throws(() => parseRegistryConfig({}, true), (error: Error & { subject?: string }) =>
    error.subject === 'key.converter.schema.registry.url' && /Missing required configuration "key.converter.schema.registry.url"/.test(error.message))
  assert.throws(() => parseRegistryConfig({ 'schema.registry.url': URL, 'auto.register.schemas': 'maybe' }, false),
    /Invalid value maybe for configuration value.converter.auto.register.schemas/)
  assert.throws(() => parseRegistryConfig({ 'schema.registry.url': 'ftp://x' }, false), /only http and https/)
})

test('basic auth from USER_INFO or from the URL\'s user info, which is removed from the URL', () => {
  const info = parseRegistryConfig({ 'schema.registry.url': URL, 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'me:p@ss:word' }, false)
  assert.equal(info.authorization, 'Basic ' + Buffer.from('me:p@ss:word').toString('base64'))
  const fromUrl = parseRegistryConfig({ 'schema.registry.url': 'https://u%40x:p%20w@registry.example:8081/,http://other:8081' }, false)
  assert.equal(fromUrl.authorization, 'Basic ' + Buffer.from('u@x:p w').toString('base64'))
  assert.deepEqual(fromUrl.endpoints.map((e) => e.url), ['https://registry.example:8081', 'http://other:8081'])
  // USER_INFO wins over the URL (Confluent picks one source); a malformed user info never shows its value.
  const both = parseRegistryConfig({ 'schema.registry.url': 'http://a:b@h:1', 'basic.auth.credentials.source': 'user_info', 'basic.auth.user.info': 'c:d' }, false)
  assert.equal(both.authorization, 'Basic ' + Buffer.from('c:d').toString('base64'))
  assert.throws(() => parseRegistryConfig({ 'schema.registry.url': URL, 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'nocolon' }, true),
    (error: Error) => /key.converter.basic.auth.user.info/.test(error.message) && !error.message.includes('nocolon'))
  assert.throws(() => parseRegistryConfig({ 'schema.registry.url': URL, 'basic.auth.credentials.source': 'SASL_INHERIT' }, false),
    /value.converter.basic.auth.credentials.source: String must be one of \(case insensitive\): URL, USER_INFO/)
})

test('subject name strategies by full class name or simple name', () => {
  const strategy = (name: string, isKey = false): string =>
    parseRegistryConfig({ 'schema.registry.url': URL, [isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy']: name }, isKey).subjectNameStrategy
  assert.equal(strategy('io.confluent.kafka.serializers.subject.RecordNameStrategy'), 'RecordNameStrategy')
  assert.equal(strategy('TopicRecordNameStrategy', true), 'TopicRecordNameStrategy')
  assert.throws(() => strategy('com.example.Mine'), /value.converter.value.subject.name.strategy: Class com.example.Mine could not be found/)
})

test('the runtime resolves AvroConverter by class name and Connect\'s aliases; other classes still come from connect/converters', () => {
  for (const name of ['io.confluent.connect.avro.AvroConverter', 'AvroConverter', 'Avro']) {
    assert.ok(createRuntimeConverter(name, { 'schema.registry.url': URL }, false, 'value.converter') instanceof AvroConverter)
  }
  assert.ok(createRuntimeConverter('JsonConverter', {}, false, 'value.converter') instanceof JsonConverter)
})

test('without registry work: null values are tombstones (or refused for a required schema), schemaless values are refused', () => {
  const converter = new AvroConverter()
  converter.configure({ 'schema.registry.url': URL }, false)
  assert.equal(converter.prepare('t', Schemas.OPTIONAL_STRING, null), undefined)
  assert.equal(converter.fromConnectData('t', Schemas.OPTIONAL_STRING, null), null)
  assert.equal(converter.fromConnectData('t', null, null), null)
  assert.throws(() => converter.fromConnectData('t', Schemas.STRING, null), /null value for non-optional schema/)
  assert.throws(() => converter.fromConnectData('t', null, 'x'), /schemaless values are not supported/)
  assert.throws(() => converter.fromConnectData('t', Schemas.STRING, 'x'), /prepare\(\) must run first/)
})

test('logged configs hide basic.auth.user.info and the user info of registry URLs', () => {
  const shown = redactConfig({
    'value.converter.basic.auth.user.info': 'me:secret',
    'value.converter.schema.registry.url': 'http://me:secret@registry:8081,https://other:8081',
    'kafka.topic': 'orders'
  })
  assert.deepEqual(shown, {
    'value.converter.basic.auth.user.info': '[hidden]',
    'value.converter.schema.registry.url': 'http://[hidden]@registry:8081,https://other:8081',
    'kafka.topic': 'orders'
  })
})
