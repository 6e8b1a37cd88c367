/**
 * Connect group membership through a real Kafka 4.4.0 group coordinator: three members share 2 connectors x 6
 * tasks; a clean stop, a kill -9 and a new member each lead to the reassignment Connect's incremental cooperative
 * protocol makes, and at no moment does any connector or task run on two members.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { childMember, fakeConfig, inProcessMember, Ledger, waitFor, type MemberSettings } from '../integration/support/membership.ts'
import { sharedServers } from '../integration/support/servers.ts'

const CONNECTORS = [{ name: 'alpha', taskCount: 6 }, { name: 'beta', taskCount: 6 }]
const TOTAL = { connectors: 2, tasks: 12 }

async function settings (overrides: Partial<MemberSettings> = {}): Promise<MemberSettings> {
  const { kafkaBootstrap } = await sharedServers()
  return {
    bootstrap: kafkaBootstrap, groupId: `membership-${randomUUID()}`,
    // The broker's smallest allowed session timeout (group.min.session.timeout.ms) keeps the kill case short.
    sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, rebalanceTimeoutMs: 20_000, scheduledRebalanceMaxDelayMs: 4000,
    protocol: 'sessioned', ...overrides
  }
}

/** True when the ledger shows every connector and task owned, spread as evenly as possible over `members`. */
function balancedOver (ledger: Ledger, members: readonly string[]): boolean {
  const counts = ledger.counts()
  if ([...counts.keys()].some((m) => !members.includes(m))) return false
  const per = members.map((m) => counts.get(m) ?? { connectors: 0, tasks: 0 })
  const sum = (kind: 'connectors' | 'tasks'): number => per.reduce((s, c) => s + c[kind], 0)
  const spread = (kind: 'connectors' | 'tasks'): number => Math.max(...per.map((c) => c[kind])) - Math.min(...per.map((c) => c[kind]))
  return sum('connectors') === TOTAL.connectors && sum('tasks') === TOTAL.tasks && spread('connectors') <= 1 && spread('tasks') <= 1
}

/** Every generation's assignments are disjoint: no item is in two members' assignments of one generation. */
function assertDisjointGenerations (ledger: Ledger): void {
  const latest = new Map<number, Map<string, string>>()
  for (const { member, assignment } of ledger.observed) {
    const owners = latest.get(assignment.generation) ?? new Map<string, string>()
    for (const key of [...assignment.connectors.map((c) => `c:${c}`), ...assignment.tasks.map((t) => `t:${t.connector}/${t.task}`)]) {
      const other = owners.get(key)
      assert.ok(other === undefined || other === member, `${key} assigned to ${member} and ${other ?? ''} in generation ${assignment.generation}`)
      owners.set(key, member)
    }
    latest.set(assignment.generation, owners)
  }
  assert.deepEqual(ledger.violations, [])
}

test('three members join through the coordinator: one leader, 2 connectors x 6 tasks spread evenly', async () => {
  const s = await settings()
  const ledger = new Ledger()
  const config = fakeConfig({ connectors: CONNECTORS, offset: 7n })
  const members = ['a', 'b', 'c'].map((name) => ({ name, membership: inProcessMember(name, s, config, ledger) }))
  await Promise.all(members.map(async (m) => { await m.membership.start() }))
  await waitFor('an even spread over a, b and c', () => balancedOver(ledger, ['a', 'b', 'c']) && members.every((m) => !m.membership.rebalancing), 30_000, () => [...ledger.counts()])

  const assignments = members.map((m) => m.membership.assignment!)
  assert.equal(assignments.filter((a) => a.isLeader).length, 1, 'exactly one leader')
  assert.equal(new Set(assignments.map((a) => a.leaderId)).size, 1, 'everyone names the same leader')
  const leader = members.find((m) => m.membership.assignment?.isLeader === true)!
  assert.equal(assignments[0]!.leaderUrl, `http://127.0.0.1:1/${leader.name}/`)
  assert.ok(assignments.every((a) => a.error === 'NONE' && a.configOffset === 7n))
  assert.ok(config.readToEndCalls >= 1, 'the leader read the config topic to its end before assigning')
  const tasks = assignments.map((a) => a.tasks.length).sort()
  assert.deepEqual(tasks, [4, 4, 4])
  assertDisjointGenerations(ledger)
})

