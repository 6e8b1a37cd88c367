/** The SQS task's metrics through the runtime's real facade, and the queue depth poller against a stand-in client. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { MessageDeleter } from '../../../src/connectors/sqs/message-deleter.ts'
import { QueueDepthPoller } from '../../../src/connectors/sqs/queue-depth.ts'
import { RetryPolicy } from '../../../src/connectors/sqs/retry-policy.ts'
import { SqsMetrics } from '../../../src/connectors/sqs/sqs-metrics.ts'
import { VisibilityKeeper } from '../../../src/connectors/sqs/visibility-keeper.ts'
import { WorkerMetrics } from '../../../src/runtime/metrics/worker-metrics.ts'
import { parsePrometheusText, sampleValue, type Sample } from '../../integration/support/prometheus.ts'
import { fakeBatchClient } from '../support/fake-batch-client.ts'
import { SdkHotPath } from '../../../src/connectors/sqs/hot-path.ts'

const of = { connector: 'c', task: '0' }
const context = { queueUrl: 'q', region: 'us-east-1', credentialsSource: 'test' }

function setUp (): { metrics: SqsMetrics, scrape: () => Promise<Sample[]> } {
  const worker = new WorkerMetrics({ connectors: () => [] })
  const metrics = new SqsMetrics(worker.task('c', 0).plugin)
  return { metrics, scrape: async () => parsePrometheusText(await worker.text()) }
}

function recordingLogger (): { warnings: string[], logger: { debug (): void, info (): void, warn (o: object, m: string): void, error (): void } } {
  const warnings: string[] = []
  return { warnings, logger: { debug () {}, info () {}, warn (_o, msg) { warnings.push(msg) }, error () {} } }
}

test('receives count by result; messages and redeliveries (ApproximateReceiveCount > 1) are counted', async () => {
  const { metrics, scrape } = setUp()
  metrics.received([])
  metrics.received([{ Attributes: { ApproximateReceiveCount: '1' } }, { Attributes: { ApproximateReceiveCount: '3' } }, {}])
  metrics.received([{ Attributes: { ApproximateReceiveCount: '2' } }])
  const samples = await scrape()
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_receives_total', { ...of, result: 'empty' }), 1)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_receives_total', { ...of, result: 'messages' }), 2)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_messages_received_total', of), 4)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_messages_redelivered_total', of), 2)
})

test('the latency histogram measures SentTimestamp to acknowledgement, never below 0', async () => {
  const { metrics, scrape } = setUp()
  metrics.acknowledged(10_000, 10_040)
  metrics.acknowledged(10_000, 12_000)
  metrics.acknowledged(20_000, 19_000)
  metrics.acknowledged(undefined, 19_000)
  const samples = await scrape()
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_end_to_end_latency_seconds_count', of), 3)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_end_to_end_latency_seconds_sum', of), 2.04)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_end_to_end_latency_seconds_bucket', { ...of, le: '0.005' }), 1)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_end_to_end_latency_seconds_bucket', { ...of, le: '0.05' }), 2)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_end_to_end_latency_seconds_bucket', { ...of, le: '2.5' }), 3)
})

test('deletes, failed deletes, extensions, refused extensions and releases are counted by the deleter and the keeper', async () => {
  const { metrics, scrape } = setUp()
  const deletes = fakeBatchClient<{ Id: string }>((entries) => ({
    Successful: entries.slice(1).map((e) => ({ Id: e.Id })), Failed: [{ Id: entries[0]!.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid' }]
  }))
  const deleter = new MessageDeleter({ sqs: new SdkHotPath(deletes.client), queueUrl: 'q', logger: recordingLogger().logger, retryPolicy: new RetryPolicy({ maxRetries: 0, maxRetryTimeMs: 0 }), context, metrics })
  for (let i = 0; i < 4; i++) deleter.enqueue(`m${i}`, `h${i}`)
  await deleter.flush()
  deleter.close()
  const held = Array.from({ length: 3 }, (_, i) => ({ messageId: `m${i}`, receiptHandle: `h${i}`, receivedAt: 0, receiveCount: 1 }))
  const changes = fakeBatchClient<{ Id: string }>((entries, call) => call === 1
    ? { Successful: entries.slice(1).map((e) => ({ Id: e.Id })), Failed: [{ Id: entries[0]!.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid' }] }
    : { Successful: entries.map((e) => ({ Id: e.Id })) })
  const keeper = new VisibilityKeeper({
    sqs: new SdkHotPath(changes.client), queueUrl: 'q', logger: recordingLogger().logger, retryPolicy: new RetryPolicy({ maxRetries: 0, maxRetryTimeMs: 0 }),
    context, timeoutSeconds: 10, inFlight: () => held, now: () => 6000, metrics
  })
  await keeper.tick()
  await keeper.release(1000)
  const samples = await scrape()
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_messages_deleted_total', of), 3)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_delete_failures_total', of), 1)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_visibility_extensions_total', of), 2)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_visibility_extension_failures_total', of), 1)
  // The refused one is not released; the other two are.
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_messages_released_total', of), 2)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_release_failures_total', of), 0)
})

/** A GetQueueAttributes stand-in answering `answers` in turn (an Error is thrown). */
function depthClient (answers: Array<Record<string, string> | Error>): { client: Pick<SQSClient, 'send'>, calls: () => number } {
  let calls = 0
  const client = {
    send: async (command: { input: { AttributeNames: string[] } }) => {
      assert.deepEqual(command.input.AttributeNames, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'])
      const answer = answers[Math.min(calls++, answers.length - 1)]!
      if (answer instanceof Error) throw answer
      return { Attributes: answer }
    }
  } as unknown as Pick<SQSClient, 'send'>
  return { client, calls: () => calls }
}

const depth = (visible: string, notVisible: string, delayed: string): Record<string, string> =>
  ({ ApproximateNumberOfMessages: visible, ApproximateNumberOfMessagesNotVisible: notVisible, ApproximateNumberOfMessagesDelayed: delayed })

test('the queue depth gauges follow GetQueueAttributes; a failure is logged once and polling goes on', async () => {
  const { metrics, scrape } = setUp()
  const throttled = Object.assign(new Error('slow down'), { name: 'RequestThrottled', $metadata: { httpStatusCode: 400 } })
  const { client, calls } = depthClient([depth('12', '3', '1'), throttled, throttled, depth('0', '1', '0')])
  const { warnings, logger } = recordingLogger()
  const poller = new QueueDepthPoller({ client, queueUrl: 'q', intervalMs: 60_000, context, logger, metrics })
  await poller.poll()
  let samples = await scrape()
  assert.deepEqual(['visible', 'not_visible', 'delayed'].map((state) => sampleValue(samples, 'sqs_connect_sqs_queue_messages', { ...of, state })), [12, 3, 1])
  await poller.poll()
  await poller.poll()
  assert.equal(warnings.length, 1)
  await poller.poll()
  samples = await scrape()
  assert.deepEqual(['visible', 'not_visible', 'delayed'].map((state) => sampleValue(samples, 'sqs_connect_sqs_queue_messages', { ...of, state })), [0, 1, 0])
  assert.equal(calls(), 4)
  poller.stop()
})

test('access denied to GetQueueAttributes: one warning naming the permission, no more polls', async () => {
  const { metrics } = setUp()
  const denied = Object.assign(new Error('not authorized to perform sqs:GetQueueAttributes'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
  const { client, calls } = depthClient([denied])
  const { warnings, logger } = recordingLogger()
  const poller = new QueueDepthPoller({ client, queueUrl: 'q', intervalMs: 10, context, logger, metrics })
  poller.start()
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.equal(calls(), 1)
  assert.equal(poller.active, false)
  assert.equal(warnings.length, 1)
  assert.match(warnings[0]!, /grant sqs:GetQueueAttributes/)
  poller.stop()
})

test('interval 0: the queue depth is never polled', async () => {
  const { client, calls } = depthClient([depth('1', '1', '1')])
  const poller = new QueueDepthPoller({ client, queueUrl: 'q', intervalMs: 0, context, logger: recordingLogger().logger, metrics: new SqsMetrics() })
  poller.start()
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.equal(calls(), 0)
  assert.equal(poller.active, false)
  poller.stop()
})
