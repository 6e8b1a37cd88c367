import assert from 'node:assert/strict'
import { test } from 'node:test'
import { abortableSleep, RetryPolicy, type FailureVerdict, type RetryInfo } from '../../../src/connectors/sqs/retry-policy.ts'
import { SqsConnectError } from '../../../src/errors.ts'

/** A policy on a fake clock: sleeping advances the clock, nothing really waits. */
function fakeTime (options: { maxRetries: number, maxRetryTimeMs: number, random?: () => number, callMs?: number }): {
  policy: RetryPolicy, clock: () => number, sleeps: number[], tick: (ms: number) => void
} {
  let now = 1_000_000
  const sleeps: number[] = []
  const policy = new RetryPolicy({
    maxRetries: options.maxRetries,
    maxRetryTimeMs: options.maxRetryTimeMs,
    random: options.random ?? (() => 0.5),
    now: () => now,
    sleep: async (ms) => { sleeps.push(ms); now += ms }
  })
  return { policy, clock: () => now, sleeps, tick: (ms) => { now += ms } }
}

const transient: FailureVerdict = { retry: true, kind: 'transient' }
const retryAll = (): FailureVerdict => transient

test('ceilings double from the base and stop at the cap; throttling starts from its own base', () => {
  const policy = new RetryPolicy({ maxRetries: 10, maxRetryTimeMs: 1000, baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20_000 })
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => policy.ceilingMs(n, 'transient')), [100, 200, 400, 800, 1600, 3200, 6400, 12_800, 20_000])
  assert.deepEqual([1, 2, 3, 6, 7].map((n) => policy.ceilingMs(n, 'throttling')), [500, 1000, 2000, 16_000, 20_000])
  assert.equal(policy.ceilingMs(1000, 'transient'), 20_000, 'a huge retry number neither overflows nor exceeds the cap')
})

test('full jitter: every delay lies in [0, ceiling) and follows random()', () => {
  for (const r of [0, 0.25, 0.5, 0.999999]) {
    const policy = new RetryPolicy({ maxRetries: 10, maxRetryTimeMs: 1000, random: () => r })
    for (let retry = 1; retry <= 12; retry++) {
      const ceiling = policy.ceilingMs(retry, 'transient')
      const delay = policy.delayMs(retry, 'transient')
      assert.ok(delay >= 0 && delay < ceiling, `retry ${retry}, random ${r}: ${delay} within [0, ${ceiling})`)
      assert.equal(delay, Math.floor(r * ceiling))
    }
  }
})

test('with Math.random the delays spread over the whole range', () => {
  const policy = new RetryPolicy({ maxRetries: 10, maxRetryTimeMs: 1000, baseDelayMs: 1000 })
  const delays = Array.from({ length: 2000 }, () => policy.delayMs(1, 'transient'))
  assert.ok(delays.every((d) => d >= 0 && d < 1000))
  assert.ok(Math.min(...delays) < 100 && Math.max(...delays) > 900, 'not clustered at one end')
})

test('run() retries until the call succeeds and reports each retry', async () => {
  const { policy, sleeps } = fakeTime({ maxRetries: 5, maxRetryTimeMs: 60_000 })
  const infos: RetryInfo[] = []
  let calls = 0
  const result = await policy.run(async () => {
    calls += 1
    if (calls < 4) throw new Error(`fault ${calls}`)
    return 'ok'
  }, { operation: 'ReceiveMessage', classify: retryAll, onRetry: (info) => infos.push(info) })
  assert.equal(result, 'ok')
  assert.equal(calls, 4)
  assert.deepEqual(sleeps, [50, 100, 200], 'half of 100, 200, 400 ms with random() = 0.5')
  assert.deepEqual(infos.map((i) => [i.retry, i.delayMs, i.kind, (i.error as Error).message]),
    [[1, 50, 'transient', 'fault 1'], [2, 100, 'transient', 'fault 2'], [3, 200, 'transient', 'fault 3']])
})

