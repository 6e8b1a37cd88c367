/**
 * The SQS ceiling for the hot-path profile: `loops` bare ReceiveMessage + DeleteMessageBatch loops in one process,
 * asking for the same attributes as the connector and with the same keep-alive HTTP settings, writing nothing to
 * Kafka. Prints `ready`, starts on a line on stdin (so the harness samples /proc after start-up), prints
 * `done <deleted>` once `messages` messages were deleted, and exits.
 * Usage: node --import tsx bench/profile/ceiling-loop.ts ENDPOINT QUEUE_URL LOOPS MESSAGES
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Agent } from 'node:http'
import { once } from 'node:events'

const [endpoint, queueUrl, loopsText, messagesText] = process.argv.slice(2)
if (endpoint === undefined || queueUrl === undefined) throw new Error('usage: ceiling-loop.ts ENDPOINT QUEUE_URL LOOPS MESSAGES')
const loops = Number(loopsText ?? '1')
const messages = Number(messagesText ?? '0')

const client = new SQSClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }),
  maxAttempts: 1
})

let deleted = 0

async function loop (): Promise<void> {
  while (deleted < messages) {
    const reply = await client.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All']
    }))
    const received = reply.Messages ?? []
    if (received.length === 0) continue
    const result = await client.send(new DeleteMessageBatchCommand({
      QueueUrl: queueUrl, Entries: received.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' }))
    }))
    deleted += result.Successful?.length ?? 0
  }
}

process.stdout.write('ready\n')
process.stdin.setEncoding('utf8')
await once(process.stdin, 'data')
await Promise.all(Array.from({ length: loops }, loop))
process.stdout.write(`done ${deleted}\n`)
client.destroy()
process.exit(0)
