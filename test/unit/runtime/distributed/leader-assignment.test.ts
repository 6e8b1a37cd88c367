import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeAssignment, encodeMetadata } from '../../../../src/runtime/distributed/connect-protocol.ts'
import { leaderAssign } from '../../../../src/runtime/distributed/leader-assignment.ts'
import type { ClusterConfigView } from '../../../../src/runtime/distributed/membership.ts'

function config (offset: bigint, end: bigint): ClusterConfigView & { reads: number } {
  const view = { reads: 0, offset: () => offset, readToEnd: async () => { view.reads++; offset = end; return end }, connectors: () => [{ name: 'c', taskCount: 3 }] }
  return view
}
const member = (memberId: string, offset: bigint, version = 2): { memberId: string, metadata: Buffer } =>
  ({ memberId, metadata: encodeMetadata(version, `http://${memberId}/`, offset, undefined) })

test('the leader reads the config topic to its end before assigning, and assigns from that offset', async () => {
  const view = config(3n, 8n)
  const out = await leaderAssign({ leaderId: 'a', protocolVersion: 2, members: [member('a', 3n), member('b', 8n)], config: view, now: 0, maxDelayMs: 1000, memory: undefined })
  assert.equal(view.reads, 1)
  assert.equal(out.mismatch, false)
  const decoded = out.assignments.map((a) => ({ id: a.memberId, ...decodeAssignment(a.assignment) }))
  assert.ok(decoded.every((d) => d.version === 2 && d.error === 0 && d.configOffset === 8n && d.leader === 'a' && d.leaderUrl === 'http://a/'))
  assert.equal(decoded.reduce((n, d) => n + d.tasks.length, 0), 3)
  assert.equal(decoded.reduce((n, d) => n + d.connectors.length, 0), 1)
})

test('a member ahead of what the leader can read: CONFIG_MISMATCH to everyone, nothing assigned, memory kept', async () => {
  const memory = { previous: undefined as never, scheduledAt: 0, revokedInPrevious: false, members: new Set<string>() }
  const out = await leaderAssign({ leaderId: 'a', protocolVersion: 1, members: [member('a', 3n, 1), member('b', 9n, 1)], config: config(3n, 5n), now: 0, maxDelayMs: 0, memory })
  assert.equal(out.mismatch, true)
  assert.equal(out.memory, memory)
  for (const { assignment } of out.assignments) {
    const decoded = decodeAssignment(assignment)
    assert.deepEqual([decoded.version, decoded.error, decoded.configOffset, decoded.connectors, decoded.tasks], [1, 1, 5n, [], []])
  }
})

test('the eager protocol (v0) gets complete v0 assignments', async () => {
  const out = await leaderAssign({ leaderId: 'b', protocolVersion: 0, members: [member('a', 1n, 0), member('b', 1n, 0)], config: config(1n, 1n), now: 0, maxDelayMs: 0, memory: undefined })
  const decoded = out.assignments.map((a) => decodeAssignment(a.assignment))
  assert.ok(decoded.every((d) => d.version === 0 && d.leaderUrl === 'http://b/'))
  // One round-robin over connectors then tasks: a gets the connector and c/1, b gets c/0 and c/2.
  assert.deepEqual(decoded.map((d) => [d.connectors.length, d.tasks.length]), [[1, 1], [0, 2]])
})
