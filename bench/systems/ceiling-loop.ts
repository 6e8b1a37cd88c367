/**
 * The SQS ceiling's process: `tasks` SQS clients (one HTTP agent each, as each of our tasks has), each with
 * `concurrency` loops of ReceiveMessage (10 messages, 20 s long poll, all attributes, as our receiver asks) whose
 * DeleteMessageBatch runs while the loop already receives again. No Kafka, no conversion: the most this SQS server
 * hands out at that concurrency. Each deleted message is appended to the deliveries file. CLIENT `sdk` (default)
 * calls through the AWS SDK; `wire` through sqs-connect's lean wire client (sqs.client=wire), same agent settings.
 * Usage: node --import tsx bench/systems/ceiling-loop.ts ENDPOINT QUEUE_URL TASKS CONCURRENCY FIFO(true|false) DELIVERIES_FILE [CLIENT]
 */
import { randomUUID } from 'node:crypto'
import { openSync, writeSync } from 'node:fs'
import { Agent } from 'node:http'
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type DeleteMessageBatchResult, type Message, type ReceiveMessageRequest, type ReceiveMessageResult } from '@aws-sdk/client-sqs'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { HttpConnections } from '../../src/connectors/sqs/wire/http-connections.ts'
import { WireClient } from '../../src/connectors/sqs/wire/wire-client.ts'
import { readMarker } from '../compare/body-marker.ts'
import { formatDeliveries, type Delivery } from './deliveries.ts'

const [endpoint = '', queueUrl = '', tasks = '1', concurrency = '1', fifo = 'false', deliveriesFile = '', clientKind = 'sdk'] = process.argv.slice(2)
if (clientKind !== 'sdk' && clientKind !== 'wire') throw new Error(`CLIENT must be sdk or wire, not ${clientKind}`)
const out = openSync(deliveriesFile, 'a')
const abort = new AbortController()
const pendingDeletes = new Set<Promise<void>>()

/** The two calls of the loop, through the AWS SDK or the wire client. */
interface LoopClient {
  receive: (input: ReceiveMessageRequest, abortSignal: AbortSignal) => Promise<ReceiveMessageResult>
  remove: (messages: Message[]) => Promise<DeleteMessageBatchResult>
  destroy: () => void
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const entriesOf = (messages: Message[]): Array<{ Id: string, ReceiptHandle: string | undefined }> => messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }))

function sdkClient (): LoopClient {
  const sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) })
  })
  return {
    receive: async (input, abortSignal) => await sqs.send(new ReceiveMessageCommand(input), { abortSignal }),
    remove: async (messages) => await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entriesOf(messages) })),
    destroy: () => sqs.destroy()
  }
}

/** The wire client as sqs-connect runs it without a proxy: over its own connections (the agent is not used then). */
function wireClient (): LoopClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const direct = new HttpConnections()
  const sqs = new WireClient({
    endpoint: new URL(endpoint), region: 'us-east-1', credentials: async () => credentials,
    http: { httpAgent: agent, httpsAgent: agent, connectionTimeoutMs: 10_000, requestTimeoutMs: 35_000, direct }
  })
  return {
    receive: async (input, abortSignal) => await sqs.receiveMessage(input, abortSignal),
    remove: async (messages) => await sqs.deleteMessageBatch({ QueueUrl: queueUrl, Entries: entriesOf(messages) }),
    destroy: () => { direct.destroy(); agent.destroy() }
  }
}

const client = clientKind === 'wire' ? wireClient : sdkClient

async function remove (sqs: LoopClient, messages: Message[], atMs: number): Promise<void> {
  const reply = await sqs.remove(messages)
  const failed = new Set((reply.Failed ?? []).map((f) => f.Id))
  const done: Delivery[] = []
  for (const [i, m] of messages.entries()) {
    const marker = readMarker(m.Body)
    if (!failed.has(String(i)) && marker !== undefined) done.push({ seq: marker.seq, sentMs: marker.sentMs, atMs })
  }
  if (done.length > 0) writeSync(out, formatDeliveries(done))
}

async function loop (sqs: LoopClient): Promise<void> {
  while (!abort.signal.aborted) {
    let messages: Message[]
    try {
      const reply = await sqs.receive({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 20,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(fifo === 'true' ? { ReceiveRequestAttemptId: randomUUID() } : {})
      }, abort.signal)
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
