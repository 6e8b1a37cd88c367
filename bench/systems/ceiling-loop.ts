/**
 * The SQS ceiling's process: `tasks` SQS clients (one HTTP agent each, as each of our tasks has), each with
 * `concurrency` loops of ReceiveMessage (10 messages, 20 s long poll, all attributes, as our receiver asks) whose
 * DeleteMessageBatch runs while the loop already receives again. No Kafka, no conversion: the most this SQS server
 * hands out at that concurrency. Each deleted message is appended to the deliveries file.
 * Usage: node --import tsx bench/systems/ceiling-loop.ts ENDPOINT QUEUE_URL TASKS CONCURRENCY FIFO(true|false) DELIVERIES_FILE
 */
import { randomUUID } from 'node:crypto'
import { openSync, writeSync } from 'node:fs'
import { Agent } from 'node:http'
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { readMarker } from '../compare/body-marker.ts'
import { formatDeliveries, type Delivery } from './deliveries.ts'

const [endpoint = '', queueUrl = '', tasks = '1', concurrency = '1', fifo = 'false', deliveriesFile = ''] = process.argv.slice(2)
const out = openSync(deliveriesFile, 'a')
const abort = new AbortController()
const pendingDeletes = new Set<Promise<void>>()

function client (): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) })
  })
}

async function remove (sqs: SQSClient, messages: Message[], atMs: number): Promise<void> {
  const reply = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }))
  const failed = new Set((reply.Failed ?? []).map((f) => f.Id))
  const done: Delivery[] = []
  for (const [i, m] of messages.entries()) {
    const marker = readMarker(m.Body)
    if (!failed.has(String(i)) && marker !== undefined) done.push({ seq: marker.seq, sentMs: marker.sentMs, atMs })
  }
  if (done.length > 0) writeSync(out, formatDeliveries(done))
}

async function loop (sqs: SQSClient): Promise<void> {
  while (!abort.signal.aborted) {
    let messages: Message[]
    try {
      const reply = await sqs.send(new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 20,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(fifo === 'true' ? { ReceiveRequestAttemptId: randomUUID() } : {})
      }), { abortSignal: abort.signal })
      messages = reply.Messages ?? []
    } catch (error) {
      if (abort.signal.aborted) return
      process.stderr.write(`ReceiveMessage failed: ${String(error)}\n`)
      await new Promise((resolve) => setTimeout(resolve, 200))
      continue
    }
    if (messages.length === 0) continue
    const atMs = Date.now()
    const deletion = remove(sqs, messages, atMs).catch((error: unknown) => { process.stderr.write(`DeleteMessageBatch failed: ${String(error)}\n`) })
    pendingDeletes.add(deletion)
    void deletion.finally(() => pendingDeletes.delete(deletion))
    // FIFO: SQS holds a group's next messages until these are deleted, so waiting here changes nothing there;
    // on a standard queue it lets the next receive overlap the delete, at most one delete per loop in flight.
    if (pendingDeletes.size >= Number(tasks) * Number(concurrency)) await deletion
  }
}

const clients = Array.from({ length: Number(tasks) }, client)
process.once('SIGTERM', () => abort.abort())
process.once('SIGINT', () => abort.abort())
await Promise.all(clients.flatMap((sqs) => Array.from({ length: Number(concurrency) }, async () => await loop(sqs))))
await Promise.all(pendingDeletes)
for (const sqs of clients) sqs.destroy()
