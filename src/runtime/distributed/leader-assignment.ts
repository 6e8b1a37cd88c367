/**
 * What the elected leader does between JoinGroup and SyncGroup, as Connect's WorkerCoordinator and assignors do:
 * read the config topic to its end, answer CONFIG_MISMATCH to everyone when a member has read further than the
 * leader can, else assign (eager or incremental by the protocol the group chose) and encode one assignment each.
 */
import { ASSIGNMENT_ERRORS, decodeMetadata, encodeAssignment, type ConnectorsAndTasks, type WorkerMetadata } from './connect-protocol.ts'
import { assignEager } from './eager-assignor.ts'
import { assignIncremental, type AssignorMemory } from './incremental-assignor.ts'
import type { ClusterConfigView } from './membership.ts'

export interface LeaderInput {
  readonly leaderId: string
  readonly protocolVersion: number
  readonly members: ReadonlyArray<{ readonly memberId: string, readonly metadata: Buffer }>
  readonly config: ClusterConfigView
  readonly now: number
  readonly maxDelayMs: number
  readonly memory: AssignorMemory | undefined
}

export interface LeaderOutput {
  readonly assignments: Array<{ memberId: string, assignment: Buffer }>
  /** The assignor's memory for the next round (unchanged on CONFIG_MISMATCH). */
  readonly memory: AssignorMemory | undefined
  readonly configOffset: bigint
  readonly mismatch: boolean
  /** Decoded plans, for logs. */
  readonly summary: ReadonlyMap<string, { assigned: ConnectorsAndTasks, revoked: ConnectorsAndTasks, delayMs: number }>
}

const none: ConnectorsAndTasks = { connectors: [], tasks: [] }

/** Runs the leader's side of one rebalance. */
export async function leaderAssign (input: LeaderInput): Promise<LeaderOutput> {
  const members = input.members.map((m) => ({ memberId: m.memberId, state: decodeMetadata(m.metadata) }))
  const leader = members.find((m) => m.memberId === input.leaderId)
  const leaderUrl = leader?.state.url ?? ''
  const maxOffset = members.reduce((max, m) => (m.state.configOffset > max ? m.state.configOffset : max), -1n)
  const configOffset = await input.config.readToEnd()
  const base = { leader: input.leaderId, leaderUrl, configOffset }
  const summary = new Map<string, { assigned: ConnectorsAndTasks, revoked: ConnectorsAndTasks, delayMs: number }>()

  if (configOffset < maxOffset) {
    const assignment = encodeAssignment(input.protocolVersion, { ...base, error: ASSIGNMENT_ERRORS.CONFIG_MISMATCH, ...none, revokedConnectors: [], revokedTasks: [], delayMs: 0 })
    return { assignments: members.map((m) => ({ memberId: m.memberId, assignment })), memory: input.memory, configOffset, mismatch: true, summary }
  }

  const configured = input.config.connectors()
  if (input.protocolVersion === 0) {
    const plans = assignEager(members.map((m) => m.memberId), configured)
    const assignments = members.map(({ memberId }) => {
      const work = plans.get(memberId) ?? none
      summary.set(memberId, { assigned: work, revoked: none, delayMs: 0 })
      return { memberId, assignment: encodeAssignment(0, { ...base, error: 0, ...work, revokedConnectors: [], revokedTasks: [], delayMs: 0 }) }
    })
    return { assignments, memory: undefined, configOffset, mismatch: false, summary }
  }

  const result = assignIncremental({
    members: members.map((m) => ({ memberId: m.memberId, current: currentWork(m.state) })),
    configured,
    now: input.now,
    maxDelayMs: input.maxDelayMs,
    memory: input.memory
  })
  const assignments = members.map(({ memberId }) => {
    const plan = result.plans.get(memberId) ?? { assigned: none, revoked: none, delayMs: 0 }
    summary.set(memberId, plan)
    return {
      memberId,
      assignment: encodeAssignment(input.protocolVersion, {
        ...base, error: 0, ...plan.assigned, revokedConnectors: plan.revoked.connectors, revokedTasks: plan.revoked.tasks, delayMs: plan.delayMs
      })
    }
  })
  return { assignments, memory: result.memory, configOffset, mismatch: false, summary }
}

/** What a member runs: the allocation in its metadata (v1+); nothing before its first assignment or under v0. */
function currentWork (state: WorkerMetadata): ConnectorsAndTasks {
  return state.allocation === undefined ? none : { connectors: state.allocation.connectors, tasks: state.allocation.tasks }
}
