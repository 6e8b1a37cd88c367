/**
 * Config providers end to end: the real CLI with config.providers=file,env,directory runs a connector whose
 * queue URL, topic and AWS keys come from the environment, a .properties file and a secrets directory.
 * SQS traffic passes through a recording proxy on 127.0.0.1, which shows the resolved access key signing
 * the requests; the worker's logs are scanned for the resolved secrets.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startCli, type CliProcess } from './support/cli.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { startRecordingForwarder } from './support/local-http.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'

const ACCESS_KEY = 'AKIAPROVIDERTEST7Q2Z'
const SECRET_KEY = 'pRoViDeRs/SeCrEt+9xKq2LmN4vB7wZ1yT6uH3jF8d'

function runCli (args: string[], env: Record<string, string>): { child: CliProcess['child'], done: Promise<{ code: number | null, output: string }> } {
  const cli = startCli(args, { env: { SQS_CONNECT_LOG_LEVEL: 'debug', ...env } })
  return { child: cli.child, done: cli.done.then((run) => ({ code: run.code, output: cli.output() })) }
}


interface Secrets { root: string, creds: string, secretsDir: string, outside: string }

/** creds.properties and a secrets directory under one root; `outside` is a directory not under allowed.paths. */
async function secretFiles (topic: string): Promise<Secrets> {
  const root = await mkdtemp(join(tmpdir(), 'sqs-connect-providers-'))
  const creds = join(root, 'creds.properties')
  const secretsDir = join(root, 'secrets')
  const outside = await mkdtemp(join(tmpdir(), 'sqs-connect-outside-'))
  await mkdir(secretsDir)
  await writeFile(creds, `# the connector's topic and access key\nkafka.topic=${topic}\naws.access.key.id = ${ACCESS_KEY}\n`)
  await writeFile(join(secretsDir, 'aws-secret'), SECRET_KEY)
  await writeFile(join(outside, 'aws-secret'), SECRET_KEY)
  return { root, creds, secretsDir, outside }
}

function workerProperties (bootstrap: string, root: string): string {
  return [
    `bootstrap.servers=${bootstrap}`,
    'listeners=http://127.0.0.1:0',
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    'config.providers=file,env,directory',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    `config.providers.file.param.allowed.paths=${root}`,
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'config.providers.env.param.allowlist.pattern=SQSC_IT_.*',
    'config.providers.directory.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    `config.providers.directory.param.allowed.paths=${root}`,
    ''
  ].join('\n')
}

async function writeConfigs (dir: string, worker: string, connector: string): Promise<[string, string]> {
  await writeFile(join(dir, 'worker.properties'), worker)
  await writeFile(join(dir, 'connector.properties'), connector)
  return [join(dir, 'worker.properties'), join(dir, 'connector.properties')]
}

test('sqs.url from ${env:..}, kafka.topic and aws.access.key.id from ${file:..}, aws.secret.key.id from ${directory:..}: records reach Kafka, secrets stay out of the logs', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const topic = await createTopic(env.kafkaBootstrap, 'providers')
  const forwarder = await startRecordingForwarder(env.sqsEndpoint)
  try {
    const queueUrl = await createQueue(sqs, 'providers')
    const sent = await sendMessages(sqs, queueUrl, 25, { body: (i) => `provided ${i}` })
    const viaProxy = new URL(queueUrl)
    viaProxy.host = new URL(forwarder.url).host
    const { root, creds, secretsDir } = await secretFiles(topic)
    const [worker, connector] = await writeConfigs(root, workerProperties(env.kafkaBootstrap, root), [
      'name=provided',
      'connector.class=io.confluent.connect.sqs.source.SqsSourceConnector',
      'sqs.url=${env:SQSC_IT_QUEUE_URL}',
      `kafka.topic=\${file:${creds}:kafka.topic}`,
      `aws.access.key.id=\${file:${creds}:aws.access.key.id}`,
      `aws.secret.key.id=\${directory:${secretsDir}:aws-secret}`,
      ''
    ].join('\n'))
    const run = runCli(['standalone', worker, connector], { SQSC_IT_QUEUE_URL: viaProxy.toString() })
    const records = await readRecords(env.kafkaBootstrap, topic, sent.length, 60_000)
    assert.deepEqual(records.map((r) => keyPayload(r).MessageId).sort(), [...sent].sort(), 'every message reached the topic named in the file')
    await waitFor('the messages to be deleted', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
    run.child.kill('SIGTERM')
    const result = await run.done
    assert.equal(result.code, 0, result.output.slice(-2000))

    assert.ok(forwarder.requests.length > 0, 'the connector reached SQS through the queue URL from the environment')
    assert.deepEqual([...new Set(forwarder.requests.map((r) => r.accessKeyId))], [ACCESS_KEY], 'requests are signed with the access key from the file')

    assert.match(result.output, /Starting connector/)
    assert.ok(result.output.includes('${env:SQSC_IT_QUEUE_URL}'), 'the logged connector config is the raw one, with its variables')
    for (const secret of [SECRET_KEY, ACCESS_KEY]) assert.ok(!result.output.includes(secret), `the worker's output contains ${secret.slice(0, 4)}…`)
  } finally {
    sqs.destroy()
  }
})

test('a missing file, a missing key and a path outside allowed.paths refuse the connector with one error naming each property', async () => {
  const env = await sharedServers()
  const { root, creds, outside } = await secretFiles('never-created')
  const missing = join(root, 'missing.properties')
  const [worker, connector] = await writeConfigs(root, workerProperties(env.kafkaBootstrap, root), [
    'name=unresolvable',
    'connector.class=SqsSourceConnector',
    'sqs.url=http://127.0.0.1:1/000000000000/unused',
    `kafka.topic=\${file:${creds}:kafka.topik}`,
    `aws.access.key.id=\${file:${missing}:aws.access.key.id}`,
    `aws.secret.key.id=\${directory:${outside}:aws-secret}`,
    `sqs.proxy.password=\${file:${creds}:aws.access.key.id}`,
    ''
  ].join('\n'))
  const result = await runCli(['standalone', worker, connector], {}).done
  assert.equal(result.code, 1, result.output.slice(-2000))
  assert.ok(result.output.includes('sqs-connect: SQSC_CONFIG_INVALID: Connector configuration of unresolvable is invalid and contains the following 3 error(s):'), result.output)
  assert.ok(result.output.includes(`kafka.topic: Cannot resolve \${file:${creds}:kafka.topik} in the value of kafka.topic: the file ${creds} has no property "kafka.topik"`), result.output)
  assert.ok(result.output.includes(`aws.access.key.id: Cannot resolve \${file:${missing}:aws.access.key.id} in the value of aws.access.key.id: Could not read properties from file ${missing} (ENOENT)`), result.output)
  assert.ok(result.output.includes(`aws.secret.key.id: Cannot resolve \${directory:${outside}:aws-secret} in the value of aws.secret.key.id: The path ${outside} is not allowed to be accessed (allowed.paths: ${root})`), result.output)
  for (const secret of [SECRET_KEY, ACCESS_KEY]) assert.ok(!result.output.includes(secret), `the output contains ${secret.slice(0, 4)}…`)
})
