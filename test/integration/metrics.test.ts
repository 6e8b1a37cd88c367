/**
 * /metrics through real Kafka and ElasticMQ: a worker runs the SQS connector on a queue holding fresh messages,
 * messages received once before (redeliveries) and delayed ones; a REST server serves the worker's metrics.
 * The scrape must count exactly what happened: polled = written = deleted = received = N, the redeliveries (which
 * poison handling routes to a DLQ topic), the latency histogram's count, the queue depth (delayed messages stay, the
 * rest goes to 0), Connect's worker, connector and task metrics with connector/task labels, and no secret of the
 * connector config. A second worker acknowledges slower than the visibility timeout: the heartbeat's extensions count.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { builtInPlugins } from '../../src/cli/plugins.ts'
import { RecordProducer, type OutgoingRecord, type WrittenRecord } from '../../src/kafka/producer.ts'
import { startRestServer } from '../../src/rest/rest-server.ts'
import { metricsRoutes } from '../../src/rest/routes/metrics.ts'
import { createTopic, readRecords, waitFor } from './support/kafka.ts'
import { parsePrometheusText, sampleValue, scrapeMetrics, type Sample } from './support/prometheus.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, queueCounts, sendMessages, sqsClient } from './support/sqs.ts'
import { createLogger } from '../../src/runtime/logging.ts'
import { parseWorkerConfig } from '../../src/runtime/worker-config.ts'
import { Worker } from '../../src/runtime/worker.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

before(async () => { await sharedServers() })

const ACCESS_KEY_ID = 'AKIAMETRICSKEYID0042'
const SECRET_KEY = 'metrics-secret-key-Zq7Xv93Lp'

/** Receives the queue's visible messages with VisibilityTimeout 0 until each of `ids` was received once. */
async function receiveOnce (sqs: SQSClient, queueUrl: string, ids: readonly string[]): Promise<void> {
  const seen = new Set<string>()
  const deadline = Date.now() + 20_000
  while (ids.some((id) => !seen.has(id))) {
    if (Date.now() > deadline) throw new Error(`could not receive every message once: saw ${seen.size} of ${ids.length}`)
    const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }))
    for (const m of reply.Messages ?? []) seen.add(m.MessageId ?? '')
  }
}

