/** SQS helpers for tests: queues with unique names, bulk sends, counts. */
import { randomUUID } from 'node:crypto'
import {
  CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient,
  type MessageAttributeValue, type QueueAttributeName, type SendMessageBatchRequestEntry
} from '@aws-sdk/client-sqs'

export function sqsClient (endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
}

/** Creates a queue with a unique name; FIFO when asked. */
export async function createQueue (sqs: SQSClient, prefix: string, options: { fifo?: boolean, visibilityTimeout?: number } = {}): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}${options.fifo === true ? '.fifo' : ''}`
  const attributes: Record<string, string> = {}
  if (options.fifo === true) attributes.FifoQueue = 'true'
  if (options.visibilityTimeout !== undefined) attributes.VisibilityTimeout = String(options.visibilityTimeout)
  const reply = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))
  if (reply.QueueUrl === undefined) throw new Error('CreateQueue returned no QueueUrl')
  return reply.QueueUrl
}

export interface SendSpec {
  readonly body: (i: number) => string
  readonly groupId?: (i: number) => string
  readonly attributes?: (i: number) => Record<string, MessageAttributeValue>
}

/**
 * Sends `count` messages in batches of 10 and returns their MessageIds in send order. `concurrency` batches go
 * out at once (default 1: one after the other, so a FIFO group's send order is the index order).
 */
export async function sendMessages (sqs: SQSClient, queueUrl: string, count: number, spec: SendSpec, options: { concurrency?: number } = {}): Promise<string[]> {
  const ids: string[] = new Array<string>(count).fill('')
  const starts: number[] = []
  for (let start = 0; start < count; start += 10) starts.push(start)
  const sendBatch = async (start: number): Promise<void> => {
    const entries: SendMessageBatchRequestEntry[] = []
    for (let i = start; i < Math.min(count, start + 10); i++) {
      entries.push({
        Id: `m${i}`,
        MessageBody: spec.body(i),
        ...(spec.groupId === undefined ? {} : { MessageGroupId: spec.groupId(i), MessageDeduplicationId: `dedup-${i}` }),
        ...(spec.attributes === undefined ? {} : { MessageAttributes: spec.attributes(i) })
      })
    }
    const reply = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
    if ((reply.Failed ?? []).length > 0) throw new Error(`SendMessageBatch failed: ${JSON.stringify(reply.Failed)}`)
    const byEntry = new Map((reply.Successful ?? []).map((s) => [s.Id, s.MessageId]))
    for (let i = start; i < Math.min(count, start + 10); i++) ids[i] = byEntry.get(`m${i}`) ?? ''
  }
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < starts.length) await sendBatch(starts[next++] as number)
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane))
  return ids
}

export interface QueueCounts { readonly visible: number, readonly inFlight: number, readonly delayed: number }

/** ElasticMQ's ApproximateNumberOfMessages (visible), ...NotVisible (received, not deleted) and ...Delayed. */
export async function queueCounts (sqs: SQSClient, queueUrl: string): Promise<QueueCounts> {
  const reply = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']
  }))
  const count = (name: QueueAttributeName): number => Number(reply.Attributes?.[name] ?? '0')
  return { visible: count('ApproximateNumberOfMessages'), inFlight: count('ApproximateNumberOfMessagesNotVisible'), delayed: count('ApproximateNumberOfMessagesDelayed') }
}

/** Visible + in flight + delayed messages. */
export async function messagesInQueue (sqs: SQSClient, queueUrl: string): Promise<number> {
  const { visible, inFlight, delayed } = await queueCounts(sqs, queueUrl)
  return visible + inFlight + delayed
}

/** Receives (without deleting) every message currently visible; returns their MessageIds. */
export async function drainIds (sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const ids: string[] = []
  for (;;) {
    const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }))
    const batch = reply.Messages ?? []
    if (batch.length === 0) return ids
    ids.push(...batch.map((m) => m.MessageId ?? ''))
  }
}