test('a member that stops cleanly leaves at once; its work is held for the scheduled delay, then spread over the others', async () => {
  const s = await settings()
  const ledger = new Ledger()
  const config = fakeConfig({ connectors: CONNECTORS, offset: 3n })
  const members = ['a', 'b', 'c'].map((name) => ({ name, membership: inProcessMember(name, s, config, ledger) }))
  await Promise.all(members.map(async (m) => { await m.membership.start() }))
  await waitFor('an even spread over a, b and c', () => balancedOver(ledger, ['a', 'b', 'c']), 30_000, () => [...ledger.counts()])
  const generation = Math.max(...members.map((m) => m.membership.assignment!.generation))
  const leaving = members.find((m) => !m.membership.assignment!.isLeader)!
  const staying = members.filter((m) => m !== leaving)

  const stoppedAt = Date.now()
  await leaving.membership.stop()
  const rebalancedMs = await waitFor('a rebalance without the stopped member', () => staying.every((m) => (m.membership.assignment?.generation ?? 0) > generation), 30_000)
  const held = staying.map((m) => m.membership.assignment!)
  assert.ok(held.every((a) => a.delayMs > 0 && a.delayMs <= s.scheduledRebalanceMaxDelayMs), `the lost work is held: delays ${held.map((a) => a.delayMs).join(', ')}`)
  const movedMs = await waitFor('the stopped member\'s work on the others', () => balancedOver(ledger, staying.map((m) => m.name)), 30_000, () => [...ledger.counts()])
  const totalMs = Date.now() - stoppedAt
  console.log(`clean stop: rebalanced after ${rebalancedMs} ms (LeaveGroup, no session timeout), work reassigned after ${totalMs} ms (delay ${s.scheduledRebalanceMaxDelayMs} ms)`)
  assert.ok(rebalancedMs < s.sessionTimeoutMs, 'LeaveGroup, not the session timeout, started the rebalance')
  assert.ok(totalMs >= s.scheduledRebalanceMaxDelayMs - 1000, `the work waited for the scheduled delay (${movedMs} ms after the rebalance)`)
  assertDisjointGenerations(ledger)
})

test('a member killed with SIGKILL: after the session timeout and the scheduled delay its work is reassigned', async () => {
  const s = await settings()
  const ledger = new Ledger()
  const config = fakeConfig({ connectors: CONNECTORS, offset: 3n })
  const a = inProcessMember('a', s, config, ledger)
  await a.start()
  const b = inProcessMember('b', s, config, ledger)
  const child = childMember('child', s, CONNECTORS, 3n, ledger)
  await b.start()
  await waitFor('an even spread over a, b and child', () => balancedOver(ledger, ['a', 'b', 'child']), 60_000, () => [...ledger.counts()])
  const childWork = ledger.counts().get('child')!
  assert.ok(childWork.tasks === 4, 'the child process runs a third of the tasks')
  assert.ok(a.assignment!.isLeader, 'a, first in the group, leads (a leader that dies takes its memory of the lost work with it)')

  const killedAt = Date.now()
  child.child.kill('SIGKILL')
  await child.exited
  ledger.forget('child')
  const detectedMs = await waitFor('a rebalance without the killed member', () => [a, b].every((m) => (m.assignment?.delayMs ?? 0) > 0), 60_000)
  const reassignedMs = await waitFor('the killed member\'s work on a and b', () => balancedOver(ledger, ['a', 'b']), 60_000, () => [...ledger.counts()])
  const totalMs = Date.now() - killedAt
  console.log(`kill -9: rebalance after ${detectedMs} ms (session timeout ${s.sessionTimeoutMs} ms), its ${childWork.connectors} connector(s) and ${childWork.tasks} tasks reassigned ${totalMs} ms after the kill, ${reassignedMs} ms after that rebalance (scheduled delay ${s.scheduledRebalanceMaxDelayMs} ms)`)
  assert.ok(detectedMs >= s.sessionTimeoutMs - 2 * s.heartbeatIntervalMs, 'the coordinator noticed through the session timeout')
  assert.ok(totalMs >= s.sessionTimeoutMs + s.scheduledRebalanceMaxDelayMs - 3000, 'the lost work was held for the scheduled delay')
  assertDisjointGenerations(ledger)
})

