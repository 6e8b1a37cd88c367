import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Message } from '@aws-sdk/client-sqs'
import { ConcurrentReceives } from '../../../src/connectors/sqs/concurrent-receives.ts'

/** Receives that finish when the test says so. */
function scripted (): { receive: () => Promise<Message[]>, finish: (i: number, ids: string[]) => void, fail: (i: number, error: Error) => void, started: () => number } {
  const pending: Array<{ resolve: (m: Message[]) => void, reject: (e: Error) => void }> = []
  return {
    receive: async () => await new Promise<Message[]>((resolve, reject) => pending.push({ resolve, reject })),
    finish: (i, ids) => pending[i]?.resolve(ids.map((MessageId) => ({ MessageId }))),
    fail: (i, error) => pending[i]?.reject(error),
    started: () => pending.length
  }
}

test('keeps N receives outstanding and hands out messages in completion order', async () => {
  const s = scripted()
  const receives = new ConcurrentReceives(s.receive, 3)
  const first = receives.next()
  assert.equal(s.started(), 3)
  s.finish(2, ['c'])
  s.finish(0, ['a'])
  assert.deepEqual((await first).messages.map((m) => m.MessageId), ['c'])
  const second = receives.next()
  assert.equal(s.started(), 4, 'one new receive replaces the one handed out')
  assert.deepEqual((await second).messages.map((m) => m.MessageId), ['a'])
})

test('starts no receive outside next(): nothing runs ahead of the caller', async () => {
  const s = scripted()
  const receives = new ConcurrentReceives(s.receive, 2)
  const first = receives.next()
  s.finish(0, ['a'])
  s.finish(1, ['b'])
  await first
  await new Promise((resolve) => setTimeout(resolve, 10))
  assert.equal(s.started(), 2)
  assert.equal(receives.outstanding, 1)
})

test('a failed receive is rethrown when its turn comes; one failing unobserved is not an unhandled rejection', async () => {
  const s = scripted()
  const receives = new ConcurrentReceives(s.receive, 2)
  const first = receives.next()
  s.fail(1, new Error('denied'))
  await assert.rejects(first, /denied/)
  s.fail(0, new Error('aborted'))
  await receives.settle()
  assert.equal(receives.outstanding, 0)
})

test('stamps each batch when its receive finished, not when next() hands it out', async () => {
  const s = scripted()
  const receives = new ConcurrentReceives(s.receive, 2)
  const first = receives.next()
  s.finish(0, ['a'])
  s.finish(1, ['b'])
  const a = await first
  const finishedBy = Date.now()
  await new Promise((resolve) => setTimeout(resolve, 60))
  const b = await receives.next()
  assert.deepEqual(b.messages.map((m) => m.MessageId), ['b'])
  assert.ok(b.receivedAt <= finishedBy, `the waiting batch keeps its receive time (${b.receivedAt} > ${finishedBy})`)
  assert.ok(a.receivedAt <= finishedBy)
})

/** Receives that finish when the test says so, with bodies of `bodyBytes`. */
function sized (): { receive: () => Promise<Message[]>, finish: (i: number, count: number, bodyBytes: number) => void, started: () => number } {
  const pending: Array<(m: Message[]) => void> = []
  return {
    receive: async () => await new Promise<Message[]>((resolve) => pending.push(resolve)),
    finish: (i, count, bodyBytes) => pending[i]?.(Array.from({ length: count }, (_, j) => ({ MessageId: `${i}-${j}`, Body: 'x'.repeat(bodyBytes) }))),
    started: () => pending.length
  }
}

test('large messages: new receives start only while what is received and expected stays below the bytes ahead', async () => {
  const s = sized()
  const receives = new ConcurrentReceives(s.receive, 4, 1000)
  const first = receives.next()
  assert.equal(s.started(), 4, 'nothing known yet: N receives')
  s.finish(0, 10, 60)
  await first
  s.finish(1, 10, 60)
  s.finish(2, 10, 60)
  await new Promise((resolve) => setTimeout(resolve, 1))
  // Waiting here: two batches of 600 bytes and one running, expected to bring as much.
  const second = receives.next()
  assert.equal(s.started(), 4, 'no new receive while 1800 bytes are received or expected')
  await second
  await receives.next()
  assert.equal(s.started(), 4, 'one batch waiting, one running: 1200 bytes, none started')
  s.finish(3, 1, 10)
  await receives.next()
  const fourth = receives.next()
  assert.equal(s.started(), 8, 'small bodies again: back to N')
  s.finish(4, 0, 0)
  await fourth
})

test('small messages: the bytes ahead never limit the N receives', async () => {
  const s = sized()
  const receives = new ConcurrentReceives(s.receive, 4)
  for (let round = 0; round < 5; round++) {
    const next = receives.next()
    assert.equal(s.started(), 4 + round)
    s.finish(round, 10, 1024)
    await next
  }
})
