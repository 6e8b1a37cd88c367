/** config.providers in worker properties: set-up, the worker's own values, and connector configs through the Worker. */
import type { ConfigKey, ValidatedValue } from '../../../src/connect/config/config-def.ts'
import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import pino from 'pino'
import type { ConnectorConfig, SourceConnector } from '../../../src/connect/connector.ts'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'
import { createConfigProviders } from '../../../src/runtime/config-providers/registry.ts'
import { PluginRegistry } from '../../../src/runtime/plugins.ts'
import { parseWorkerConfig } from '../../../src/runtime/worker-config.ts'
import { Worker } from '../../../src/runtime/worker.ts'

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter'
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

async function secretsDir (): Promise<{ dir: string, creds: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'providers-'))
  const creds = join(dir, 'creds.properties')
  await writeFile(creds, `aws.secret.key.id=${SECRET}\ntopic=orders\n`)
  await writeFile(join(dir, 'sqs-password'), 'p4ss')
  return { dir, creds }
}

function workerProps (extra: Record<string, string>): Record<string, string> {
  return { 'bootstrap.servers': '127.0.0.1:1', 'key.converter': JSON_CONVERTER, 'value.converter': JSON_CONVERTER, ...extra }
}

const ALL_THREE = {
  'config.providers': 'file, env,directory',
  'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
  'config.providers.env.class': 'EnvVarConfigProvider',
  'config.providers.directory.class': 'Directory'
}

test('config.providers names providers by Kafka class name or alias; the names key the variables', async () => {
  const { dir, creds } = await secretsDir()
  process.env.SQS_CONNECT_UNIT_TOPIC = 'from-env'
  const providers = createConfigProviders(ALL_THREE)
  delete process.env.SQS_CONNECT_UNIT_TOPIC
  assert.deepEqual([...providers.keys()], ['file', 'env', 'directory'])
  assert.equal(providers.get('file')?.get(creds, new Set(['topic'])).data.get('topic'), 'orders')
  assert.equal(providers.get('env')?.get('', new Set(['SQS_CONNECT_UNIT_TOPIC'])).data.get('SQS_CONNECT_UNIT_TOPIC'), 'from-env')
  assert.equal(providers.get('directory')?.get(dir, new Set(['sqs-password'])).data.get('sqs-password'), 'p4ss')
  assert.equal(createConfigProviders({}).size, 0)
})

test('an unknown class, a missing class and a bad parameter are config errors naming the property', () => {
  assert.throws(() => createConfigProviders({ 'config.providers': 'vault', 'config.providers.vault.class': 'com.example.VaultConfigProvider' }),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'config.providers.vault.class' &&
      /Failed to find any class that implements ConfigProvider and which name matches com\.example\.VaultConfigProvider, available ConfigProviders are: .*FileConfigProvider \(or FileConfigProvider, File\)/.test(e.message))
  assert.throws(() => createConfigProviders({ 'config.providers': 'file' }),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'config.providers.file.class' && /Missing required configuration "config\.providers\.file\.class"/.test(e.message))
  assert.throws(() => createConfigProviders({ 'config.providers': 'file', 'config.providers.file.class': 'File', 'config.providers.file.param.allowed.paths': 'relative/dir' }),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'config.providers.file.param.allowed.paths' &&
      e.message === 'config.providers.file.param.allowed.paths: Path relative/dir is not absolute')
})

test('the worker\'s own values are resolved, as Kafka\'s AbstractConfig does', async () => {
  const { creds } = await secretsDir()
  process.env.SQS_CONNECT_UNIT_BOOTSTRAP = '127.0.0.1:19092'
  try {
    const config = parseWorkerConfig(workerProps({
      ...ALL_THREE,
      'bootstrap.servers': '${env:SQS_CONNECT_UNIT_BOOTSTRAP}',
      'value.converter.schemas.enable': '${nofile:' + creds + ':missing.but.unknown.provider}',
      'key.converter.schemas.enable': 'x${file:' + creds + ':topic}y'
    }))
    assert.deepEqual(config.bootstrapServers, ['127.0.0.1:19092'])
    assert.equal(config.raw['key.converter.schemas.enable'], 'xordersy')
    assert.equal(config.raw['value.converter.schemas.enable'], '${nofile:' + creds + ':missing.but.unknown.provider}', 'an unknown provider name is left as it is')
  } finally {
    delete process.env.SQS_CONNECT_UNIT_BOOTSTRAP
  }
})

