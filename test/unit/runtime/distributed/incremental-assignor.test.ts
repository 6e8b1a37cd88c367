import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConnectorsAndTasks } from '../../../../src/runtime/distributed/connect-protocol.ts'
import { assignEager } from '../../../../src/runtime/distributed/eager-assignor.ts'
import { assignIncremental, type AssignorMemory, type IncrementalResult } from '../../../../src/runtime/distributed/incremental-assignor.ts'

const CONFIGURED = [{ name: 'alpha', taskCount: 6 }, { name: 'beta', taskCount: 6 }]
const DELAY = 300_000
type Running = Map<string, { connectors: Set<string>, tasks: Set<string> }>

const tk = (t: { connector: string, task: number }): string => `${t.connector}/${t.task}`

/** Applies a round's plans the way members do: stop the revoked, add the assigned. */
function apply (running: Running, result: IncrementalResult): void {
  for (const [id, plan] of result.plans) {
    const mine = running.get(id) ?? { connectors: new Set(), tasks: new Set() }
    for (const c of plan.revoked.connectors) mine.connectors.delete(c)
    for (const t of plan.revoked.tasks) mine.tasks.delete(tk(t))
    for (const c of plan.assigned.connectors) { assert.ok(!mine.connectors.has(c), `${id} was given ${c} twice`); mine.connectors.add(c) }
    for (const t of plan.assigned.tasks) { assert.ok(!mine.tasks.has(tk(t)), `${id} was given ${tk(t)} twice`); mine.tasks.add(tk(t)) }
    running.set(id, mine)
  }
}

function current (running: Running, id: string): ConnectorsAndTasks {
  const mine = running.get(id)
  return {
    connectors: [...mine?.connectors ?? []],
    tasks: [...mine?.tasks ?? []].map((k) => ({ connector: k.split('/')[0]!, task: Number(k.split('/')[1]) }))
  }
}

function round (running: Running, ids: readonly string[], memory: AssignorMemory | undefined, now = 0, configured = CONFIGURED): IncrementalResult {
  const result = assignIncremental({ members: ids.map((id) => ({ memberId: id, current: current(running, id) })), configured, now, maxDelayMs: DELAY, memory })
  apply(running, result)
  for (const id of [...running.keys()]) if (!ids.includes(id)) running.delete(id)
  assertDisjoint(running)
  return result
}

function assertDisjoint (running: Running): void {
  const seen = new Map<string, string>()
  for (const [id, mine] of running) {
    for (const key of [...[...mine.connectors].map((c) => `c:${c}`), ...[...mine.tasks].map((t) => `t:${t}`)]) {
      assert.ok(!seen.has(key), `${key} runs on ${seen.get(key) ?? ''} and ${id}`)
      seen.set(key, id)
    }
  }
}

const counts = (running: Running): Record<string, string> => Object.fromEntries([...running].map(([id, m]) => [id, `${m.connectors.size}c/${m.tasks.size}t`]))

test('a first round spreads connectors and tasks evenly with nothing revoked and no delay', () => {
  const running: Running = new Map()
  const result = round(running, ['w1', 'w2', 'w3'], undefined)
  assert.deepEqual(counts(running), { w1: '1c/4t', w2: '1c/4t', w3: '0c/4t' })
  assert.ok([...result.plans.values()].every((p) => p.revoked.connectors.length === 0 && p.revoked.tasks.length === 0 && p.delayMs === 0))
})

test('a new member: the first round revokes only the excess, the follow-up gives exactly that to the newcomer', () => {
  const running: Running = new Map()
  let memory = round(running, ['w1', 'w2'], undefined).memory
  assert.deepEqual(counts(running), { w1: '1c/6t', w2: '1c/6t' })
  const revoking = round(running, ['w1', 'w2', 'w3'], memory)
  const revoked = [...revoking.plans.values()].flatMap((p) => [...p.revoked.connectors, ...p.revoked.tasks.map(tk)])
  assert.equal(revoked.length, 4, 'two tasks from each of w1 and w2, no connector')
  assert.deepEqual(revoking.plans.get('w3')!.assigned, { connectors: [], tasks: [] })
  memory = revoking.memory
  const followUp = round(running, ['w1', 'w2', 'w3'], memory)
  assert.deepEqual(counts(running), { w1: '1c/4t', w2: '1c/4t', w3: '0c/4t' })
  assert.deepEqual(followUp.plans.get('w3')!.assigned.tasks.map(tk).sort(), revoked.sort())
  assert.ok([...followUp.plans.values()].every((p) => p.revoked.tasks.length === 0), 'no second revocation')
})

