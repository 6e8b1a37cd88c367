import assert from 'node:assert/strict'
import { test } from 'node:test'
import { builtInPlugins } from '../../../src/cli/plugins.ts'
import { connectorConfigError, validateConnectorConfig } from '../../../src/runtime/config-validation.ts'
import { SqsConnectError } from '../../../src/errors.ts'

const plugins = builtInPlugins()
const valid = {
  name: 'orders',
  'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
  'tasks.max': '2',
  'kafka.topic': 'orders',
  'sqs.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'
}

function errorsOf (props: Record<string, string>): Array<{ name: string, errors: readonly string[] }> {
  return validateConnectorConfig(plugins, props).configs
    .map((c) => ({ name: c.value?.name ?? c.definition?.name ?? '', errors: c.value?.errors ?? [] }))
    .filter((c) => c.errors.length > 0)
}

test('a complete config of Confluent\'s connector validates with no errors', () => {
  const props = {
    ...valid,
    'sqs.waittime.seconds': '5',
    'sqs.messages.max': '3',
    'sqs.max.retries': '4',
    'sqs.max.retry.time.ms': '60000',
    'sqs.credentials.provider.class': 'com.amazonaws.auth.DefaultAWSCredentialsProviderChain',
    'sqs.proxy.url': 'https://proxy.example:3128',
    'sqs.proxy.user': 'me',
    'sqs.proxy.password': 'pw',
    'aws.access.key.id': 'AKIAEXAMPLE',
    'aws.secret.key.id': 'secret',
    'confluent.license': '',
    'confluent.topic.bootstrap.servers': 'localhost:9092',
    'confluent.topic.replication.factor': '1',
    'confluent.topic.security.protocol': 'SSL',
    'topic.creation.default.replication.factor': '1',
    'topic.creation.default.partitions': '4',
    'sqs.endpoint.url': 'https://vpce-1.sqs.us-east-1.vpce.amazonaws.com',
    'sqs.region': 'us-east-1',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'errors.tolerance': 'all',
    'sqs.credentials.provider.file': '/etc/creds.json'
  }
  assert.deepEqual(errorsOf(props), [])
  assert.equal(connectorConfigError(plugins, props), null)
})

