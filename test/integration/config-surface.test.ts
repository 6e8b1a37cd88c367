/**
 * The configuration surface through the real command line: a Confluent connector config with every
 * property runs unchanged against real Kafka and ElasticMQ; `validate` and `standalone` report every
 * problem at once, naming properties and never echoing secrets.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConfigInfos } from '../../src/connect/config/config-infos.ts'
import { startCli, workerProperties, writeTempFiles } from './support/cli.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY'
const PROXY_SECRET = 'proxy-Pa55word-never-shown'

function confluentConfig (topic: string, queueUrl: string): string {
  return [
    'name=confluent-style',
    'connector.class=io.confluent.connect.sqs.source.SqsSourceConnector',
    'tasks.max=2',
    `kafka.topic=${topic}`,
    `sqs.url=${queueUrl}`,
    'sqs.waittime.seconds=1',
    'sqs.messages.max=10',
    'sqs.max.retries=5',
    'sqs.max.retry.time.ms=30000',
    'sqs.credentials.provider.class=com.amazonaws.auth.DefaultAWSCredentialsProviderChain',
    'aws.access.key.id=AKIAIOSFODNN7EXAMPLE',
    `aws.secret.key.id=${SECRET}`,
    'confluent.license=',
    'confluent.topic.bootstrap.servers=127.0.0.1:9092',
    'confluent.topic.replication.factor=1',
    'confluent.topic.security.protocol=PLAINTEXT',
    ''
  ].join('\n')
}

test('Confluent\'s connector config, license properties included, runs unchanged end to end', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'confluent-config')
  const topic = await createTopic(env.kafkaBootstrap, 'confluent-config')
  const sent = await sendMessages(sqs, queueUrl, 40, { body: (i) => `order ${i}` })
  const [worker, connector] = await writeTempFiles({ 'worker.properties': workerProperties(env.kafkaBootstrap), 'sqs.properties': confluentConfig(topic, queueUrl) })
  const run = startCli(['standalone', worker as string, connector as string])
  try {
    const records = await readRecords(env.kafkaBootstrap, topic, sent.length, 60_000)
    assert.deepEqual(new Set(records.map((r) => keyPayload(r).MessageId)), new Set(sent))
    await waitFor('the queue to be emptied', async () => await messagesInQueue(sqs, queueUrl) === 0, 30_000)
  } finally {
    run.child.kill('SIGTERM')
  }
  const result = await run.done
  assert.equal(result.code, 0, result.stderr.slice(-2000))
  const licenseLines = result.stderr.split('\n').filter((line) => line.includes('sqs-connect needs no license'))
  assert.equal(licenseLines.length, 1, 'the license properties are mentioned once')
  assert.ok(!result.stderr.includes(SECRET), 'the secret key never appears in the logs')
  assert.match(result.stderr, /"aws\.secret\.key\.id":"\[hidden\]"/)
  sqs.destroy()
})

test('validate prints Connect\'s ConfigInfos: no errors for a good config, exit 0', async () => {
  const [connector] = await writeTempFiles({ 'good.properties': confluentConfig('orders', 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders') })
  const run = await startCli(['validate', connector as string]).done
  assert.equal(run.code, 0, run.stderr)
  const infos = JSON.parse(run.stdout) as ConfigInfos
  assert.equal(infos.name, 'io.confluent.connect.sqs.source.SqsSourceConnector')
  assert.equal(infos.error_count, 0)
  assert.ok(infos.configs.some((c) => c.definition?.name === 'sqs.proxy.password' && c.definition.type === 'PASSWORD'))
  assert.ok(!run.stdout.includes(SECRET))
})

test('validate and standalone report every problem together, naming each property, hiding secrets', async () => {
  const env = await sharedServers()
  const bad = [
    'name=bad',
    'connector.class=SqsSource',
    'kafka.topic=orders topic',
    'sqs.url=https://sqs.us-east-1.amazonaws.com/1/q',
    'sqs.waittime.seconds=25',
    'sqs.messages.max=0',
    'sqs.proxy.user=me',
    `sqs.proxy.pasword=${PROXY_SECRET}`,
    `aws.secret.key.id=${SECRET}`,
    ''
  ].join('\n')
  const [worker, connector] = await writeTempFiles({ 'worker.properties': workerProperties(env.kafkaBootstrap), 'bad.properties': bad })

  const validated = await startCli(['validate', connector as string]).done
  assert.equal(validated.code, 1)
  const infos = JSON.parse(validated.stdout) as ConfigInfos
  const faulty = infos.configs.filter((c) => (c.value?.errors.length ?? 0) > 0).map((c) => c.value?.name)
  assert.deepEqual(faulty, ['sqs.proxy.pasword', 'kafka.topic', 'sqs.waittime.seconds', 'sqs.messages.max', 'aws.access.key.id', 'sqs.proxy.user'])
  assert.equal(infos.error_count, 6)

  const started = await startCli(['standalone', worker as string, connector as string]).done
  assert.equal(started.code, 1)
  assert.match(started.stderr, /SQSC_CONFIG_INVALID: Connector configuration of bad is invalid and contains the following 6 error\(s\)/)
  assert.match(started.stderr, /sqs\.proxy\.pasword: Unknown configuration sqs\.proxy\.pasword; did you mean sqs\.proxy\.password\?/)
  assert.match(started.stderr, /sqs\.waittime\.seconds: Invalid value 25 for configuration sqs\.waittime\.seconds: Value must be no more than 20/)
  assert.match(started.stderr, /aws\.access\.key\.id: aws\.access\.key\.id must be set when aws\.secret\.key\.id is set/)
  for (const output of [validated.stdout, validated.stderr, started.stdout, started.stderr]) {
    assert.ok(!output.includes(SECRET) && !output.includes(PROXY_SECRET), 'no secret in any output')
  }
})
