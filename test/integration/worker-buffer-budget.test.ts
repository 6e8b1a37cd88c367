/**
 * The worker-wide buffer budget through real Kafka and ElasticMQ: two connectors (three tasks) on one worker drain
 * 20 KiB messages into a broker that throttles their producers (client quotas), so SQS hands out messages much
 * faster than Kafka takes them. What the tasks hold together, read from the worker's own metrics, must stay within
 * sqsconnect.worker.buffer.max.bytes plus one record per task; every message must arrive once and be deleted.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KafkaAdmin } from '../../src/kafka/admin.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { parsePrometheusText, sampleValue } from './support/prometheus.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const KiB = 1024
const BUDGET = 256 * KiB
const BODY_BYTES = 20 * KiB
/** A record as the runtime counts it: the body, its JSON envelope, the key and the headers, rounded up. */
const RECORD_BYTES_AT_MOST = 24 * KiB
const MESSAGES = 60

test('tasks of one worker hold at most sqsconnect.worker.buffer.max.bytes (plus one record each) while Kafka is slow; every message arrives once', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const suffix = Math.random().toString(36).slice(2, 8)
  const connectors = [
    { name: `budget-a-${suffix}`, tasks: 2, queueUrl: await createQueue(sqs, 'budget-a', { visibilityTimeout: 120 }), topic: await createTopic(env.kafkaBootstrap, 'budget-a') },
    { name: `budget-b-${suffix}`, tasks: 1, queueUrl: await createQueue(sqs, 'budget-b', { visibilityTimeout: 120 }), topic: await createTopic(env.kafkaBootstrap, 'budget-b') }
  ]
  const taskCount = connectors.reduce((n, c) => n + c.tasks, 0)
  // 128 KiB/s per producer: the 1.2 MB of each queue take Kafka several seconds, SQS a fraction of that.
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  for (const c of connectors) for (let t = 0; t < c.tasks; t++) await admin.limitProducerRate(`connector-producer-${c.name}-${t}`, 128 * KiB)
  await admin.close()
  const sent = new Map<string, string[]>()
  for (const c of connectors) sent.set(c.name, await sendMessages(sqs, c.queueUrl, MESSAGES, { body: (i) => `${i} `.padEnd(BODY_BYTES, 'b') }))

  const worker = await startWorker(env.kafkaBootstrap,
    connectors.map((c) => sqsConnector(c.name, c.queueUrl, c.topic, { 'tasks.max': String(c.tasks), 'sqs.waittime.seconds': '1', 'sqs.receive.concurrency': '2' })),
    { 'sqsconnect.worker.buffer.max.bytes': String(BUDGET) })
  await waitFor('every message written and deleted', async () => {
    for (const c of connectors) if (await messagesInQueue(sqs, c.queueUrl) > 0) return false
    return true
  }, 180_000, 500)

  const samples = parsePrometheusText(await worker.metricsText())
  const peak = sampleValue(samples, 'sqsconnect_worker_buffer_peak_bytes')
  assert.equal(sampleValue(samples, 'sqsconnect_worker_buffer_limit_bytes'), BUDGET)
  assert.ok(peak <= BUDGET + taskCount * RECORD_BYTES_AT_MOST, `the tasks held at most ${peak} bytes at once; the budget is ${BUDGET}`)
  assert.ok(sampleValue(samples, 'sqsconnect_worker_buffer_waits_total') > 0, 'tasks waited for room: the budget was what bounded them')
  assert.ok(peak > BUDGET / 2, `the tasks filled the budget (${peak} bytes at most)`)
  assert.equal(sampleValue(samples, 'sqsconnect_worker_buffer_bytes'), 0, 'nothing held once everything is acknowledged')

  for (const c of connectors) {
    const records = await readRecords(env.kafkaBootstrap, c.topic, MESSAGES, 60_000)
    assert.deepEqual(records.map((r) => keyPayload(r).MessageId).sort(), [...sent.get(c.name)!].sort(), `${c.name}: every message, once`)
  }
  sqs.destroy()
})