/** [what is wrong, props, property at fault, pattern the message must match] */
const invalidConfigs: Array<[string, Record<string, string>, string, RegExp]> = [
  ['no kafka.topic', { ...valid, 'kafka.topic': undefined as unknown as string }, 'kafka.topic', /Missing required configuration "kafka.topic" which has no default value\./],
  ['empty kafka.topic', { ...valid, 'kafka.topic': ' ' }, 'kafka.topic', /Invalid value\s+for configuration kafka.topic: String must be non-empty/],
  ['topic with a space', { ...valid, 'kafka.topic': 'my topic' }, 'kafka.topic', /Invalid value my topic for configuration kafka.topic: .*not " "/],
  ['topic named ..', { ...valid, 'kafka.topic': '..' }, 'kafka.topic', /cannot be named "\." or "\.\."/],
  ['topic name too long', { ...valid, 'kafka.topic': 'a'.repeat(250) }, 'kafka.topic', /at most 249 characters, this one has 250/],
  ['no sqs.url', { ...valid, 'sqs.url': undefined as unknown as string }, 'sqs.url', /Missing required configuration "sqs.url"/],
  ['sqs.url not a URL', { ...valid, 'sqs.url': 'orders' }, 'sqs.url', /Invalid value orders for configuration sqs.url: Expected an absolute URL/],
  ['sqs.url with ftp scheme', { ...valid, 'sqs.url': 'ftp://sqs.us-east-1.amazonaws.com/1/q' }, 'sqs.url', /URL scheme must be one of https, http, not ftp/],
  ['sqs.url without a queue', { ...valid, 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/' }, 'sqs.url', /names no queue/],
  ['wait time 0', { ...valid, 'sqs.waittime.seconds': '0' }, 'sqs.waittime.seconds', /Invalid value 0 for configuration sqs.waittime.seconds: Value must be at least 1/],
  ['wait time 21', { ...valid, 'sqs.waittime.seconds': '21' }, 'sqs.waittime.seconds', /Value must be no more than 20/],
  ['wait time text', { ...valid, 'sqs.waittime.seconds': 'twenty' }, 'sqs.waittime.seconds', /Invalid value twenty for configuration sqs.waittime.seconds: Not a number of type INT/],
  ['wait time decimal', { ...valid, 'sqs.waittime.seconds': '1.5' }, 'sqs.waittime.seconds', /Not a number of type INT/],
  ['messages 0', { ...valid, 'sqs.messages.max': '0' }, 'sqs.messages.max', /Value must be at least 1/],
  ['messages 11', { ...valid, 'sqs.messages.max': '11' }, 'sqs.messages.max', /Value must be no more than 10/],
  ['negative retries', { ...valid, 'sqs.max.retries': '-1' }, 'sqs.max.retries', /Invalid value -1 for configuration sqs.max.retries: Value must be at least 0/],
  ['retries beyond int', { ...valid, 'sqs.max.retries': '3000000000' }, 'sqs.max.retries', /Not a number of type INT/],
  ['negative retry time', { ...valid, 'sqs.max.retry.time.ms': '-5' }, 'sqs.max.retry.time.ms', /Value must be at least 0/],
  ['retry time text', { ...valid, 'sqs.max.retry.time.ms': '5m' }, 'sqs.max.retry.time.ms', /Not a number of type LONG/],
  ['proxy URL without scheme', { ...valid, 'sqs.proxy.url': 'proxy:3128' }, 'sqs.proxy.url', /URL scheme must be one of http, https, not proxy/],
  ['proxy URL socks', { ...valid, 'sqs.proxy.url': 'socks5://proxy:1080' }, 'sqs.proxy.url', /not socks5/],
  ['proxy user without URL', { ...valid, 'sqs.proxy.user': 'me' }, 'sqs.proxy.user', /sqs.proxy.user is set but sqs.proxy.url is not/],
  ['proxy password without user', { ...valid, 'sqs.proxy.url': 'http://p:1', 'sqs.proxy.password': 'pw' }, 'sqs.proxy.password', /sqs.proxy.password is set but sqs.proxy.user is not/],
  ['access key without secret', { ...valid, 'aws.access.key.id': 'AKIA' }, 'aws.secret.key.id', /aws.secret.key.id must be set when aws.access.key.id is set/],
  ['secret without access key', { ...valid, 'aws.secret.key.id': 's3cr3t' }, 'aws.access.key.id', /aws.access.key.id must be set when aws.secret.key.id is set/],
  ['endpoint not a URL', { ...valid, 'sqs.endpoint.url': 'localhost' }, 'sqs.endpoint.url', /Invalid value localhost for configuration sqs.endpoint.url/],
  ['region with capitals', { ...valid, 'sqs.region': 'US-EAST-1' }, 'sqs.region', /Expected an AWS region name such as us-east-1/],
  ['traceparent not boolean', { ...valid, 'sqs.traceparent.enable': 'yes' }, 'sqs.traceparent.enable', /Expected value to be either true or false/],
  ['misspelt wait time', { ...valid, 'sqs.waittime.second': '5' }, 'sqs.waittime.second', /Unknown configuration sqs.waittime.second; did you mean sqs.waittime.seconds\?/],
  ['misspelt secret key', { ...valid, 'aws.secret.access.key': 'x' }, 'aws.secret.access.key', /did you mean aws.secret.key.id\?/],
  ['words in another order', { ...valid, 'sqs.max.messages': '5' }, 'sqs.max.messages', /did you mean sqs.messages.max\?/],
  ['misspelt topic', { ...valid, 'kafka.topics': 'x' }, 'kafka.topics', /did you mean kafka.topic\?/],
  ['unknown sqs key far from any', { ...valid, 'sqs.something.else.entirely': 'x' }, 'sqs.something.else.entirely', /Unknown configuration sqs.something.else.entirely The SQS source connector has no such property\./],
  ['tasks.max 0', { ...valid, 'tasks.max': '0' }, 'tasks.max', /Invalid value 0 for configuration tasks.max: Value must be at least 1/],
  ['empty name', { ...valid, name: '' }, 'name', /String must be non-empty/],
  ['name with a control character', { ...valid, name: 'a\u0007b' }, 'name', /control sequences/],
  ['errors.tolerance some', { ...valid, 'errors.tolerance': 'some' }, 'errors.tolerance', /String must be one of: none, all/],
  ['duplicate transforms', { ...valid, transforms: 'a,a', 'transforms.a.type': 'org.apache.kafka.connect.transforms.Filter' }, 'transforms', /Duplicate alias provided\./],
  ['config.action.reload later', { ...valid, 'config.action.reload': 'later' }, 'config.action.reload', /String must be one of: none, restart/],
  ['exactly.once.support maybe', { ...valid, 'exactly.once.support': 'maybe' }, 'exactly.once.support', /String must be one of: requested, required/]
]

for (const [what, props, property, message] of invalidConfigs) {
  test(`invalid: ${what} → ${property}`, () => {
    const cleaned = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined))
    const errors = errorsOf(cleaned)
    assert.equal(errors.length, 1, `exactly one property at fault, got ${JSON.stringify(errors)}`)
    assert.equal(errors[0]?.name, property)
    assert.match(errors[0]?.errors.join(' | ') ?? '', message)
    const error = connectorConfigError(plugins, cleaned)
    assert.ok(error instanceof SqsConnectError)
    assert.equal(error.code, 'SQSC_CONFIG_INVALID')
    assert.equal(error.subject, property)
  })
}