test('GET /metrics counts what the SQS connector did, with Connect\'s names and connector/task labels', async () => {
  const { sqsEndpoint, kafkaBootstrap } = await sharedServers()
  const sqs = sqsClient(sqsEndpoint)
  const name = 'metrics'
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 30 })
  const topic = await createTopic(kafkaBootstrap, name)
  const dlqTopic = await createTopic(kafkaBootstrap, `${name}-poison`)

  const redelivered = await sendMessages(sqs, queueUrl, 4, { body: (i) => `seen before ${i}` })
  await receiveOnce(sqs, queueUrl, redelivered)
  const fresh = await sendMessages(sqs, queueUrl, 7, { body: (i) => `fresh ${i}` })
  const delayed = 3
  for (let i = 0; i < delayed; i++) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `later ${i}`, DelaySeconds: 900 }))
  const n = redelivered.length + fresh.length

  const worker = await startWorker(kafkaBootstrap, [sqsConnector(name, queueUrl, topic, {
    'sqs.waittime.seconds': '1',
    'sqs.metrics.queue.depth.interval.ms': '250',
    // The messages received once before are poison here: they go to the DLQ topic.
    'sqs.poison.receive.count.max': '1',
    'sqs.poison.dlq.topic': dlqTopic,
    'aws.access.key.id': ACCESS_KEY_ID,
    'aws.secret.key.id': SECRET_KEY
  })])
  const server = await startRestServer({ listeners: [{ protocol: 'http', host: '127.0.0.1', port: 0 }], routes: [metricsRoutes(async () => await worker.metricsText())] })
  try {
    const url = server.urls[0]!
    const task = { connector: name, task: '0' }
    const queue = (state: string): number => sampleValue(last, 'sqs_connect_sqs_queue_messages', { ...task, state })
    let last: Sample[] = []
    // Everything deleted, at least one empty receive after that, and a depth poll that saw the queue without them.
    await waitFor('the metrics to show every message deleted and the queue drained', async () => {
      last = (await scrapeMetrics(url)).samples
      return sampleValue(last, 'sqs_connect_sqs_messages_deleted_total', task) === n &&
        sampleValue(last, 'sqs_connect_sqs_receives_total', { ...task, result: 'empty' }) > 0 &&
        queue('visible') === 0 && queue('not_visible') === 0
    }, 60_000)

    const { text, contentType, samples } = await scrapeMetrics(url)
    assert.equal(contentType, 'text/plain; version=0.0.4; charset=utf-8')
    const value = (metric: string, labels: Record<string, string> = task): number => sampleValue(samples, metric, labels)

    // Connect's source-task metrics.
    assert.equal(value('kafka_connect_source_task_metrics_source_record_poll_total'), n)
    assert.equal(value('kafka_connect_source_task_metrics_source_record_write_total'), n)
    assert.equal(value('kafka_connect_source_task_metrics_source_record_active_count'), 0)
    assert.ok(value('kafka_connect_source_task_metrics_source_record_active_count_max') >= 1, 'records were active at some point')
    assert.ok(value('kafka_connect_source_task_metrics_source_record_poll_rate') > 0)
    assert.ok(value('kafka_connect_connector_task_metrics_batch_size_max') >= 1)
    assert.equal(value('kafka_connect_connector_task_metrics_status', { ...task, status: 'running' }), 1)
    assert.equal(value('kafka_connect_connector_task_metrics_status', { ...task, status: 'failed' }), 0)
    assert.equal(value('kafka_connect_task_error_metrics_total_record_errors'), 0)
    // Worker and connector metrics.
    assert.equal(value('kafka_connect_connect_worker_metrics_connector_count', {}), 1)
    assert.equal(value('kafka_connect_connect_worker_metrics_task_count', {}), 1)
    assert.equal(value('kafka_connect_connect_worker_metrics_connector_startup_success_total', {}), 1)
    assert.equal(value('kafka_connect_connect_worker_metrics_task_startup_attempts_total', {}), 1)
    assert.equal(value('kafka_connect_connect_worker_metrics_connector_running_task_count', { connector: name }), 1)
    assert.equal(value('kafka_connect_connector_metrics_status', { connector: name, status: 'running' }), 1)
    assert.equal(value('kafka_connect_connector_metrics_info', {
      connector: name, connector_type: 'source', connector_class: 'io.confluent.connect.sqs.source.SqsSourceConnector'
    }), 1)
    // SQS metrics.
    assert.equal(value('sqs_connect_sqs_messages_received_total'), n)
    assert.equal(value('sqs_connect_sqs_messages_redelivered_total'), redelivered.length)
    assert.equal(value('sqs_connect_sqs_messages_deleted_total'), n)
    assert.equal(value('sqs_connect_sqs_delete_failures_total'), 0)
    assert.equal(value('sqs_connect_sqs_poison_messages_total', { ...task, action: 'dlq' }), redelivered.length)
    assert.equal(value('sqs_connect_sqs_poison_messages_total', { ...task, action: 'redrive' }), 0)
    assert.ok(value('sqs_connect_sqs_receives_total', { ...task, result: 'messages' }) >= 1)
    assert.equal(value('sqs_connect_sqs_end_to_end_latency_seconds_count'), n)
    assert.ok(value('sqs_connect_sqs_end_to_end_latency_seconds_sum') > 0)
    assert.equal(value('sqs_connect_sqs_end_to_end_latency_seconds_bucket', { ...task, le: '+Inf' }), n)
    assert.equal(value('sqs_connect_sqs_queue_messages', { ...task, state: 'delayed' }), delayed, 'the delayed messages are still in the queue')
    assert.deepEqual(await queueCounts(sqs, queueUrl), { visible: 0, inFlight: 0, delayed }, 'the gauges agree with the queue')

    // Every task-level sample carries the connector and task labels.
    for (const s of samples.filter((x) => /^(kafka_connect_(source_task|connector_task|task_error)_metrics|sqs_connect_)/.test(x.name))) {
      assert.deepEqual([s.labels.connector, s.labels.task], [name, '0'], `${s.name} is labelled`)
    }
    assert.ok(!text.includes(SECRET_KEY), 'the secret key is not in /metrics')
    assert.ok(!text.includes(ACCESS_KEY_ID), 'the access key id is not in /metrics')
    // What the metrics say was written is what Kafka holds.
    assert.equal((await readRecords(kafkaBootstrap, topic, fresh.length + 1, 4000)).length, fresh.length)
    assert.equal((await readRecords(kafkaBootstrap, dlqTopic, redelivered.length + 1, 4000)).length, redelivered.length)
  } finally {
    await server.close()
  }
})

