/**
 * Connect's incremental cooperative assignment (KIP-415), the leader's side: each worker keeps what it runs; work
 * that must move is first revoked (the owner stops it), and assigned elsewhere in the follow-up rebalance, so no
 * connector or task is ever assigned to two workers in one generation. Work of a worker that left without revoking
 * ("lost") is held for `scheduled.rebalance.max.delay.ms` in case it comes back, then spread over the others.
 * Pure: time and the memory of the previous round come in as arguments.
 */
import { configuredWork, sortTaskKeys, WorkSet } from './work-set.ts'
import type { ConnectorsAndTasks } from './connect-protocol.ts'

export interface MemberWork {
  readonly memberId: string
  /** What the member reported running in its metadata (its allocation). */
  readonly current: ConnectorsAndTasks
}

/** What the leader remembers between the rounds it assigns. */
export interface AssignorMemory {
  /** Everything assigned after the last round, plus lost work still held. */
  readonly previous: WorkSet
  /** When held lost work is released (epoch ms); 0 when nothing is held. */
  readonly scheduledAt: number
  readonly revokedInPrevious: boolean
  readonly members: ReadonlySet<string>
}

export interface MemberPlan {
  /** Newly assigned work only; the member keeps what it has unless revoked. */
  readonly assigned: ConnectorsAndTasks
  readonly revoked: ConnectorsAndTasks
  readonly delayMs: number
}

export interface IncrementalInput {
  readonly members: readonly MemberWork[]
  readonly configured: ReadonlyArray<{ readonly name: string, readonly taskCount: number }>
  readonly now: number
  readonly maxDelayMs: number
  /** The leader's memory of the previous round; undefined when it did not assign the last completed generation. */
  readonly memory: AssignorMemory | undefined
}

export interface IncrementalResult {
  readonly plans: ReadonlyMap<string, MemberPlan>
  readonly memory: AssignorMemory
  /** Lost work this round holds back (for logs and tests). */
  readonly held: ConnectorsAndTasks
}

type Kind = 'connectors' | 'tasks'
const KINDS: readonly Kind[] = ['connectors', 'tasks']

