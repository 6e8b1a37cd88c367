/** Benchmark queues: created fresh per run, prefilled fast with parallel SendMessageBatch, or fed at a fixed rate. */
import { randomUUID } from 'node:crypto'
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs'
import { benchBody } from './body-marker.ts'

/** SQS caps a batch at 10 entries and 1 MiB in total. */
const BATCH_BYTES = 1024 * 1024 - 4096

export function benchSqsClient (endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
}

export async function createBenchQueue (sqs: SQSClient, prefix: string, fifo: boolean): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`
  const reply = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '60', ...(fifo ? { FifoQueue: 'true' } : {}) } }))
  return reply.QueueUrl ?? ''
}

export async function deleteBenchQueue (sqs: SQSClient, queueUrl: string): Promise<void> {
  await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => {})
}

/** Visible + in flight + delayed. */
export async function messagesLeft (sqs: SQSClient, queueUrl: string): Promise<number> {
  const reply = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }))
  const a = reply.Attributes ?? {}
  return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
}

export interface SendShape {
  readonly bodyBytes: number
  readonly fifo: boolean
  /** FIFO: groups assigned round-robin by sequence number. */
  readonly groups: number
}

/** Entries per batch for this body size: 10, or fewer so that the batch stays under 1 MiB. */
export function entriesPerBatch (bodyBytes: number): number {
  return Math.max(1, Math.min(10, Math.floor(BATCH_BYTES / (bodyBytes + 512))))
}

/** Sends messages `from` .. `from + count - 1` in one batch, each body marked with its sequence number and now. */
export async function sendBatch (sqs: SQSClient, queueUrl: string, shape: SendShape, from: number, count: number): Promise<void> {
  const sentMs = Date.now()
  const entries: SendMessageBatchRequestEntry[] = Array.from({ length: count }, (_, k) => {
    const seq = from + k
    return {
      Id: `m${seq}`,
      MessageBody: benchBody({ seq, sentMs }, shape.bodyBytes),
      ...(shape.fifo ? { MessageGroupId: `g${seq % Math.max(1, shape.groups)}`, MessageDeduplicationId: `d${seq}` } : {})
    }
  })
  const reply = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  if ((reply.Failed ?? []).length > 0) throw new Error(`SendMessageBatch failed for ${reply.Failed?.length} entries: ${reply.Failed?.[0]?.Message ?? ''}`)
}

/** Sends `total` messages with `lanes` batches in flight (FIFO order within a group is not measured, only counts). */
export async function prefill (sqs: SQSClient, queueUrl: string, shape: SendShape, total: number, lanes = 16): Promise<void> {
  const per = entriesPerBatch(shape.bodyBytes)
  const batches: Array<{ from: number, count: number }> = []
  for (let from = 0; from < total; from += per) batches.push({ from, count: Math.min(per, total - from) })
  let next = 0
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!
      await sendBatch(sqs, queueUrl, shape, batch.from, batch.count)
    }
  }))
}

/** Sends `perSecond` messages a second for `seconds`, starting at sequence number `from`, in batches every 50 ms. */
export async function sendSteadily (sqs: SQSClient, queueUrl: string, shape: SendShape, from: number, perSecond: number, seconds: number): Promise<number> {
  const tickMs = 50
  const total = Math.round(perSecond * seconds)
  const began = Date.now()
  let sent = 0
  const inFlight: Array<Promise<void>> = []
  while (sent < total) {
    const due = Math.min(total, Math.round(((Date.now() - began) / 1000) * perSecond) + 1)
    while (sent < due) {
      const count = Math.min(10, due - sent)
      inFlight.push(sendBatch(sqs, queueUrl, shape, from + sent, count))
      sent += count
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs))
  }
  await Promise.all(inFlight)
  return total
}