test('a worker variable a configured provider cannot resolve is refused, naming the property and the reason', async () => {
  const { creds } = await secretsDir()
  assert.throws(() => parseWorkerConfig(workerProps({ ...ALL_THREE, 'bootstrap.servers': '${env:SQS_CONNECT_UNIT_NEVER_SET}' })),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'bootstrap.servers' &&
      e.message.includes('Cannot resolve ${env:SQS_CONNECT_UNIT_NEVER_SET} in the value of bootstrap.servers: the environment variable SQS_CONNECT_UNIT_NEVER_SET is not set'))
  assert.throws(() => parseWorkerConfig(workerProps({ ...ALL_THREE, 'listeners': '${file:' + creds + 'x:listeners}' })),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.message.includes(`listeners: Cannot resolve \${file:${creds}x:listeners} in the value of listeners: Could not read properties from file ${creds}x (ENOENT)`))
})

/** A connector that remembers the config it was started with and runs no task. */
class RecordingConnector implements SourceConnector {
  static started: ConnectorConfig | undefined
  version (): string { return '1' }
  config (): readonly ConfigKey[] { return [] }
  validate (): ValidatedValue[] { return [] }
  start (config: ConnectorConfig): void { RecordingConnector.started = config }
  taskConfigs (): ConnectorConfig[] { return [] }
  createTask (): never { throw new Error('no tasks') }
  stop (): void {}
}

function workerWith (config: ReturnType<typeof parseWorkerConfig>): { worker: Worker, logs: () => string } {
  let logs = ''
  const sink = new Writable({ write (chunk: Buffer, _e, done) { logs += chunk.toString(); done() } })
  const plugins = new PluginRegistry().register({ className: 'test.RecordingConnector', type: 'source', version: '1', create: () => new RecordingConnector() })
  return { worker: new Worker({ config, plugins, logger: pino({ level: 'trace' }, sink) }), logs: () => logs }
}

test('the connector sees resolved values; the worker keeps and logs the raw config only', async () => {
  const { dir, creds } = await secretsDir()
  process.env.SQS_CONNECT_UNIT_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'
  try {
    const { worker, logs } = workerWith(parseWorkerConfig(workerProps(ALL_THREE)))
    const raw = {
      name: 'resolved', 'connector.class': 'test.RecordingConnector', 'config.action.reload': 'none',
      'sqs.url': '${env:SQS_CONNECT_UNIT_QUEUE}', 'kafka.topic': '${file:' + creds + ':topic}',
      'aws.secret.key.id': '${file:' + creds + ':aws.secret.key.id}', 'sqs.proxy.password': '${directory:' + dir + ':sqs-password}',
      'left.alone': '${vault:secret/data:key}'
    }
    await worker.startConnector(raw)
    assert.deepEqual(RecordingConnector.started, {
      ...raw,
      'sqs.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', 'kafka.topic': 'orders', 'aws.secret.key.id': SECRET, 'sqs.proxy.password': 'p4ss'
    })
    assert.deepEqual(worker.connectorConfig('resolved'), raw)
    assert.equal(worker.connectorConfig('absent'), undefined)
    assert.match(logs(), /Starting connector/)
    assert.ok(!logs().includes(SECRET) && !logs().includes('p4ss') && !logs().includes('123456789012'), logs())
    await worker.stop()
  } finally {
    delete process.env.SQS_CONNECT_UNIT_QUEUE
  }
})

