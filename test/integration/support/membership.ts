/**
 * Group members for the distributed-membership tests: a fake config view (the config topic is the herder's
 * business), a ledger that checks no connector or task is ever held by two members at once, and members run
 * in this process or in a child process (support/membership-child.ts) that a test can kill -9.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { after } from 'node:test'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { createGroupMembership } from '../../../src/runtime/distributed/group-membership.ts'
import type { ClusterConfigView, ConnectorTaskId, GroupMembership, MembershipOptions, WorkerAssignment } from '../../../src/runtime/distributed/membership.ts'

export interface FakeConfigOptions {
  readonly connectors: ReadonlyArray<{ readonly name: string, readonly taskCount: number }>
  readonly offset: bigint
  /** Where readToEnd gets to; defaults to `offset`. */
  end?: bigint
}

/** A config view whose offset only moves when readToEnd is called; counts the calls. */
export function fakeConfig (options: FakeConfigOptions): ClusterConfigView & { readToEndCalls: number, setEnd: (end: bigint) => void } {
  let offset = options.offset
  let end = options.end ?? options.offset
  const view = {
    readToEndCalls: 0,
    offset: () => offset,
    readToEnd: async () => { view.readToEndCalls++; offset = end > offset ? end : offset; return offset },
    connectors: () => options.connectors,
    setEnd: (value: bigint) => { end = value }
  }
  return view
}

export const workKey = (kind: 'connector' | 'task', name: string, task?: number): string => kind === 'connector' ? `c:${name}` : `t:${name}/${task ?? 0}`

export interface Observed {
  readonly member: string
  readonly assignment: WorkerAssignment
  readonly at: number
}

/** Records every assignment and checks, as work starts, that no one else runs it. */
export class Ledger {
  readonly owner = new Map<string, string>()
  readonly observed: Observed[] = []
  readonly violations: string[] = []

  revoked (member: string, connectors: readonly string[], tasks: readonly ConnectorTaskId[]): void {
    for (const key of keys(connectors, tasks)) {
      if (this.owner.get(key) === member) this.owner.delete(key)
      else this.violations.push(`${member} was asked to stop ${key}, which ${this.owner.get(key) ?? 'nobody'} runs`)
    }
  }

  assigned (member: string, assignment: WorkerAssignment): void {
    this.observed.push({ member, assignment, at: Date.now() })
    for (const key of keys(assignment.connectors, assignment.tasks)) {
      const holder = this.owner.get(key)
      if (holder !== undefined && holder !== member) this.violations.push(`${member} got ${key} in generation ${assignment.generation} while ${holder} runs it`)
      else this.owner.set(key, member)
    }
  }

  /** A killed member runs nothing any more. */
  forget (member: string): void {
    for (const [key, holder] of this.owner) if (holder === member) this.owner.delete(key)
  }

  /** Work items per member as the ledger sees them now. */
  counts (): Map<string, { connectors: number, tasks: number }> {
    const result = new Map<string, { connectors: number, tasks: number }>()
    for (const [key, member] of this.owner) {
      const entry = result.get(member) ?? { connectors: 0, tasks: 0 }
      if (key.startsWith('c:')) entry.connectors++
      else entry.tasks++
      result.set(member, entry)
    }
    return result
  }
}

function keys (connectors: readonly string[], tasks: readonly ConnectorTaskId[]): string[] {
  return [...connectors.map((c) => workKey('connector', c)), ...tasks.map((t) => workKey('task', t.connector, t.task))]
}

export interface MemberSettings {
  readonly bootstrap: string
  readonly groupId: string
  readonly sessionTimeoutMs: number
  readonly heartbeatIntervalMs: number
  readonly rebalanceTimeoutMs: number
  readonly scheduledRebalanceMaxDelayMs: number
  readonly protocol: MembershipOptions['protocol']
}

/** A member in this process; stopped when the calling test ends. */
export function inProcessMember (name: string, settings: MemberSettings, config: ClusterConfigView, ledger: Ledger): GroupMembership {
  const membership = createGroupMembership({
    bootstrapServers: [settings.bootstrap], groupId: settings.groupId, workerUrl: `http://127.0.0.1:1/${name}/`,
    sessionTimeoutMs: settings.sessionTimeoutMs, rebalanceTimeoutMs: settings.rebalanceTimeoutMs, heartbeatIntervalMs: settings.heartbeatIntervalMs,
    scheduledRebalanceMaxDelayMs: settings.scheduledRebalanceMaxDelayMs, protocol: settings.protocol, config,
    logger: pino({ level: process.env.MEMBERSHIP_TEST_LOG ?? 'warn', base: { member: name } }),
    listener: {
      onRevoked: async ({ connectors, tasks }) => { ledger.revoked(name, connectors, tasks) },
      onAssigned: async (assignment) => { ledger.assigned(name, assignment) }
    }
  })
  after(async () => { await membership.stop() })
  return membership
}

export interface ChildMember {
  readonly child: ChildProcess
  readonly exited: Promise<void>
}

const CHILD = fileURLToPath(new URL('./membership-child.ts', import.meta.url))

/** A member in a child process; its events go into the ledger. Killed (SIGKILL) when the calling test ends. */
export function childMember (name: string, settings: MemberSettings, connectors: FakeConfigOptions['connectors'], offset: bigint, ledger: Ledger): ChildMember {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MEMBER_SPEC: JSON.stringify({ name, settings, connectors, offset: String(offset) }) }
  })
  let buffered = ''
  child.stdout?.on('data', (data: Buffer) => {
    buffered += data.toString()
    let newline: number
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      const event = JSON.parse(line) as { type: 'revoked', connectors: string[], tasks: ConnectorTaskId[] } | { type: 'assigned', assignment: WorkerAssignment & { configOffset: string } }
      if (event.type === 'revoked') ledger.revoked(name, event.connectors, event.tasks)
      else ledger.assigned(name, { ...event.assignment, configOffset: BigInt(event.assignment.configOffset) })
    }
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => { resolve() }))
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  return { child, exited }
}

/** Polls `check` every 100 ms until it returns true; fails with `describe()` after `timeoutMs`. */
export async function waitFor (what: string, check: () => boolean, timeoutMs: number, describe: () => unknown = () => ''): Promise<number> {
  const began = Date.now()
  while (!check()) {
    if (Date.now() - began > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(describe())}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return Date.now() - began
}
