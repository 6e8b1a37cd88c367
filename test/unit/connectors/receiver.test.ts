/** Receiver: the ReceiveRequestAttemptId of FIFO receives, checked with a fake SQS client. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { parseSqsSourceConfig } from '../../../src/connectors/sqs/config.ts'
import { Receiver } from '../../../src/connectors/sqs/receiver.ts'
import { RetryPolicy } from '../../../src/connectors/sqs/retry-policy.ts'
import { SdkHotPath } from '../../../src/connectors/sqs/hot-path.ts'

type Reply = Error | { Messages?: Array<{ MessageId: string }> }

/** A client whose send() answers from `replies` in turn and records every ReceiveMessage input. */
function fakeClient (replies: Reply[]): { client: SQSClient, inputs: Array<Record<string, unknown>> } {
  const inputs: Array<Record<string, unknown>> = []
  const client = {
    send: async (command: ReceiveMessageCommand) => {
      inputs.push({ ...command.input })
      const reply = replies.shift()
      if (reply === undefined) throw new Error('no reply scripted')
      if (reply instanceof Error) throw reply
      return reply
    }
  } as unknown as SQSClient
  return { client, inputs }
}

function networkError (): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
}

function receiver (queueUrl: string, client: SQSClient): Receiver {
  const config = parseSqsSourceConfig({ 'kafka.topic': 't', 'sqs.url': queueUrl })
  const silent = { debug () {}, info () {}, warn () {}, error () {} }
  return new Receiver({
    sqs: new SdkHotPath(client),
    config,
    retryPolicy: new RetryPolicy({ maxRetries: 5, maxRetryTimeMs: 60_000, sleep: async () => {} }),
    context: { queueUrl, region: 'us-east-1', credentialsSource: 'test', secrets: [] },
    logger: silent,
    signal: new AbortController().signal
  })
}

const FIFO = 'http://127.0.0.1:9324/000000000000/orders.fifo'

test('FIFO: the retries of one receive reuse its attempt id; the next receive gets a new one', async () => {
  const { client, inputs } = fakeClient([networkError(), networkError(), { Messages: [{ MessageId: 'a' }] }, { Messages: [{ MessageId: 'b' }] }])
  const r = receiver(FIFO, client)
  assert.deepEqual((await r.receive()).map((m) => m.MessageId), ['a'])
  assert.deepEqual((await r.receive()).map((m) => m.MessageId), ['b'])
  assert.equal(inputs.length, 4, 'two failed attempts, then one success per receive')
  const ids = inputs.map((i) => i.ReceiveRequestAttemptId)
  for (const id of ids) {
    assert.equal(typeof id, 'string')
    assert.match(id as string, /^[A-Za-z0-9!-/:-@[-`{-~]{1,128}$/, 'at most 128 alphanumerics and punctuation, as SQS requires')
  }
  assert.equal(ids[0], ids[1], 'first retry: same attempt id')
  assert.equal(ids[1], ids[2], 'second retry: same attempt id')
  assert.notEqual(ids[3], ids[0], 'a new logical receive: a new attempt id')
})

test('FIFO: receives that succeed at once still get a fresh attempt id each', async () => {
  const { client, inputs } = fakeClient([{ Messages: [] }, { Messages: [] }, { Messages: [] }])
  const r = receiver(FIFO, client)
  for (let i = 0; i < 3; i++) await r.receive()
  assert.equal(new Set(inputs.map((i) => i.ReceiveRequestAttemptId)).size, 3)
})

test('standard queues send no attempt id (SQS accepts it for FIFO queues only)', async () => {
  const { client, inputs } = fakeClient([networkError(), { Messages: [] }])
  await receiver('http://127.0.0.1:9324/000000000000/orders', client).receive()
  assert.equal(inputs.length, 2)
  for (const input of inputs) assert.equal('ReceiveRequestAttemptId' in input, false)
})
