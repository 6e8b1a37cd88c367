import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { MessageDeleter, type DeleterOptions } from '../../../src/connectors/sqs/message-deleter.ts'
import { RetryPolicy } from '../../../src/connectors/sqs/retry-policy.ts'
import { allOk, fakeBatchClient, type BatchReply } from '../support/fake-batch-client.ts'
import { SdkHotPath } from '../../../src/connectors/sqs/hot-path.ts'

interface Entry { Id: string, ReceiptHandle: string }
type Reply = BatchReply

const quiet = { debug () {}, info () {}, warn () {}, error () {} }
const context = { queueUrl: 'q', region: 'us-east-1', credentialsSource: 'test' }

/** A deleter whose retries wait no time. */
function deleterFor (client: SQSClient, maxRetries = 4, extra: Partial<DeleterOptions> = {}): MessageDeleter {
  const retryPolicy = new RetryPolicy({ maxRetries, maxRetryTimeMs: 60_000, sleep: async () => {} })
  return new MessageDeleter({ sqs: new SdkHotPath(client), queueUrl: 'q', logger: quiet, retryPolicy, context, ...extra })
}

function fakeClient (respond?: (entries: Entry[], call: number) => Reply | Error): { client: SQSClient, calls: Entry[][] } {
  return fakeBatchClient<Entry>(respond)
}

test('acknowledged messages are deleted in batches of at most 10, coalesced across records', async () => {
  const { client, calls } = fakeClient(allOk)
  const deleter = deleterFor(client)
  for (let i = 0; i < 25; i++) deleter.enqueue(`m${i}`, `h${i}`)
  await deleter.flush()
  assert.deepEqual(calls.map((c) => c.length), [10, 10, 5])
  assert.deepEqual(calls.flat().map((e) => e.ReceiptHandle), Array.from({ length: 25 }, (_, i) => `h${i}`))
  assert.equal(deleter.counts.deleted, 25)
  deleter.close()
})

test('entries that failed on the server side are retried; sender faults are counted, not retried', async () => {
  const { client, calls } = fakeClient((entries, call) => call === 1
    ? { Successful: [{ Id: entries[0]!.Id }], Failed: [{ Id: entries[1]!.Id, SenderFault: false, Code: 'InternalError' }, { Id: entries[2]!.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid' }] }
    : allOk(entries))
  const deleter = deleterFor(client)
  for (const i of [0, 1, 2]) deleter.enqueue(`m${i}`, `h${i}`)
  await deleter.flush()
  assert.deepEqual(calls.map((c) => c.map((e) => e.ReceiptHandle)), [['h0', 'h1', 'h2'], ['h1']])
  assert.deepEqual(deleter.counts, { deleted: 2, abandoned: 1, retried: 1 })
})

test('a failing request is retried, then given up (the message comes back later: a duplicate, not a loss)', async () => {
  const { client, calls } = fakeClient(() => new Error('connection reset'))
  const deleter = deleterFor(client, 2)
  deleter.enqueue('m0', 'h0')
  await deleter.flush()
  assert.equal(calls.length, 3)
  assert.deepEqual(deleter.counts, { deleted: 0, abandoned: 1, retried: 2 })
})

test('after close nothing more is sent and flush returns at once', async () => {
  const { client, calls } = fakeClient(allOk)
  const deleter = deleterFor(client)
  deleter.enqueue('m0', 'h0')
  deleter.close()
  deleter.enqueue('m1', 'h1')
  await deleter.flush()
  await new Promise((resolve) => setTimeout(resolve, 40))
  assert.equal(calls.length, 0)
})

/** An error as the AWS SDK throws it for an error answer. */
function sdkError (name: string, status: number): Error {
  return Object.assign(new Error(`${name} from the fake`), { name, $fault: 'client', $metadata: { httpStatusCode: status } })
}

test('a delete SQS refuses for good is not retried: the batch is abandoned (counted) and the error kept for the task', async () => {
  const { client, calls } = fakeClient(() => sdkError('AccessDenied', 403))
  const deleter = deleterFor(client)
  for (const i of [0, 1, 2]) deleter.enqueue(`m${i}`, `h${i}`)
  await deleter.flush()
  assert.equal(calls.length, 1)
  assert.deepEqual(deleter.counts, { deleted: 0, abandoned: 3, retried: 0 })
  assert.equal(deleter.failure?.code, 'SQSC_SQS_ACCESS_DENIED')
  assert.match(deleter.failure?.message ?? '', /Access denied for sqs:DeleteMessage on SQS queue q/)
})

test('retries of a delete stop when the time budget is spent, even with retries left', async () => {
  let clock = 0
  const retryPolicy = new RetryPolicy({
    maxRetries: 100, maxRetryTimeMs: 1000, random: () => 0.999, now: () => clock, sleep: async (ms) => { clock += ms }
  })
  const { client, calls } = fakeClient(() => { clock += 100; return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) })
  const deleter = deleterFor(client, 100, { retryPolicy })
  deleter.enqueue('m0', 'h0')
  await deleter.flush()
  assert.ok(calls.length > 2 && calls.length < 12, `a handful of attempts within 1 s of fake time, got ${calls.length}`)
  assert.equal(deleter.counts.abandoned, 1)
  assert.equal(deleter.failure, undefined, 'running out of retries is not a task failure: the message comes back')
})

test('close() ends a wait between retries at once', async () => {
  const retryPolicy = new RetryPolicy({ maxRetries: 5, maxRetryTimeMs: 60_000, baseDelayMs: 60_000, random: () => 0.5 })
  const { client, calls } = fakeClient(() => sdkError('ServiceUnavailable', 503))
  const deleter = deleterFor(client, 5, { retryPolicy })
  deleter.enqueue('m0', 'h0')
  const flushed = deleter.flush()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const began = Date.now()
  deleter.close()
  await flushed
  assert.ok(Date.now() - began < 1000)
  assert.equal(calls.length, 1)
})
