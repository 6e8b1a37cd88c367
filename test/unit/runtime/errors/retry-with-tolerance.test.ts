import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sourceRecord } from '../../../../src/connect/data/source-record.ts'
import { ErrorCodes, hasCode, SqsConnectError } from '../../../../src/errors.ts'
import type { ErrorHandlingMetrics } from '../../../../src/runtime/errors/error-metrics.ts'
import { processingContext, type ProcessingContext } from '../../../../src/runtime/errors/processing-context.ts'
import { RetryWithToleranceOperator } from '../../../../src/runtime/errors/retry-with-tolerance.ts'

const record = sourceRecord({ sourcePartition: {}, sourceOffset: { MessageId: 'm1' }, topic: 't', keySchema: null, key: null, valueSchema: null, value: 'v' })

class CountingMetrics implements ErrorHandlingMetrics {
  counts: Record<string, number> = {}
  #n (name: string): void { this.counts[name] = (this.counts[name] ?? 0) + 1 }
  recordFailure (): void { this.#n('failure') }
  recordSkipped (): void { this.#n('skipped') }
  retry (): void { this.#n('retry') }
  errorLogged (): void { this.#n('logged') }
  dlqProduceRequest (): void { this.#n('dlqRequest') }
  dlqProduceFailure (): void { this.#n('dlqFailure') }
}

const retriable = (n: number): SqsConnectError => new SqsConnectError(ErrorCodes.DATA_INVALID, `transient ${n}`, { retriable: true })

/** An operator on a fake clock: each backoff advances the clock by the delay it asked for (recorded in `delays`). */
function operator (config: { retryTimeoutMs: number, retryDelayMaxMs?: number, tolerance: 'none' | 'all' }) {
  let now = 1000
  const delays: number[] = []
  const reported: ProcessingContext[] = []
  const metrics = new CountingMetrics()
  const op = new RetryWithToleranceOperator({
    config: { retryDelayMaxMs: 60_000, ...config },
    metrics,
    reporter: { report: (c) => { reported.push({ ...c }) } },
    now: () => now,
    random: () => 0.5
  })
  const realSetTimeout = globalThis.setTimeout
  // The backoff sleeps with setTimeout: run it at once and move the fake clock instead.
  const fakeTimers = (): () => void => {
    globalThis.setTimeout = ((fn: () => void, ms: number) => { delays.push(ms); now += ms; return realSetTimeout(fn, 0) }) as typeof setTimeout
    return () => { globalThis.setTimeout = realSetTimeout }
  }
  return { op, delays, reported, metrics, fakeTimers, advance: (ms: number) => { now += ms } }
}

test('a retriable failure is retried with doubling delays from 300 ms and the result returned', async () => {
  const { op, delays, reported, metrics, fakeTimers } = operator({ retryTimeoutMs: 10_000, tolerance: 'none' })
  let calls = 0
  const context = processingContext(record, 'VALUE_CONVERTER', 'X')
  const restore = fakeTimers()
  try {
    const result = await op.execute(context, () => { if (++calls <= 3) throw retriable(calls); return 'ok' })
    assert.equal(result, 'ok')
  } finally { restore() }
  assert.deepEqual(delays, [300, 600, 1200])
  assert.equal(context.attempt, 4)
  assert.equal(context.error, undefined)
  assert.deepEqual(reported, [], 'a failure fixed by a retry is not reported')
  assert.deepEqual(metrics.counts, { failure: 3, retry: 3 })
})

test('retries stop at errors.retry.timeout (the last pause cut to the deadline, one last attempt at it); none then fails with the last error', async () => {
  const { op, delays, reported, fakeTimers } = operator({ retryTimeoutMs: 1000, tolerance: 'none' })
  let calls = 0
  const context = processingContext(record, 'KEY_CONVERTER', 'Conv')
  const restore = fakeTimers()
  try {
    await assert.rejects(op.execute(context, () => { throw retriable(++calls) }), (error: unknown) => {
      assert.ok(hasCode(error, ErrorCodes.ERROR_TOLERANCE_EXCEEDED))
      assert.match(error.message, /^Tolerance exceeded in error handler \(errors\.tolerance=none\): stage KEY_CONVERTER with class Conv failed after 4 attempts: transient 4$/)
      assert.equal((error.cause as Error).message, 'transient 4')
      return true
    })
  } finally { restore() }
  assert.deepEqual(delays, [300, 600, 100])
  assert.equal(reported.length, 1)
  assert.equal(reported[0]?.error?.message, 'transient 4')
})

test('the pause is a random value below errors.retry.delay.max.ms once doubling passes it; -1 retries until success', async () => {
  const { op, delays, fakeTimers } = operator({ retryTimeoutMs: -1, retryDelayMaxMs: 1000, tolerance: 'none' })
  let calls = 0
  const restore = fakeTimers()
  try {
    assert.equal(await op.execute(processingContext(record, 'VALUE_CONVERTER', 'X'), () => { if (++calls <= 5) throw retriable(calls); return calls }), 6)
  } finally { restore() }
  assert.deepEqual(delays, [300, 600, 500, 500, 500])
})

test('a failure that is not retriable is not retried: none throws, all skips (undefined) and counts it', async () => {
  for (const tolerance of ['none', 'all'] as const) {
    const { op, delays, reported, metrics } = operator({ retryTimeoutMs: 60_000, tolerance })
    const context = processingContext(record, 'TRANSFORMATION', 'T')
    const run = op.execute(context, () => { throw new SqsConnectError(ErrorCodes.DATA_INVALID, 'bad data') })
    if (tolerance === 'none') await assert.rejects(run, /Tolerance exceeded .*bad data/)
    else assert.equal(await run, undefined)
    assert.deepEqual(delays, [])
    assert.equal(context.error?.message, 'bad data')
    assert.equal(reported.length, 1)
    assert.deepEqual(metrics.counts, tolerance === 'all' ? { failure: 1, skipped: 1 } : { failure: 1 })
    assert.equal(op.totalFailures, 1)
  }
})

test('a retriable cause inside a wrapping error counts as retriable', async () => {
  const { op, delays, fakeTimers } = operator({ retryTimeoutMs: 5000, tolerance: 'none' })
  let calls = 0
  const restore = fakeTimers()
  try {
    await op.execute(processingContext(record, 'VALUE_CONVERTER', 'X'), () => {
      if (++calls === 1) throw new SqsConnectError(ErrorCodes.CONVERSION_FAILED, 'wrapped', { cause: retriable(1) })
      return 'ok'
    })
  } finally { restore() }
  assert.deepEqual(delays, [300])
})

test('stop() ends a pause at once and the operation counts as failed', async () => {
  const op = new RetryWithToleranceOperator({
    config: { retryTimeoutMs: -1, retryDelayMaxMs: 60_000, tolerance: 'all' },
    metrics: new CountingMetrics(),
    reporter: { report: () => {} }
  })
  const context = processingContext(record, 'VALUE_CONVERTER', 'X')
  const run = op.execute(context, () => { throw retriable(1) })
  await new Promise((resolve) => setTimeout(resolve, 20))
  op.stop()
  assert.equal(await run, undefined)
  assert.equal(context.error?.message, 'transient 1')
})

test('executeFailed reports a failure that happened elsewhere (the producer) and applies the tolerance', () => {
  const { op, reported } = operator({ retryTimeoutMs: 0, tolerance: 'none' })
  assert.throws(() => { op.executeFailed(processingContext(record, 'KAFKA_PRODUCE', 'P'), new Error('refused')) }, /Tolerance exceeded .*stage KAFKA_PRODUCE with class P failed: refused/)
  assert.equal(reported.length, 1)
  const all = operator({ retryTimeoutMs: 0, tolerance: 'all' })
  all.op.executeFailed(processingContext(record, 'KAFKA_PRODUCE', 'P'), new Error('refused'))
  assert.equal(all.reported[0]?.stage, 'KAFKA_PRODUCE')
})
