/**
 * Log levels changed at runtime through /admin/loggers, against real Kafka and ElasticMQ: a running SQS task
 * logs nothing at DEBUG until `PUT /admin/loggers/io.confluent.connect.sqs {"level":"DEBUG"}`, then logs its
 * receives and deletes with connector, task and queue; the runtime's own loggers keep their level.
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { builtInPlugins } from '../../src/cli/plugins.ts'
import { parseListeners } from '../../src/rest/listeners.ts'
import { startRestServer } from '../../src/rest/rest-server.ts'
import { loggersRoutes } from '../../src/rest/routes/loggers.ts'
import { createLogger, logLevelsOf } from '../../src/runtime/logging.ts'
import { parseWorkerConfig } from '../../src/runtime/worker-config.ts'
import { Worker } from '../../src/runtime/worker.ts'
import { createTopic, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector } from './support/worker.ts'

type Line = Record<string, unknown>
const DEBUG = 20

test('PUT /admin/loggers/io.confluent.connect.sqs turns on the SQS task\'s debug logs at runtime', async () => {
  const env = await sharedServers()
  const lines: Line[] = []
  const logger = createLogger('info', { write: (text: string) => { lines.push(JSON.parse(text) as Line) } })
  const worker = new Worker({
    config: parseWorkerConfig({
      'bootstrap.servers': env.kafkaBootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter'
    }),
    plugins: builtInPlugins(),
    logger
  })
  after(async () => { await worker.stop() })
  const rest = await startRestServer({ listeners: parseListeners(['http://127.0.0.1:0']), routes: [loggersRoutes(logLevelsOf(logger)!)] })
  after(async () => { await rest.close() })
  const base = rest.urls[0]!

  const sqs = sqsClient(env.sqsEndpoint)
  after(() => { sqs.destroy() })
  const queueUrl = await createQueue(sqs, 'log-levels')
  const topic = await createTopic(env.kafkaBootstrap, 'log-levels')
  await worker.startConnector(sqsConnector('log-levels', queueUrl, topic, { 'sqs.waittime.seconds': '1' }))

  await sendMessages(sqs, queueUrl, 3, { body: (i) => `before ${i}` })
  await readRecords(env.kafkaBootstrap, topic, 3, 60_000)
  assert.deepEqual(lines.filter((l) => l.level === DEBUG), [], 'nothing at DEBUG while root is INFO')

  const known = await (await fetch(`${base}/admin/loggers`)).json() as Record<string, { level: string }>
  assert.equal(known['io.confluent.connect.sqs.source.SqsSourceTask']?.level, 'INFO')
  assert.equal(known['org.apache.kafka.connect.runtime.WorkerSourceTask']?.level, 'INFO')

  const put = await fetch(`${base}/admin/loggers/io.confluent.connect.sqs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"level":"DEBUG"}' })
  assert.equal(put.status, 200)
  assert.deepEqual(await put.json(), ['io.confluent.connect.sqs', 'io.confluent.connect.sqs.source.SqsSourceConnector', 'io.confluent.connect.sqs.source.SqsSourceTask'])

  await sendMessages(sqs, queueUrl, 3, { body: (i) => `after ${i}` })
  await readRecords(env.kafkaBootstrap, topic, 6, 60_000)
  await waitFor('a debug line for the receive', async () => lines.some((l) => l.level === DEBUG && l.msg === 'ReceiveMessage answered'), 30_000)
  const debug = lines.filter((l) => l.level === DEBUG)
  assert.ok(debug.every((l) => String(l.logger).startsWith('io.confluent.connect.sqs.')), 'only the SQS loggers log at DEBUG')
  const receive = debug.find((l) => l.msg === 'ReceiveMessage answered')!
  assert.equal(receive.logger, 'io.confluent.connect.sqs.source.SqsSourceTask')
  assert.equal(receive.connector, 'log-levels')
  assert.equal(receive.task, 0)
  assert.equal(receive.queueUrl, queueUrl)

  const back = await fetch(`${base}/admin/loggers/io.confluent.connect.sqs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"level":"INFO"}' })
  assert.equal(back.status, 200)
  const count = lines.filter((l) => l.level === DEBUG).length
  await sendMessages(sqs, queueUrl, 2, { body: (i) => `later ${i}` })
  await readRecords(env.kafkaBootstrap, topic, 8, 60_000)
  assert.equal(lines.filter((l) => l.level === DEBUG).length, count, 'INFO again: no more debug lines')
})