test('run() gives up after maxRetries retries with an error naming sqs.max.retries and the last cause', async () => {
  const { policy } = fakeTime({ maxRetries: 3, maxRetryTimeMs: 600_000 })
  let calls = 0
  const error = await policy.run(async () => { calls += 1; throw new Error(`socket hang up #${calls}`) },
    { operation: 'ReceiveMessage', classify: retryAll }).catch((e: unknown) => e)
  assert.equal(calls, 4, 'the first attempt and 3 retries')
  assert.ok(error instanceof SqsConnectError)
  assert.equal(error.code, 'SQSC_SQS_RETRIES_EXHAUSTED')
  assert.equal(error.subject, 'sqs.max.retries')
  assert.match(error.message, /ReceiveMessage still failed after 4 attempt\(s\)/)
  assert.match(error.message, /sqs\.max\.retries=3 retries were used up/)
  assert.match(error.message, /Last error: Error: socket hang up #4/)
  assert.equal((error.cause as Error).message, 'socket hang up #4')
})

test('maxRetries = 0: a failed call fails at once', async () => {
  const { policy, sleeps } = fakeTime({ maxRetries: 0, maxRetryTimeMs: 600_000 })
  let calls = 0
  await assert.rejects(policy.run(async () => { calls += 1; throw new Error('x') }, { operation: 'Op', classify: retryAll }), { code: 'SQSC_SQS_RETRIES_EXHAUSTED' })
  assert.equal(calls, 1)
  assert.deepEqual(sleeps, [])
})

test('run() gives up when the time budget (from the first failure) is spent, whatever retries are left', async () => {
  // Each attempt takes 300 ms of fake time; random() near 1 makes delays near their ceiling.
  const { policy, clock, sleeps, tick } = fakeTime({ maxRetries: 100, maxRetryTimeMs: 2000, random: () => 0.99 })
  const began = clock()
  let calls = 0
  const error = await policy.run(async () => { calls += 1; tick(300); throw new Error('ECONNREFUSED') },
    { operation: 'ReceiveMessage', classify: retryAll }).catch((e: unknown) => e) as SqsConnectError
  assert.equal(error.code, 'SQSC_SQS_RETRIES_EXHAUSTED')
  assert.equal(error.subject, 'sqs.max.retry.time.ms')
  assert.match(error.message, /the sqs\.max\.retry\.time\.ms=2000 ms retry budget was used up/)
  // The budget starts at the first failure (300 ms in) and the last wait is cut to end at the deadline.
  assert.ok(clock() - began <= 300 + 2000 + 300, `stopped within the budget (${clock() - began} ms)`)
  assert.ok(calls >= 3 && calls < 10, `a few attempts, not 100 (${calls})`)
  assert.ok(sleeps.every((ms) => ms >= 0 && ms <= 2000))
})

test('maxRetryTimeMs = 0: no retry at all', async () => {
  const { policy } = fakeTime({ maxRetries: 10, maxRetryTimeMs: 0 })
  let calls = 0
  await assert.rejects(policy.run(async () => { calls += 1; throw new Error('x') }, { operation: 'Op', classify: retryAll }), { subject: 'sqs.max.retry.time.ms' })
  assert.equal(calls, 1)
})

test('the last wait is shortened so the retry still starts inside the budget', () => {
  const { policy, tick } = fakeTime({ maxRetries: 10, maxRetryTimeMs: 1000, random: () => 0.999 })
  const budget = policy.newBudget()
  assert.deepEqual(policy.next(budget, 'throttling'), { delayMs: 499 })
  tick(900)
  assert.deepEqual(policy.next(budget, 'throttling'), { delayMs: 100 }, 'the 999 ms delay is cut to the 100 ms left')
  tick(100)
  assert.deepEqual(policy.next(budget, 'throttling'), { exhausted: 'time' })
})

test('a verdict not to retry throws its error at once', async () => {
  const { policy, sleeps } = fakeTime({ maxRetries: 10, maxRetryTimeMs: 60_000 })
  const fatal = new SqsConnectError('SQSC_SQS_ACCESS_DENIED', 'access denied')
  let calls = 0
  await assert.rejects(policy.run(async () => { calls += 1; throw new Error('AccessDenied') },
    { operation: 'Op', classify: () => ({ retry: false, error: fatal }) }), (e) => e === fatal)
  assert.equal(calls, 1)
  assert.deepEqual(sleeps, [])
})

test('the describe option shapes the last cause in the message', async () => {
  const { policy } = fakeTime({ maxRetries: 1, maxRetryTimeMs: 60_000 })
  await assert.rejects(policy.run(async () => { throw new Error('x') }, { operation: 'Op', classify: retryAll, describe: () => 'DESCRIBED' }), /Last error: DESCRIBED$/)
})

test('abort during a wait ends run() at once with the abort reason; no further attempt', async () => {
  const policy = new RetryPolicy({ maxRetries: 10, maxRetryTimeMs: 600_000, baseDelayMs: 60_000, random: () => 0.9 })
  const controller = new AbortController()
  let calls = 0
  const began = Date.now()
  const running = policy.run(async () => { calls += 1; throw new Error('down') }, { operation: 'Op', classify: retryAll, signal: controller.signal })
  setTimeout(() => controller.abort(new Error('stopping')), 30)
  await assert.rejects(running, /stopping/)
  assert.ok(Date.now() - began < 1000, 'did not sit out the 54 s wait')
  assert.equal(calls, 1)
})

test('abort during the call: the call gets the signal and run() rejects instead of classifying', async () => {
  const policy = new RetryPolicy({ maxRetries: 10, maxRetryTimeMs: 600_000 })
  const controller = new AbortController()
  let classified = 0
  const running = policy.run((signal) => new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new Error('aborted by signal')))
  }), { operation: 'Op', signal: controller.signal, classify: () => { classified += 1; return transient } })
  controller.abort(new Error('stop now'))
  await assert.rejects(running, /stop now/)
  assert.equal(classified, 0)
})

test('an already aborted signal: the call is never made', async () => {
  const policy = new RetryPolicy({ maxRetries: 10, maxRetryTimeMs: 600_000 })
  let calls = 0
  await assert.rejects(policy.run(async () => { calls += 1 }, { operation: 'Op', classify: retryAll, signal: AbortSignal.abort(new Error('gone')) }), /gone/)
  assert.equal(calls, 0)
})

test('abortableSleep waits, and rejects promptly on abort', async () => {
  const began = Date.now()
  await abortableSleep(30)
  assert.ok(Date.now() - began >= 25)
  const controller = new AbortController()
  const sleeping = abortableSleep(60_000, controller.signal)
  controller.abort(new Error('woken'))
  await assert.rejects(sleeping, /woken/)
})

test('fromConfig takes sqs.max.retries and sqs.max.retry.time.ms', () => {
  const policy = RetryPolicy.fromConfig({ maxRetries: 7, maxRetryTimeMs: 12_345 })
  assert.equal(policy.maxRetries, 7)
  assert.equal(policy.maxRetryTimeMs, 12_345)
  assert.equal(policy.baseDelayMs, 100)
  assert.equal(policy.maxDelayMs, 20_000)
})