test('a departed member\'s work is held for the delay, then spread over the survivors', () => {
  const running: Running = new Map()
  let result = round(running, ['w1', 'w2', 'w3'], undefined, 0)
  const lost = current(running, 'w3')
  result = round(running, ['w1', 'w2'], result.memory, 1000)
  assert.deepEqual(result.held.tasks.map(tk).sort(), lost.tasks.map(tk).sort())
  assert.ok([...result.plans.values()].every((p) => p.delayMs === DELAY))
  assert.deepEqual(counts(running), { w1: '1c/4t', w2: '1c/4t' })
  result = round(running, ['w1', 'w2'], result.memory, 101_000)
  assert.ok([...result.plans.values()].every((p) => p.delayMs === DELAY - 100_000), 'the remaining delay')
  result = round(running, ['w1', 'w2'], result.memory, 1000 + DELAY)
  assert.deepEqual(result.held, { connectors: [], tasks: [] })
  assert.deepEqual(counts(running), { w1: '1c/6t', w2: '1c/6t' })
  assert.equal(result.memory.scheduledAt, 0)
})

test('a worker that comes back within the delay gets the held work at once', () => {
  const running: Running = new Map()
  let result = round(running, ['w1', 'w2', 'w3'], undefined, 0)
  result = round(running, ['w1', 'w2'], result.memory, 1000)
  result = round(running, ['w1', 'w2', 'w3-again'], result.memory, 5000)
  assert.deepEqual(counts(running), { w1: '1c/4t', w2: '1c/4t', 'w3-again': '0c/4t' })
  assert.ok([...result.plans.values()].every((p) => p.delayMs === 0))
})

test('deleted connectors are revoked, work reported by two members stays with one of them, new connectors are spread', () => {
  const running: Running = new Map([
    ['w1', { connectors: new Set(['alpha', 'gone']), tasks: new Set(['alpha/0', 'alpha/1', 'gone/0']) }],
    ['w2', { connectors: new Set(['alpha']), tasks: new Set(['alpha/1', 'alpha/2']) }]
  ])
  const result = round(running, ['w1', 'w2'], undefined, 0, [{ name: 'alpha', taskCount: 3 }, { name: 'fresh', taskCount: 2 }])
  assert.deepEqual(result.plans.get('w1')!.revoked, { connectors: ['gone'], tasks: [{ connector: 'gone', task: 0 }] })
  assert.deepEqual(result.plans.get('w2')!.revoked, { connectors: ['alpha'], tasks: [{ connector: 'alpha', task: 1 }] })
  assert.deepEqual(counts(running), { w1: '1c/3t', w2: '1c/2t' })
})

test('a leader without memory (a new leader) takes the members\' reports as the previous assignment: nothing is lost or held', () => {
  const running: Running = new Map()
  round(running, ['w1', 'w2', 'w3'], undefined)
  running.delete('w3')
  const result = round(running, ['w1', 'w2'], undefined)
  assert.deepEqual(result.held, { connectors: [], tasks: [] })
  assert.deepEqual(counts(running), { w1: '1c/6t', w2: '1c/6t' })
})

test('eager assignment deals connectors, then tasks, round-robin over sorted members', () => {
  const plans = assignEager(['w2', 'w1'], [{ name: 'b', taskCount: 2 }, { name: 'a', taskCount: 1 }])
  assert.deepEqual(plans.get('w1'), { connectors: ['a'], tasks: [{ connector: 'a', task: 0 }, { connector: 'b', task: 1 }] })
  assert.deepEqual(plans.get('w2'), { connectors: ['b'], tasks: [{ connector: 'b', task: 0 }] })
  assert.equal(assignEager([], CONFIGURED).size, 0)
})
