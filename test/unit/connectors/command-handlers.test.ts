/** sendCommand: a real SQSClient against a scripted HTTP server on 127.0.0.1; the middleware is resolved once per class and signal. */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type DeleteMessageBatchCommandOutput, type ReceiveMessageCommandOutput } from '@aws-sdk/client-sqs'
import { sendCommand } from '../../../src/connectors/sqs/command-handlers.ts'

/** Answers each request with the JSON the handler returns for its X-Amz-Target and body; never answers a `hang` queue. */
async function scriptedServer (answer: (target: string, body: Record<string, unknown>) => unknown): Promise<{ endpoint: string, targets: string[], close: () => Promise<void> }> {
  const targets: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = ''
    req.on('data', (d: Buffer) => { text += d.toString() })
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '')
      targets.push(target)
      const body = JSON.parse(text) as Record<string, unknown>
      if (String(body.QueueUrl).endsWith('/hang')) return
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
      res.end(JSON.stringify(answer(target, body)))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return { endpoint: `http://127.0.0.1:${port}`, targets, close: async () => { server.closeAllConnections(); server.close() } }
}

function client (endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1, md5: false })
}

/** Counts how often the middleware of ReceiveMessage commands is resolved. */
let resolved = 0
class CountingReceive extends ReceiveMessageCommand {
  override resolveMiddleware (...args: Parameters<ReceiveMessageCommand['resolveMiddleware']>): ReturnType<ReceiveMessageCommand['resolveMiddleware']> {
    resolved++
    return super.resolveMiddleware(...args)
  }
}

test('each command gets its own answer while the middleware is resolved once per class and signal', async () => {
  const server = await scriptedServer((target, body) => target.endsWith('ReceiveMessage')
    ? { Messages: [{ MessageId: `for ${String(body.MaxNumberOfMessages)}`, Body: 'b', ReceiptHandle: 'r' }] }
    : { Successful: (body.Entries as Array<{ Id: string }>).map((e) => ({ Id: e.Id })), Failed: [] })
  const sqs = client(server.endpoint)
  const signal = new AbortController().signal
  try {
    resolved = 0
    const queueUrl = `${server.endpoint}/000000000000/q`
    const answers = await Promise.all([1, 2, 3].map(async (n) => await sendCommand<ReceiveMessageCommandOutput>(sqs, new CountingReceive({ QueueUrl: queueUrl, MaxNumberOfMessages: n }), signal)))
    assert.deepEqual(answers.map((a) => a.Messages?.[0]?.MessageId), ['for 1', 'for 2', 'for 3'], 'each call sent its own input and got its own output')
    assert.equal(resolved, 1, 'one resolution for three calls with the same signal')
    await sendCommand(sqs, new CountingReceive({ QueueUrl: queueUrl, MaxNumberOfMessages: 4 }), new AbortController().signal)
    assert.equal(resolved, 2, 'another signal, another handler')
    const deleted = await sendCommand<DeleteMessageBatchCommandOutput>(sqs, new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: '0', ReceiptHandle: 'r' }, { Id: '1', ReceiptHandle: 's' }] }), signal)
    assert.deepEqual(deleted.Successful?.map((s) => s.Id), ['0', '1'])
    assert.deepEqual(server.targets, ['AmazonSQS.ReceiveMessage', 'AmazonSQS.ReceiveMessage', 'AmazonSQS.ReceiveMessage', 'AmazonSQS.ReceiveMessage', 'AmazonSQS.DeleteMessageBatch'])
  } finally {
    sqs.destroy()
    await server.close()
  }
})

test('the signal a handler was resolved with still aborts its calls', async () => {
  const server = await scriptedServer(() => ({}))
  const sqs = client(server.endpoint)
  const abort = new AbortController()
  try {
    const queueUrl = `${server.endpoint}/000000000000/hang`
    // Resolved by an earlier call on the same signal, so the aborted call runs through the cached handler.
    await sendCommand(sqs, new ReceiveMessageCommand({ QueueUrl: `${server.endpoint}/000000000000/q` }), abort.signal)
    const pending = sendCommand(sqs, new ReceiveMessageCommand({ QueueUrl: queueUrl }), abort.signal)
    setTimeout(() => abort.abort(), 100)
    await assert.rejects(pending, (error: Error) => /abort/i.test(`${error.name} ${error.message}`))
  } finally {
    sqs.destroy()
    await server.close()
  }
})
