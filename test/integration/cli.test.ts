/** The command line: help, config errors, and a SIGTERM drain that loses nothing. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readAllRecords } from './support/delivery.ts'
import { startCli, writeTempFiles } from './support/cli.ts'
import { createTopic, keyPayload, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, drainIds, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'

const start = startCli

async function files (worker: string, connector: string, connectorName = 'connector.json'): Promise<[string, string]> {
  const [workerPath, connectorPath] = await writeTempFiles({ 'worker.properties': worker, [connectorName]: connector })
  return [workerPath as string, connectorPath as string]
}

test('--help describes the commands', async () => {
  const run = await start(['--help']).done
  assert.equal(run.code, 0)
  assert.match(run.stdout, /standalone WORKER\.properties/)
  assert.match(run.stdout, /quickstart/)
})

test('a config error exits non-zero and names the property', async () => {
  const [worker, connector] = await files(
    'bootstrap.servers=127.0.0.1:1\nkey.converter=org.apache.kafka.connect.json.JsonConverter\nvalue.converter=org.apache.kafka.connect.json.JsonConverter\nlisteners=http://127.0.0.1:0\n',
    'name=bad\nconnector.class=SqsSourceConnector\nkafka.topic=t\nsqs.url=http://127.0.0.1:1/000000000000/q\nsqs.waittime.seconds=30\n', 'bad.properties')
  const run = await start(['standalone', worker, connector]).done
  assert.equal(run.code, 1)
  assert.match(run.stderr, /SQSC_CONFIG_INVALID/)
  assert.match(run.stderr, /Invalid value 30 for configuration sqs\.waittime\.seconds: Value must be no more than 20/)
})

test('a missing worker property is named too', async () => {
  const [worker, connector] = await files('bootstrap.servers=127.0.0.1:1\n', '{"name":"x","config":{"connector.class":"SqsSource"}}')
  const run = await start(['standalone', worker, connector]).done
  assert.equal(run.code, 1)
  assert.match(run.stderr, /Missing required configuration "key\.converter"/)
})

test('SIGTERM drains: exit 0 in time, and every message is either in Kafka (and deleted) or still in SQS', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'sigterm', { visibilityTimeout: 3 })
  const topic = await createTopic(env.kafkaBootstrap, 'sigterm')
  const sent = await sendMessages(sqs, queueUrl, 3000, { body: (i) => `drain ${i}` })
  const [worker, connector] = await files(
    `bootstrap.servers=${env.kafkaBootstrap}\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n` +
    'value.converter=org.apache.kafka.connect.json.JsonConverter\noffset.storage.file.filename=/tmp/unused.offsets\nlisteners=http://127.0.0.1:0\n',
    JSON.stringify({ name: 'sigterm', config: { 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': '2', 'kafka.topic': topic, 'sqs.url': queueUrl } }))
  const run = start(['standalone', worker, connector])
  // Deleted messages prove records were acknowledged: stop once some are, long before all are.
  await waitFor('the connector to start deleting', async () => await messagesInQueue(sqs, queueUrl) <= sent.length - 50, 60_000, 50)
  const signalledAt = Date.now()
  run.child.kill('SIGTERM')
  const result = await run.done
  const took = Date.now() - signalledAt
  assert.equal(result.code, 0, result.stderr.slice(-2000))
  assert.ok(took < 5000 + 3000, `stopped in ${took} ms`)

  const inKafka = new Set((await readAllRecords(env.kafkaBootstrap, topic, 10_000)).map((r) => keyPayload(r).MessageId))
  // Messages received but not yet written become visible again after the 3 s visibility timeout.
  await new Promise((resolve) => setTimeout(resolve, 3500))
  const stillQueued = new Set(await drainIds(sqs, queueUrl))
  const lost = sent.filter((id) => !inKafka.has(id) && !stillQueued.has(id))
  assert.deepEqual(lost, [], 'no message lost')
  const writtenButKept = [...stillQueued].filter((id) => inKafka.has(id))
  assert.ok(inKafka.size > 0 && inKafka.size < sent.length, `stopped mid-run (${inKafka.size} of ${sent.length} written)`)
  // Everything Kafka acknowledged before the exit was deleted; a record written while the process was
  // being killed could only remain if the exit cut a delete short, which the drain must prevent.
  assert.deepEqual(writtenButKept, [], 'acknowledged messages were deleted before exit')
  assert.match(result.stderr, /Stopping: finishing in-flight records/)
  sqs.destroy()
})
