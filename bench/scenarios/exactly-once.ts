/**
 * Exactly-once mode against at-least-once, side by side on the same servers in one run:
 * - throughput: a queue filled with `messages` messages drained by one task; messages per second until a read_committed
 *   consumer sees them all;
 * - latency: messages sent at a steady rate; for each, the time from SQS's SentTimestamp to the moment a read_committed
 *   consumer sees its record (p50, p99).
 */
import { SendMessageBatchCommand, SQSClient, CreateQueueCommand } from '@aws-sdk/client-sqs'
import { randomUUID } from 'node:crypto'
import { createTopic, percentile, startConnector, tailCommitted, type BenchEnv, type BenchRow } from '../support.ts'

const MODES = [
  { mode: 'at-least-once', worker: {} },
  { mode: 'exactly-once', worker: { 'exactly.once.source.support': 'enabled' } }
] as const

async function queue (sqs: SQSClient, prefix: string): Promise<string> {
  const reply = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${randomUUID().slice(0, 8)}`, Attributes: { VisibilityTimeout: '30' } }))
  return reply.QueueUrl ?? ''
}

async function send (sqs: SQSClient, queueUrl: string, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 10) {
    const entries = Array.from({ length: Math.min(10, from + count - start) }, (_, k) => ({ Id: `m${start + k}`, MessageBody: `bench message ${start + k} ${'x'.repeat(200)}` }))
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  }
}

async function throughput (env: BenchEnv, sqs: SQSClient, mode: typeof MODES[number], messages: number): Promise<BenchRow> {
  const queueUrl = await queue(sqs, 'bench-tp')
  const topic = await createTopic(env.kafkaBootstrap, 'bench-tp', 1)
  await Promise.all(Array.from({ length: 8 }, (_, lane) => send(sqs, queueUrl, lane * (messages / 8), messages / 8)))
  let seen = 0
  let done: () => void = () => {}
  const all = new Promise<void>((resolve) => { done = resolve })
  const tail = tailCommitted(env.kafkaBootstrap, topic, () => { if (++seen >= messages) done() })
  const started = Date.now()
  const worker = await startConnector(env, queueUrl, topic, mode.worker, { 'sqs.receive.concurrency': '4' })
  await all
  const seconds = (Date.now() - started) / 1000
  await worker.stop()
  await tail.stop()
  return { scenario: 'throughput (1 task, prefilled queue)', mode: mode.mode, messages, messagesPerSecond: Math.round(messages / seconds) }
}

async function latency (env: BenchEnv, sqs: SQSClient, mode: typeof MODES[number], perSecond: number, seconds: number): Promise<BenchRow> {
  const queueUrl = await queue(sqs, 'bench-lat')
  const topic = await createTopic(env.kafkaBootstrap, 'bench-lat', 1)
  const latencies: number[] = []
  const tail = tailCommitted(env.kafkaBootstrap, topic, (value, seenAt) => {
    const sent = (JSON.parse(value?.toString('utf8') ?? '{}') as { payload?: { SentTimestamp?: number } }).payload?.SentTimestamp
    if (sent !== undefined) latencies.push(seenAt - sent)
  })
  const worker = await startConnector(env, queueUrl, topic, mode.worker, {})
  // Warm-up: the first transaction also registers the transactional id.
  await send(sqs, queueUrl, 0, 10)
  await new Promise((resolve) => setTimeout(resolve, 2000))
  latencies.length = 0
  const total = perSecond * seconds
  for (let i = 0; i < total; i += 10) {
    const tick = Date.now()
    await send(sqs, queueUrl, 10 + i, 10)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (10 / perSecond) * 1000 - (Date.now() - tick))))
  }
  const deadline = Date.now() + 30_000
  while (latencies.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  await worker.stop()
  await tail.stop()
  const sorted = [...latencies].sort((a, b) => a - b)
  return { scenario: `latency (${perSecond} msg/s for ${seconds} s)`, mode: mode.mode, messages: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) }
}

/** Both modes, alternating, on fresh queues and topics. */
export async function exactlyOnceScenario (env: BenchEnv, options: { messages: number, perSecond: number, seconds: number }): Promise<BenchRow[]> {
  const sqs = new SQSClient({ endpoint: env.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const rows: BenchRow[] = []
  try {
    // Two rounds in opposite orders, so warm-up (JIT, first connections, a busy neighbour) does not favour one mode.
    const rounds = [MODES, [...MODES].reverse()]
    for (const [r, order] of rounds.entries()) for (const mode of order) rows.push({ ...await throughput(env, sqs, mode, options.messages), round: r + 1 })
    for (const [r, order] of rounds.entries()) for (const mode of order) rows.push({ ...await latency(env, sqs, mode, options.perSecond, options.seconds), round: r + 1 })
  } finally {
    sqs.destroy()
  }
  return rows
}
