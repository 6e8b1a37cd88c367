import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SampledStat } from '../../../../src/runtime/metrics/sampled-stat.ts'
import { StateTimer } from '../../../../src/runtime/metrics/state-timer.ts'

function clock (start = 1_000_000): { now: () => number, advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => { t += ms } }
}

test('avg and max are NaN with no values, then cover the live windows', () => {
  const c = clock()
  const stat = new SampledStat({ now: c.now })
  assert.ok(Number.isNaN(stat.avg()))
  assert.ok(Number.isNaN(stat.max()))
  stat.record(10)
  c.advance(31_000)
  stat.record(30)
  assert.equal(stat.avg(), 20)
  assert.equal(stat.max(), 30)
  assert.equal(stat.count(), 2)
})

test('a window older than samples x window is forgotten', () => {
  const c = clock()
  const stat = new SampledStat({ now: c.now })
  stat.record(100)
  c.advance(30_000)
  stat.record(1)
  assert.equal(stat.max(), 100)
  c.advance(30_000)
  // The first window (started 60 s ago) has expired; the second is still live.
  assert.equal(stat.max(), 1)
  assert.equal(stat.sum(), 1)
  c.advance(30_000)
  assert.equal(stat.count(), 0)
  assert.ok(Number.isNaN(stat.avg()))
})

test('rate divides by at least one full window, then by the elapsed time of the live windows (Kafka\'s Rate)', () => {
  const c = clock()
  const stat = new SampledStat({ now: c.now })
  assert.equal(stat.rate(), 0)
  stat.record(60)
  c.advance(1000)
  // 60 records, 1 s elapsed plus one full 30 s window of padding: 60 / 31.
  assert.equal(stat.rate(), 60 / 31)
  c.advance(44_000)
  stat.record(30)
  // Oldest window started 45 s ago: a full window has passed, no padding.
  assert.equal(stat.rate(), 90 / 45)
})

test('state ratios are shares of the time since tracking began', () => {
  const c = clock()
  const timer = new StateTimer('UNASSIGNED', c.now)
  assert.equal(timer.ratio('RUNNING'), 0)
  c.advance(1000)
  timer.change('RUNNING')
  c.advance(2000)
  timer.change('PAUSED')
  c.advance(1000)
  assert.equal(timer.ratio('RUNNING'), 0.5)
  assert.equal(timer.ratio('PAUSED'), 0.25)
  assert.equal(timer.ratio('UNASSIGNED'), 0.25)
  timer.change('PAUSED')
  c.advance(4000)
  assert.equal(timer.ratio('PAUSED'), 5 / 8)
  assert.equal(timer.state, 'PAUSED')
})