/** One round of incremental cooperative assignment. */
export function assignIncremental (input: IncrementalInput): IncrementalResult {
  const ids = input.members.map((m) => m.memberId).sort()
  const configured = configuredWork(input.configured)
  const reported = new Map(input.members.map((m) => [m.memberId, WorkSet.of(m.current)]))
  const kept = new Map(ids.map((id) => [id, new WorkSet()]))
  const revoked = new Map(ids.map((id) => [id, new WorkSet()]))
  const everReported = new WorkSet()

  // Keep what each member runs, except work no longer configured and work another member already keeps.
  for (const id of ids) {
    const mine = reported.get(id) ?? new WorkSet()
    everReported.addAll(mine)
    for (const kind of KINDS) {
      for (const item of mine[kind]) {
        const ownedElsewhere = ids.some((other) => other !== id && kept.get(other)?.[kind].has(item) === true)
        if (!configured[kind].has(item) || ownedElsewhere) revoked.get(id)![kind].add(item)
        else kept.get(id)![kind].add(item)
      }
    }
  }
  const cleanupRevocations = [...revoked.values()].some((set) => set.size > 0)

  const previous = input.memory?.previous ?? everReported
  const lost = intersect(previous, configured).removeAll(everReported)
  const unassigned = configured.copy().removeAll(everReported).removeAll(lost)
  const newMembers = ids.filter((id) => input.memory !== undefined && !input.memory.members.has(id) && (reported.get(id)?.size ?? 0) === 0)

  // Lost work: held while the delay runs (unless workers joined since: perhaps the departed one, back), then released.
  let scheduledAt = input.memory?.scheduledAt ?? 0
  let lostTo: readonly string[] = ids
  let held = new WorkSet()
  if (lost.size === 0) {
    scheduledAt = 0
  } else if (newMembers.length > 0) {
    if (scheduledAt !== 0 && input.now < scheduledAt) lostTo = newMembers
    scheduledAt = 0
  } else if (scheduledAt === 0 && input.maxDelayMs > 0) {
    scheduledAt = input.now + input.maxDelayMs
    held = lost
  } else if (input.now < scheduledAt) {
    held = lost
  } else {
    scheduledAt = 0
  }
  const delayMs = held.size > 0 ? scheduledAt - input.now : 0

  const added = new Map(ids.map((id) => [id, new WorkSet()]))
  const load = (id: string, kind: Kind): number => kept.get(id)![kind].size + added.get(id)![kind].size
  const mayBalance = !cleanupRevocations && input.memory?.revokedInPrevious !== true && held.size === 0
  for (const kind of KINDS) {
    const releasedLost = held.size > 0 ? [] : [...lost[kind]]
    const toAll = sortItems(kind, [...unassigned[kind], ...(lostTo === ids ? releasedLost : [])])
    if (mayBalance) revokeExcess(kind, ids, kept, revoked, toAll.length + (lostTo === ids ? 0 : releasedLost.length))
    if (lostTo !== ids) spread(kind, sortItems(kind, releasedLost), lostTo, added, load)
    spread(kind, toAll, ids, added, load)
  }

  const plans = new Map<string, MemberPlan>()
  const assignedNow = new WorkSet()
  let anyRevoked = false
  for (const id of ids) {
    assignedNow.addAll(kept.get(id)!).addAll(added.get(id)!)
    anyRevoked ||= revoked.get(id)!.size > 0
    plans.set(id, { assigned: added.get(id)!.toLists(), revoked: revoked.get(id)!.toLists(), delayMs })
  }
  return {
    plans,
    memory: { previous: assignedNow.addAll(held), scheduledAt, revokedInPrevious: anyRevoked, members: new Set(ids) },
    held: held.toLists()
  }
}

function intersect (a: WorkSet, b: WorkSet): WorkSet {
  const result = new WorkSet()
  for (const c of a.connectors) if (b.connectors.has(c)) result.connectors.add(c)
  for (const t of a.tasks) if (b.tasks.has(t)) result.tasks.add(t)
  return result
}

function sortItems (kind: Kind, items: string[]): string[] {
  return kind === 'tasks' ? sortTaskKeys([...new Set(items)]) : [...new Set(items)].sort()
}

/**
 * Moves from each member's kept work to its revocations what it keeps above its fair share of `kind` (total over members, the busiest get the
 * remainder), so that the follow-up rebalance can hand it to the others.
 */
function revokeExcess (kind: Kind, ids: readonly string[], kept: Map<string, WorkSet>, revoked: Map<string, WorkSet>, pending: number): void {
  const total = ids.reduce((sum, id) => sum + kept.get(id)![kind].size, 0) + pending
  const base = Math.floor(total / ids.length)
  let extra = total % ids.length
  const busiestFirst = [...ids].sort((a, b) => kept.get(b)![kind].size - kept.get(a)![kind].size || (a < b ? -1 : 1))
  for (const id of busiestFirst) {
    const target = base + (extra > 0 ? 1 : 0)
    if (extra > 0) extra--
    const items = sortItems(kind, [...kept.get(id)![kind]])
    for (const item of items.slice(target)) {
      kept.get(id)![kind].delete(item)
      revoked.get(id)![kind].add(item)
    }
  }
}

/** Gives each item to the member with the least of `kind` now (ties: member id order). */
function spread (kind: Kind, items: readonly string[], to: readonly string[], added: Map<string, WorkSet>, load: (id: string, kind: Kind) => number): void {
  for (const item of items) {
    let best = to[0]!
    for (const id of to) if (load(id, kind) < load(best, kind)) best = id
    added.get(best)![kind].add(item)
  }
}