test('at least 30 invalid configs are covered', () => {
  assert.ok(invalidConfigs.length >= 30)
})

const topicCreationCases: Array<[string, Record<string, string>, RegExp]> = [
  ['default group without partitions', { 'topic.creation.default.replication.factor': '1' }, /Missing required configuration "topic.creation.default.partitions"/],
  ['replication factor 0', { 'topic.creation.default.replication.factor': '0', 'topic.creation.default.partitions': '1' }, /topic.creation.default.replication.factor: Replication factor must be positive/],
  ['partitions -2', { 'topic.creation.default.replication.factor': '1', 'topic.creation.default.partitions': '-2' }, /Number of partitions must be positive, or -1/],
  ['bad include regex', { 'topic.creation.groups': 'g', 'topic.creation.g.include': 'a(b', 'topic.creation.default.replication.factor': '1', 'topic.creation.default.partitions': '1' }, /topic.creation.g.include: Syntax error in regular expression/]
]

for (const [what, extra, message] of topicCreationCases) {
  test(`invalid topic creation: ${what} fails the connector start`, () => {
    const error = connectorConfigError(plugins, { ...valid, ...extra })
    assert.ok(error instanceof SqsConnectError)
    assert.match(error.message, message)
  })
}

test('topic creation groups inherit the default group\'s replication factor and partitions', async () => {
  const { parseTopicCreationConfig } = await import('../../../src/runtime/topic-creation-config.ts')
  const parsed = parseTopicCreationConfig({
    'topic.creation.groups': 'compacted',
    'topic.creation.default.replication.factor': '3',
    'topic.creation.default.partitions': '6',
    'topic.creation.compacted.include': 'orders.*',
    'topic.creation.compacted.partitions': '1',
    'topic.creation.compacted.cleanup.policy': 'compact'
  })
  assert.equal(parsed.enabled, true)
  assert.deepEqual(parsed.groups.map((g) => [g.name, g.replicationFactor, g.partitions, g.topicConfigs]), [
    ['compacted', 3, 1, { 'cleanup.policy': 'compact' }],
    ['default', 3, 6, {}]
  ])
  assert.equal(parsed.groups[0]?.include[0]?.test('orders-eu'), true)
  assert.equal(parsed.groups[0]?.include[0]?.test('x-orders'), false)
  assert.equal(parseTopicCreationConfig({ 'kafka.topic': 'x' }).enabled, false)
  assert.equal(parseTopicCreationConfig({ 'topic.creation.default.partitions': '1' }, false).enabled, false)
})

test('a connector with valid transforms is accepted (docs/transforms.md)', () => {
  const props = { ...valid, transforms: 'a', 'transforms.a.type': 'org.apache.kafka.connect.transforms.ValueToKey', 'transforms.a.fields': 'MessageGroupId' }
  assert.deepEqual(errorsOf(props), [])
  assert.equal(connectorConfigError(plugins, props), null)
})