test('a new member joins: only the work that moves to it is revoked, and it ends up with its share', async () => {
  const s = await settings()
  const ledger = new Ledger()
  const config = fakeConfig({ connectors: CONNECTORS, offset: 3n })
  const a = inProcessMember('a', s, config, ledger)
  const b = inProcessMember('b', s, config, ledger)
  await Promise.all([a.start(), b.start()])
  await waitFor('an even spread over a and b', () => balancedOver(ledger, ['a', 'b']), 30_000, () => [...ledger.counts()])
  const before = new Map([...ledger.owner])
  const firstNew = ledger.observed.length

  const c = inProcessMember('c', s, config, ledger)
  await c.start()
  await waitFor('an even spread over a, b and c', () => balancedOver(ledger, ['a', 'b', 'c']) && [a, b, c].every((m) => !m.rebalancing), 30_000, () => [...ledger.counts()])
  const revoked = ledger.observed.slice(firstNew).filter((o) => o.member !== 'c')
    .flatMap((o) => [...o.assignment.revokedConnectors.map((x) => `c:${x}`), ...o.assignment.revokedTasks.map((t) => `t:${t.connector}/${t.task}`)])
  const movedToC = [...ledger.owner].filter(([, member]) => member === 'c').map(([key]) => key)
  assert.deepEqual([...revoked].sort(), [...movedToC].sort(), 'exactly the work that moved to c was revoked from a and b')
  const stayed = [...before].filter(([key]) => !movedToC.includes(key))
  assert.ok(stayed.every(([key, member]) => ledger.owner.get(key) === member), 'everything else stayed where it ran')
  assert.equal(ledger.counts().get('c')?.tasks, 4)
  assertDisjointGenerations(ledger)
})

test('connect.protocol=eager: every rebalance revokes all work and the leader deals it out again', async () => {
  const s = await settings({ protocol: 'eager' })
  const ledger = new Ledger()
  const config = fakeConfig({ connectors: CONNECTORS, offset: 1n })
  const a = inProcessMember('a', s, config, ledger)
  await a.start()
  assert.equal(a.assignment!.tasks.length, 12)
  const b = inProcessMember('b', s, config, ledger)
  await b.start()
  await waitFor('an even spread over a and b', () => balancedOver(ledger, ['a', 'b']) && !a.rebalancing, 30_000, () => [...ledger.counts()])
  assert.deepEqual([a.assignment!.tasks.length, b.assignment!.tasks.length], [6, 6])
  assert.equal(a.assignment!.generation, b.assignment!.generation)
  assertDisjointGenerations(ledger)
})

test('CONFIG_MISMATCH: a member that read further than the leader can gets everyone to read on and rejoin', async () => {
  const s = await settings()
  const ledger = new Ledger()
  const leaderConfig = fakeConfig({ connectors: CONNECTORS, offset: 5n })
  const a = inProcessMember('a', s, leaderConfig, ledger)
  await a.start()
  assert.ok(a.assignment!.isLeader)
  const b = inProcessMember('b', s, fakeConfig({ connectors: CONNECTORS, offset: 9n }), ledger)
  const joined = b.start()
  await waitFor('a CONFIG_MISMATCH answer', () => ledger.observed.some((o) => o.assignment.error === 'CONFIG_MISMATCH'), 30_000)
  const mismatch = ledger.observed.find((o) => o.assignment.error === 'CONFIG_MISMATCH')!
  assert.equal(mismatch.assignment.configOffset, 5n, 'the leader names how far it could read')
  leaderConfig.setEnd(9n)
  await joined
  await waitFor('an even spread over a and b at offset 9', () => balancedOver(ledger, ['a', 'b']) && a.assignment?.configOffset === 9n && b.assignment?.error === 'NONE', 30_000, () => [...ledger.counts()])
  assertDisjointGenerations(ledger)
})