/** Real Kafka, but every acknowledgement arrives `delayMs` late, as from a slow cluster. */
class SlowSender {
  readonly #producer: RecordProducer
  readonly #delayMs: number
  constructor (bootstrap: string, clientId: string, delayMs: number) {
    this.#producer = new RecordProducer({ bootstrapServers: [bootstrap], clientId })
    this.#delayMs = delayMs
  }

  async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> {
    const written = await this.#producer.send(records)
    await new Promise((resolve) => setTimeout(resolve, this.#delayMs))
    return written
  }

  async close (): Promise<void> { await this.#producer.close() }
}

test('acknowledgements slower than the visibility timeout: the heartbeat\'s extensions are counted, nothing is delivered twice', async () => {
  const { sqsEndpoint, kafkaBootstrap } = await sharedServers()
  const sqs = sqsClient(sqsEndpoint)
  const name = 'metrics-slow'
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: 2 })
  const topic = await createTopic(kafkaBootstrap, name)
  const sent = await sendMessages(sqs, queueUrl, 5, { body: (i) => `slow ${i}` })
  const worker = new Worker({
    config: parseWorkerConfig({
      'bootstrap.servers': kafkaBootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter'
    }),
    plugins: builtInPlugins(),
    logger: createLogger(process.env.SQS_CONNECT_LOG_LEVEL ?? 'warn'),
    // Each acknowledgement takes 3 s: longer than the 2 s visibility timeout, so only heartbeats keep messages hidden.
    createSender: (clientId) => new SlowSender(kafkaBootstrap, clientId, 3000)
  })
  try {
    await worker.startConnector(sqsConnector(name, queueUrl, topic, { 'sqs.waittime.seconds': '1', 'sqs.metrics.queue.depth.interval.ms': '0' }))
    const task = { connector: name, task: '0' }
    let samples: Sample[] = []
    await waitFor('every message to be deleted', async () => {
      samples = parsePrometheusText(await worker.metricsText())
      return sampleValue(samples, 'sqs_connect_sqs_messages_deleted_total', task) === sent.length
    }, 60_000)
    assert.ok(sampleValue(samples, 'sqs_connect_sqs_visibility_extensions_total', task) >= sent.length, 'each message was extended at least once')
    assert.equal(sampleValue(samples, 'sqs_connect_sqs_visibility_extension_failures_total', task), 0)
    assert.equal(sampleValue(samples, 'sqs_connect_sqs_messages_received_total', task), sent.length)
    assert.equal(sampleValue(samples, 'sqs_connect_sqs_messages_redelivered_total', task), 0)
    assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_write_total', task), sent.length)
    assert.ok(!samples.some((s) => s.name === 'sqs_connect_sqs_queue_messages'), 'queue depth polling is off')
  } finally {
    await worker.stop()
  }
})
