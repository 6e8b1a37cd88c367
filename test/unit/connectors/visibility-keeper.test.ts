import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SQSClient } from '@aws-sdk/client-sqs'
import type { InFlightMessage } from '../../../src/connectors/sqs/in-flight.ts'
import { RetryPolicy } from '../../../src/connectors/sqs/retry-policy.ts'
import { VisibilityKeeper, type VisibilityKeeperOptions } from '../../../src/connectors/sqs/visibility-keeper.ts'
import { allOk, fakeBatchClient, type BatchReply } from '../support/fake-batch-client.ts'
import { SdkHotPath } from '../../../src/connectors/sqs/hot-path.ts'

interface Entry { Id: string, ReceiptHandle: string, VisibilityTimeout: number }
type Reply = BatchReply

const context = { queueUrl: 'q', region: 'us-east-1', credentialsSource: 'test' }

function recordingLogger (): { warnings: string[], logger: VisibilityKeeperOptions['logger'] } {
  const warnings: string[] = []
  return { warnings, logger: { debug () {}, info () {}, warn (_o: object, msg: string) { warnings.push(msg) }, error () {} } }
}

function fakeClient (respond?: (entries: Entry[], call: number) => Reply | Error): { client: SQSClient, calls: Entry[][] } {
  return fakeBatchClient<Entry>(respond)
}

function messages (count: number, receivedAt = 0): InFlightMessage[] {
  return Array.from({ length: count }, (_, i) => ({ messageId: `m${i}`, receiptHandle: `h${i}`, receivedAt, receiveCount: 1 }))
}

/** A keeper on a fake clock (`clock.now`), over a mutable in-flight list, whose retries wait no time. */
function keeperFor (inFlight: InFlightMessage[], client: Pick<SQSClient, 'send'>, extra: Partial<VisibilityKeeperOptions> = {}) {
  const clock = { now: 0 }
  const { warnings, logger } = recordingLogger()
  const keeper = new VisibilityKeeper({
    sqs: new SdkHotPath(client), queueUrl: 'q', logger, context, timeoutSeconds: 10, inFlight: () => inFlight, now: () => clock.now,
    retryPolicy: new RetryPolicy({ maxRetries: 2, maxRetryTimeMs: 60_000, sleep: async () => {} }),
    ...extra
  })
  return { keeper, clock, warnings }
}

