import assert from 'node:assert/strict'
import { test } from 'node:test'
import { availableCompressionTypes } from '../../../src/kafka/producer.ts'
import { connectorProducerSettings, overridePolicy, workerProducerSettings } from '../../../src/runtime/producer-config.ts'

test('defaults: 4 MiB max.request.size, 512 KiB batches, no compression, Connect\'s delivery timeout', () => {
  const { settings, ignored } = workerProducerSettings({})
  assert.equal(settings.maxRequestBytes, 4 * 1024 * 1024)
  assert.equal(settings.batchSizeBytes, 512 * 1024)
  assert.equal(settings.compression, 'none')
  assert.equal(settings.deliveryTimeoutMs, 2_147_483_647)
  assert.deepEqual(ignored, [])
})

test('connector overrides win over worker producer.* settings; unknown keys are reported as ignored', () => {
  const { settings, ignored } = connectorProducerSettings(
    { 'producer.linger.ms': '50', 'producer.compression.type': 'gzip', 'producer.buffer.memory': '1' },
    { name: 'c', 'producer.override.compression.type': 'lz4', 'producer.override.interceptor.classes': 'x' }, 'All')
  assert.equal(settings.lingerMs, 50)
  assert.equal(settings.compression, 'lz4')
  assert.deepEqual([...ignored].sort(), ['producer.buffer.memory', 'producer.override.interceptor.classes'])
})

test('the None policy refuses every override with Connect\'s wording; Principal allows only the security keys', () => {
  assert.throws(() => connectorProducerSettings({}, { name: 'c', 'producer.override.linger.ms': '5' }, 'None'),
    /producer\.override\.linger\.ms: The 'None' policy does not allow 'linger\.ms' to be overridden in the connector configuration\./)
  assert.throws(() => connectorProducerSettings({}, { name: 'c', 'producer.override.batch.size': '5' }, 'Principal'),
    /The 'Principal' policy does not allow 'batch\.size'/)
  assert.doesNotThrow(() => connectorProducerSettings({}, { name: 'c', 'producer.override.security.protocol': 'PLAINTEXT' }, 'Principal'))
  assert.equal(overridePolicy('org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy'), 'None')
})

test('idempotence and acks=all cannot be changed; the forced values themselves are accepted', () => {
  assert.throws(() => connectorProducerSettings({}, { name: 'c', 'producer.override.acks': '1' }, 'All'),
    /producer\.override\.acks: sqs-connect does not allow 'acks' to be set to 1: .*acks=all/)
  assert.throws(() => workerProducerSettings({ 'producer.enable.idempotence': 'false' }), /producer\.enable\.idempotence: .*always idempotent/)
  assert.doesNotThrow(() => workerProducerSettings({ 'producer.acks': 'all', 'producer.enable.idempotence': 'true' }))
})

test('bad values name the property with its prefix; an unknown codec is a config error', () => {
  assert.throws(() => connectorProducerSettings({}, { name: 'c', 'producer.override.compression.type': 'brotli' }, 'All'),
    /producer\.override\.compression\.type: Invalid value brotli for configuration producer\.override\.compression\.type/)
  assert.throws(() => workerProducerSettings({ 'producer.max.request.size': 'big' }), /producer\.max\.request\.size/)
  assert.throws(() => workerProducerSettings({ 'producer.delivery.timeout.ms': '1000' }), /delivery\.timeout\.ms should be equal to or larger than linger\.ms \+ request\.timeout\.ms/)
})

test('zstd is accepted exactly when the client can write it on this Node.js', () => {
  const attempt = (): unknown => workerProducerSettings({ 'producer.compression.type': 'zstd' })
  if (availableCompressionTypes().includes('zstd')) assert.doesNotThrow(attempt)
  else assert.throws(attempt, /cannot write zstd on Node\.js .*use one of none, gzip, snappy, lz4/)
})

test('validation lists bad producer overrides as errors of their keys, as Connect\'s validate does', async () => {
  const { validateConnectorConfig } = await import('../../../src/runtime/config-validation.ts')
  const { builtInPlugins } = await import('../../../src/cli/plugins.ts')
  const props = { name: 'c', 'connector.class': 'SqsSource', 'kafka.topic': 't', 'sqs.url': 'http://127.0.0.1:9324/000000000000/q', 'producer.override.compression.type': 'brotli' }
  const bad = validateConnectorConfig(builtInPlugins(), props).configs.find((c) => c.value?.name === 'producer.override.compression.type')
  assert.match(bad?.value?.errors[0] ?? '', /Invalid value brotli for configuration producer\.override\.compression\.type/)
  const refused = validateConnectorConfig(builtInPlugins(), { ...props, 'producer.override.compression.type': 'gzip' }, 'None')
  assert.ok(refused.error_count >= 1)
})