test('several problems are reported together, each naming its property', () => {
  const props = { ...valid, 'kafka.topic': '', 'sqs.waittime.seconds': '99', 'sqs.messages.max': 'x', 'sqs.waittime.second': '1' }
  const infos = validateConnectorConfig(plugins, props)
  assert.equal(infos.error_count, 5)
  const error = connectorConfigError(plugins, props)
  assert.ok(error instanceof SqsConnectError)
  assert.match(error.message, /contains the following 5 error\(s\)/)
  for (const name of ['kafka.topic', 'sqs.waittime.seconds', 'sqs.messages.max', 'sqs.waittime.second']) assert.match(error.message, new RegExp(`\\n  ${name.replaceAll('.', '\\.')}: `))
})

test('a bad INT gets Kafka\'s two messages in the validation answer (parse error, then the validator on null)', () => {
  const infos = validateConnectorConfig(plugins, { ...valid, 'sqs.messages.max': 'ten' })
  const value = infos.configs.find((c) => c.definition?.name === 'sqs.messages.max')?.value
  assert.deepEqual(value, {
    name: 'sqs.messages.max',
    value: null,
    recommended_values: [],
    errors: ['Invalid value ten for configuration sqs.messages.max: Not a number of type INT', 'Invalid value null for configuration sqs.messages.max: Value must be non-null'],
    visible: true
  })
})

test('ConfigInfos has Connect\'s shape: key order, groups, order, [hidden] passwords, unknown keys first', () => {
  const infos = validateConnectorConfig(plugins, { ...valid, 'aws.access.key.id': 'AKIAVISIBLE', 'aws.secret.key.id': 'TOPSECRET', 'sqs.proxy.pasword': 'TOPSECRET2' })
  const text = JSON.stringify(infos)
  assert.doesNotMatch(text, /TOPSECRET|AKIAVISIBLE/)
  assert.deepEqual(Object.keys(infos), ['name', 'error_count', 'groups', 'configs'])
  assert.equal(infos.name, valid['connector.class'])
  assert.deepEqual(infos.groups.slice(0, 7), ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic'])
  assert.equal(infos.configs[0]?.definition, null)
  assert.equal(infos.configs[0]?.value?.name, 'sqs.proxy.pasword')
  assert.match(infos.configs[0]?.value?.errors[0] ?? '', /did you mean sqs.proxy.password\?/)
  const secret = infos.configs.find((c) => c.definition?.name === 'aws.secret.key.id')
  assert.equal(JSON.stringify(secret), JSON.stringify({
    definition: {
      name: 'aws.secret.key.id',
      type: 'PASSWORD',
      required: false,
      default_value: '[hidden]',
      importance: 'HIGH',
      documentation: secret?.definition?.documentation,
      group: 'AWS credentials',
      order_in_group: 3,
      width: 'MEDIUM',
      display_name: 'AWS secret access key',
      dependents: []
    },
    value: { name: 'aws.secret.key.id', value: '[hidden]', recommended_values: [], errors: [], visible: true }
  }))
  const tasksMax = infos.configs.find((c) => c.definition?.name === 'tasks.max')
  assert.deepEqual([tasksMax?.definition?.default_value, tasksMax?.definition?.order_in_group, tasksMax?.definition?.width, tasksMax?.value?.value], ['1', 3, 'SHORT', '2'])
  const transforms = infos.configs.find((c) => c.definition?.name === 'transforms')
  assert.deepEqual([transforms?.definition?.default_value, transforms?.value?.value], ['', ''])
  const waitTime = infos.configs.find((c) => c.definition?.name === 'sqs.waittime.seconds')
  assert.equal(waitTime?.value?.value, '20', 'an unset property shows its default')
})

test('JSON null values are refused as Connect refuses them', () => {
  const infos = validateConnectorConfig(plugins, { ...valid, 'sqs.messages.max': null, 'foo.bar': null })
  const messages = infos.configs.filter((c) => (c.value?.errors.length ?? 0) > 0).map((c) => [c.value?.name, c.value?.errors.at(-1)])
  assert.deepEqual(messages, [
    ['foo.bar', 'Null value can not be supplied as the configuration value.'],
    ['sqs.messages.max', 'Null value can not be supplied as the configuration value.']
  ])
})

test('a missing or unknown connector class is a clear error', () => {
  assert.throws(() => validateConnectorConfig(plugins, { name: 'x' }), /contains no connector type: set connector.class/)
  assert.throws(() => validateConnectorConfig(plugins, { name: 'x', 'connector.class': 'com.example.Nope' }), /Class com.example.Nope could not be found/)
})