function accessDenied (): Error {
  return Object.assign(new Error('not authorized to perform sqs:ChangeMessageVisibility'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
}

test('nothing is extended before half of the visibility timeout has passed', async () => {
  const { client, calls } = fakeClient()
  const { keeper, clock } = keeperFor(messages(3), client)
  clock.now = 4999
  assert.equal(keeper.due(clock.now).length, 0)
  await keeper.tick()
  assert.equal(calls.length, 0)
})

test('due messages are extended by the full timeout, at most 10 per call, in receive order', async () => {
  const { client, calls } = fakeClient()
  const { keeper, clock } = keeperFor(messages(25), client)
  clock.now = 5000
  await keeper.tick()
  assert.deepEqual(calls.map((c) => c.length), [10, 10, 5])
  assert.deepEqual(calls.flat().map((e) => e.ReceiptHandle), messages(25).map((m) => m.receiptHandle))
  assert.ok(calls.flat().every((e) => e.VisibilityTimeout === 10))
  assert.equal(keeper.counts.extended, 25)
})

test('a round keeps up to 4 calls in flight, so thousands of held messages are extended within half a timeout', async () => {
  let inFlight = 0
  let most = 0
  let calls = 0
  const client = {
    send: async (command: { input: { Entries: Entry[] } }) => {
      calls += 1
      inFlight += 1
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight -= 1
      return { Successful: command.input.Entries.map((e) => ({ Id: e.Id })), Failed: [] }
    }
  } as unknown as SQSClient
  const { keeper, clock } = keeperFor(messages(95), client)
  clock.now = 5000
  await keeper.tick()
  assert.equal(calls, 10)
  assert.equal(most, 4)
  assert.equal(keeper.counts.extended, 95)
})

test('after an extension the next heartbeat comes half a timeout later', async () => {
  const { client, calls } = fakeClient()
  const { keeper, clock } = keeperFor(messages(2), client)
  clock.now = 6000
  await keeper.tick()
  assert.equal(calls.length, 1)
  // Now visible again at 16 s: the next heartbeat is due at 11 s.
  clock.now = 10_999
  await keeper.tick()
  assert.equal(calls.length, 1)
  clock.now = 11_000
  await keeper.tick()
  assert.equal(calls.length, 2)
})

test('messages received at different times are extended when each is due, coalesced per tick', async () => {
  const { client, calls } = fakeClient()
  const inFlight = [...messages(2, 0), { messageId: 'late', receiptHandle: 'late', receivedAt: 3000, receiveCount: 1 }]
  const { keeper, clock } = keeperFor(inFlight, client)
  clock.now = 5000
  await keeper.tick()
  assert.deepEqual(calls[0]?.map((e) => e.ReceiptHandle), ['h0', 'h1'])
  clock.now = 8000
  await keeper.tick()
  assert.deepEqual(calls[1]?.map((e) => e.ReceiptHandle), ['late'])
})

test('acknowledged messages get no heartbeat', async () => {
  const { client, calls } = fakeClient()
  const inFlight = messages(3)
  const { keeper, clock } = keeperFor(inFlight, client)
  inFlight.splice(1, 1)
  clock.now = 5000
  await keeper.tick()
  assert.deepEqual(calls[0]?.map((e) => e.ReceiptHandle), ['h0', 'h2'])
})

test('a receipt handle SQS refuses is counted, never extended again, and not treated as a loss', async () => {
  const { client, calls } = fakeClient((entries) => ({
    Successful: entries.filter((e) => e.ReceiptHandle !== 'h1').map((e) => ({ Id: e.Id })),
    Failed: entries.filter((e) => e.ReceiptHandle === 'h1').map((e) => ({ Id: e.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid' }))
  }))
  const { keeper, clock, warnings } = keeperFor(messages(3), client)
  clock.now = 5000
  await keeper.tick()
  assert.equal(keeper.counts.expired, 1)
  assert.equal(keeper.counts.extended, 2)
  assert.match(warnings.join('\n'), /may be delivered again \(a duplicate, not a loss\)/)
  clock.now = 11_000
  await keeper.tick()
  assert.deepEqual(calls[1]?.map((e) => e.ReceiptHandle), ['h0', 'h2'])
})

test('an entry that failed on the server side is tried again at the next tick', async () => {
  const { client, calls } = fakeClient((entries, call) => call === 1
    ? { Failed: entries.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError' })) }
    : allOk(entries))
  const { keeper, clock } = keeperFor(messages(1), client)
  clock.now = 5000
  await keeper.tick()
  clock.now = 5500
  await keeper.tick()
  assert.equal(calls.length, 2)
  assert.equal(keeper.counts.extended, 1)
  assert.equal(keeper.counts.expired, 0)
})

test('a failing call is retried under the retry policy', async () => {
  const { client, calls } = fakeClient((entries, call) => call === 1 ? Object.assign(new Error('boom'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }) : allOk(entries))
  const { keeper, clock } = keeperFor(messages(2), client)
  clock.now = 5000
  await keeper.tick()
  assert.equal(calls.length, 2)
  assert.equal(keeper.counts.extended, 2)
})

test('sqs:ChangeMessageVisibility denied: one warning naming the permission, then no more heartbeats', async () => {
  const { client, calls } = fakeClient(() => accessDenied())
  const { keeper, clock, warnings } = keeperFor(messages(15), client)
  clock.now = 5000
  await keeper.tick()
  clock.now = 20_000
  await keeper.tick()
  // The round's two calls go out together; neither is retried, and no later round calls again.
  assert.equal(calls.length, 2, 'access denied is not retried and stops the heartbeats')
  assert.equal(warnings.length, 1)
  assert.match(warnings[0] ?? '', /grant sqs:ChangeMessageVisibility/)
})

test('no extension past the 12 hours SQS allows since the receive', async () => {
  const { client, calls } = fakeClient()
  const { keeper, clock } = keeperFor(messages(1), client, { timeoutSeconds: 600 })
  clock.now = 43_200_000 - 300_000
  await keeper.tick()
  assert.ok((calls[0]?.[0]?.VisibilityTimeout ?? 0) < 300, 'capped to the time left')
  clock.now = 43_200_000
  await keeper.tick()
  assert.equal(calls.length, 1)
  assert.equal(keeper.counts.expired, 1)
})

test('release makes every message visible at once, in receive order, 10 per call, and stops the heartbeats', async () => {
  const { client, calls } = fakeClient()
  const { keeper } = keeperFor(messages(12), client, { tickMs: 5 })
  keeper.start()
  await keeper.release(1000)
  assert.equal(keeper.heartbeatActive, false)
  assert.deepEqual(calls.map((c) => c.length), [10, 2])
  assert.deepEqual(calls.flat().map((e) => e.ReceiptHandle), messages(12).map((m) => m.receiptHandle))
  assert.ok(calls.flat().every((e) => e.VisibilityTimeout === 0))
  assert.deepEqual({ released: keeper.counts.released, notReleased: keeper.counts.notReleased }, { released: 12, notReleased: 0 })
  await new Promise((resolve) => setTimeout(resolve, 30))
  assert.equal(calls.length, 2, 'no heartbeat after release')
})

test('release is bounded in time: what is not released in time is counted', async () => {
  const client = { send: async (_c: unknown, options: { abortSignal?: AbortSignal }) => await new Promise((_resolve, reject) => options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason))) } as unknown as Pick<SQSClient, 'send'>
  const { keeper } = keeperFor(messages(15), client)
  const started = Date.now()
  await keeper.release(100)
  assert.ok(Date.now() - started < 1000)
  assert.deepEqual({ released: keeper.counts.released, notReleased: keeper.counts.notReleased }, { released: 0, notReleased: 15 })
})

test('release with sqs:ChangeMessageVisibility denied warns once and counts the messages', async () => {
  const { client, calls } = fakeClient(() => accessDenied())
  const { keeper, warnings } = keeperFor(messages(25), client)
  await keeper.release(1000)
  assert.equal(calls.length, 1)
  assert.equal(keeper.counts.notReleased, 25)
  assert.equal(warnings.length, 1)
  assert.match(warnings[0] ?? '', /grant sqs:ChangeMessageVisibility/)
})

test('stop() ends the timer: no heartbeat afterwards', async () => {
  const { client, calls } = fakeClient()
  const { keeper, clock } = keeperFor(messages(1), client, { tickMs: 5 })
  clock.now = 6000
  keeper.start()
  assert.equal(keeper.heartbeatActive, true)
  keeper.stop()
  assert.equal(keeper.heartbeatActive, false)
  await new Promise((resolve) => setTimeout(resolve, 30))
  assert.equal(calls.length, 0)
})

test('the timer drives heartbeats on its own', async () => {
  const { client, calls } = fakeClient()
  const { keeper, clock } = keeperFor(messages(1), client, { tickMs: 5 })
  clock.now = 6000
  keeper.start()
  await new Promise((resolve) => setTimeout(resolve, 40))
  keeper.stop()
  assert.equal(calls.length, 1, 'extended once; not again until half a timeout later')
})

test('release can be given other messages, e.g. what a long poll pending at stop returned', async () => {
  const { client, calls } = fakeClient()
  const { keeper } = keeperFor(messages(2), client)
  await keeper.release(1000)
  await keeper.release(1000, [{ messageId: 'late', receiptHandle: 'late-handle', receivedAt: 0, receiveCount: 1 }])
  assert.deepEqual(calls.map((c) => c.map((e) => e.ReceiptHandle)), [['h0', 'h1'], ['late-handle']])
  assert.equal(keeper.counts.released, 3)
})
