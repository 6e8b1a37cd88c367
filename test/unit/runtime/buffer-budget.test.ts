import assert from 'node:assert/strict'
import { test } from 'node:test'
import { WorkerBufferBudget } from '../../../src/runtime/buffer-budget.ts'

/** Lets pending promise callbacks run. */
async function settled (): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** A promise's state without awaiting it. */
function tracked (promise: Promise<void>): { done: boolean } {
  const state = { done: false }
  void promise.then(() => { state.done = true })
  return state
}

test('records are taken while they fit; a record that does not fit waits until an acknowledgement makes room', async () => {
  const budget = new WorkerBufferBudget(100)
  const a = budget.open()
  const b = budget.open()
  assert.ok(a.tryTake(60))
  assert.ok(b.tryTake(30))
  assert.ok(!a.tryTake(20), '60 + 30 + 20 is over 100')
  const waiting = tracked(a.take(20))
  await settled()
  assert.equal(waiting.done, false)
  assert.equal(budget.heldBytes, 90)
  b.give(30)
  await settled()
  assert.equal(waiting.done, true)
  assert.equal(a.heldBytes, 80)
  assert.equal(budget.heldBytes, 80)
  assert.equal(budget.peakBytes, 90)
  assert.equal(budget.waits, 1)
})

test('a task that holds nothing always takes one record: beyond the budget, and ahead of tasks that wait', async () => {
  const budget = new WorkerBufferBudget(100)
  const a = budget.open()
  const b = budget.open()
  const c = budget.open()
  assert.ok(a.tryTake(100))
  assert.ok(b.tryTake(10), 'b holds nothing')
  const aWaits = tracked(a.take(10))
  assert.ok(c.tryTake(500), 'c holds nothing, and its record is larger than the whole budget')
  assert.equal(budget.heldBytes, 610)
  assert.ok(!c.tryTake(1), 'c holds a record now')
  await settled()
  assert.equal(aWaits.done, false)
})

test('waiting tasks are served in arrival order, and no task takes room ahead of one that waits', async () => {
  const budget = new WorkerBufferBudget(100)
  const a = budget.open()
  const b = budget.open()
  const c = budget.open()
  assert.ok(a.tryTake(50))
  assert.ok(b.tryTake(40))
  assert.ok(c.tryTake(10))
  const bWaits = tracked(b.take(30))
  const cWaits = tracked(c.take(5))
  a.give(20)
  await settled()
  assert.equal(bWaits.done, false, 'b needs 30, 20 are free')
  assert.equal(cWaits.done, false, 'c would fit, but waits behind b')
  assert.ok(!a.tryTake(1), 'a may not take room while b waits')
  assert.equal(a.mayPoll, false, 'nor poll')
  a.give(30)
  await settled()
  assert.equal(bWaits.done, true, 'b first')
  assert.equal(cWaits.done, true, 'then c, which fits too')
  assert.equal(budget.heldBytes, 40 + 30 + 10 + 5)
})

test('a task may poll only while the budget has room (or it holds nothing); roomToPoll waits its turn', async () => {
  const budget = new WorkerBufferBudget(100)
  const a = budget.open()
  const b = budget.open()
  assert.ok(a.tryTake(100))
  assert.equal(a.mayPoll, false)
  assert.equal(b.mayPoll, true, 'b holds nothing')
  assert.ok(b.tryTake(10))
  assert.equal(b.mayPoll, false)
  const bPolls = tracked(b.roomToPoll())
  await settled()
  assert.equal(bPolls.done, false)
  a.give(5)
  await settled()
  assert.equal(bPolls.done, false, 'still 105 held')
  a.give(10)
  await settled()
  assert.equal(bPolls.done, true)
  assert.equal(budget.heldBytes, 95, 'waiting to poll takes nothing')
})

test('close() gives back what the task holds, ends its wait, and later takes count nothing', async () => {
  const budget = new WorkerBufferBudget(100)
  const a = budget.open()
  const b = budget.open()
  assert.ok(a.tryTake(80))
  assert.ok(b.tryTake(20))
  const aWaits = tracked(a.take(50))
  const bWaits = tracked(b.take(50))
  a.close()
  await settled()
  assert.equal(aWaits.done, true)
  assert.equal(bWaits.done, true, 'the room a held goes to b')
  assert.equal(budget.heldBytes, 70)
  assert.ok(a.tryTake(1000))
  a.give(80)
  a.close()
  assert.equal(budget.heldBytes, 70)
  assert.equal(a.mayPoll, true)
})

test('an unbounded budget never makes a task wait', () => {
  const budget = WorkerBufferBudget.unbounded()
  const a = budget.open()
  for (let i = 0; i < 1000; i++) assert.ok(a.tryTake(1024 * 1024))
  assert.equal(a.mayPoll, true)
})