test('a missing key, file or variable refuses the connector with one error naming each property, never a value', async () => {
  const { dir, creds } = await secretsDir()
  const { worker } = workerWith(parseWorkerConfig(workerProps(ALL_THREE)))
  RecordingConnector.started = undefined
  const missing = join(dir, 'nope.properties')
  await assert.rejects(worker.startConnector({
    name: 'broken', 'connector.class': 'test.RecordingConnector',
    'kafka.topic': '${file:' + creds + ':topik}', 'aws.secret.key.id': '${file:' + missing + ':aws.secret.key.id}',
    'aws.access.key.id': '${directory:' + dir + ':aws-access-key}', 'sqs.url': '${env:SQS_CONNECT_UNIT_NEVER_SET}',
    'sqs.proxy.password': '${file:' + creds + ':aws.secret.key.id}'
  }), (e: unknown) => {
    assert.ok(hasCode(e, ErrorCodes.CONFIG_INVALID))
    assert.equal(e.subject, 'kafka.topic')
    assert.match(e.message, /^Connector configuration of broken is invalid and contains the following 4 error\(s\):/)
    assert.ok(e.message.includes(`kafka.topic: Cannot resolve \${file:${creds}:topik} in the value of kafka.topic: the file ${creds} has no property "topik"`), e.message)
    assert.ok(e.message.includes(`aws.secret.key.id: Cannot resolve \${file:${missing}:aws.secret.key.id} in the value of aws.secret.key.id: Could not read properties from file ${missing} (ENOENT)`), e.message)
    assert.ok(e.message.includes(`aws.access.key.id: Cannot resolve \${directory:${dir}:aws-access-key} in the value of aws.access.key.id: the directory ${dir} has no regular file named "aws-access-key"`), e.message)
    assert.ok(e.message.includes('sqs.url: Cannot resolve ${env:SQS_CONNECT_UNIT_NEVER_SET} in the value of sqs.url: the environment variable SQS_CONNECT_UNIT_NEVER_SET is not set'), e.message)
    assert.ok(!e.message.includes(SECRET), 'the resolved secret of sqs.proxy.password is not in the message')
    return true
  })
  assert.equal(RecordingConnector.started, undefined, 'the connector was not started')
  assert.deepEqual(worker.status(), [])
})

test('config.action.reload is parsed: none or restart', async () => {
  const { worker } = workerWith(parseWorkerConfig(workerProps({})))
  await assert.rejects(worker.startConnector({ name: 'r', 'connector.class': 'test.RecordingConnector', 'config.action.reload': 'sometimes' }),
    /Invalid value sometimes for configuration config\.action\.reload: String must be one of: none, restart/)
})

test('without config.providers nothing is resolved, as in Kafka', async () => {
  const { creds } = await secretsDir()
  const { worker } = workerWith(parseWorkerConfig(workerProps({})))
  const raw = { name: 'plain', 'connector.class': 'test.RecordingConnector', 'kafka.topic': '${file:' + creds + ':topic}' }
  await worker.startConnector(raw)
  assert.equal(RecordingConnector.started?.['kafka.topic'], raw['kafka.topic'])
})

test('a resolved value never shows in a validation error: the variable it came from does', async () => {
  const { creds } = await secretsDir()
  await writeFile(creds, `aws.secret.key.id=${SECRET}\nbad.tasks=${SECRET}\n`)
  const { worker } = workerWith(parseWorkerConfig(workerProps(ALL_THREE)))
  await assert.rejects(worker.startConnector({ name: 'leaky', 'connector.class': 'test.RecordingConnector', 'tasks.max': '${file:' + creds + ':bad.tasks}' }),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && !e.message.includes(SECRET) && !(e.stack ?? '').includes(SECRET) &&
      e.message.includes(`Invalid value \${file:${creds}:bad.tasks} for configuration tasks.max: Not a number of type INT`))
  assert.throws(() => parseWorkerConfig(workerProps({ ...ALL_THREE, 'offset.flush.interval.ms': '${file:' + creds + ':aws.secret.key.id}' })),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && !e.message.includes(SECRET) && e.message.includes(`Invalid value \${file:${creds}:aws.secret.key.id} for configuration offset.flush.interval.ms`))
})
