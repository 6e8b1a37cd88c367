/**
 * A worker's membership in the Connect group, as Connect's WorkerCoordinator runs it: JoinGroup with protocol type
 * `connect` and the protocols of `connect.protocol` in preference order, SyncGroup (the leader assigns), heartbeats
 * on their own timer, rejoin when the coordinator asks for it, revocation before work moves, and LeaveGroup on stop.
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import { GroupCoordinatorClient, type GroupCallResult } from '../../kafka/group-coordinator.ts'
import { ASSIGNMENT_ERRORS, CONNECT_PROTOCOL_TYPE, decodeAssignment, joinProtocols, protocolVersionOf, type ProtocolAssignment } from './connect-protocol.ts'
import type { AssignorMemory } from './incremental-assignor.ts'
import { leaderAssign } from './leader-assignment.ts'
import type { ConnectorTaskId, GroupMembership, MembershipOptions, WorkerAssignment } from './membership.ts'
import { WorkSet } from './work-set.ts'

/** Errors after which joining again cannot succeed. */
const FATAL = new Set(['INCONSISTENT_GROUP_PROTOCOL', 'GROUP_AUTHORIZATION_FAILED', 'GROUP_MAX_SIZE_REACHED', 'INVALID_SESSION_TIMEOUT',
  'UNSUPPORTED_VERSION', 'INVALID_GROUP_ID', 'GROUP_ID_NOT_FOUND', 'FENCED_INSTANCE_ID', 'CLUSTER_AUTHORIZATION_FAILED'])
const RETRY_BACKOFF_MS = 250

/** The group member behind a distributed worker. */
export function createGroupMembership (options: MembershipOptions): GroupMembership {
  return new ConnectGroupMember(options)
}

class ConnectGroupMember implements GroupMembership {
  readonly #o: MembershipOptions
  readonly #client: GroupCoordinatorClient
  #memberId = ''
  #generation = -1
  #lastCompletedGeneration = -1
  #protocolVersion: number | undefined
  /** What this worker runs, and the last assignment as it goes into our metadata (allocation). */
  #running = new WorkSet()
  #allocation: ProtocolAssignment | undefined
  #assignment: WorkerAssignment | undefined
  #memory: { generation: number, memory: AssignorMemory | undefined } | undefined
  #stable = false
  /** Set when a heartbeat learns the group went on without us; the loop revokes everything before rejoining. */
  #lost: string | undefined
  #rejoin = true
  #rebalancing = false
  #stopping = false
  #lastHeartbeat = 0
  #wake: (() => void) | undefined
  #delayTimer: NodeJS.Timeout | undefined
  #heartbeatTimer: NodeJS.Timeout | undefined
  #loop: Promise<void> | undefined
  #started: { resolve: () => void, reject: (error: unknown) => void, promise: Promise<void> } | undefined
  #stopped: Promise<void> | undefined

  constructor (options: MembershipOptions) {
    this.#o = options
    this.#client = new GroupCoordinatorClient({
      bootstrapServers: options.bootstrapServers,
      clientId: 'sqs-connect-worker',
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
      requestTimeoutMs: Math.max(options.heartbeatIntervalMs, 5000)
    })
  }

  get rebalancing (): boolean { return this.#rebalancing }
  get assignment (): WorkerAssignment | undefined { return this.#assignment }

  async start (): Promise<void> {
    if (this.#started !== undefined) return await this.#started.promise
    let resolve!: () => void
    let reject!: (error: unknown) => void
    const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej })
    this.#started = { resolve, reject, promise }
    this.#rebalancing = true
    this.#loop = this.#run()
    this.#scheduleHeartbeat()
    return await promise
  }

  requestRejoin (reason: string): void {
    this.#o.logger.info({ reason }, 'rejoining the group')
    this.#rejoin = true
    this.#wake?.()
  }

  async stop (): Promise<void> {
    this.#stopped ??= this.#stop()
    return await this.#stopped
  }

  async #stop (): Promise<void> {
    this.#stopping = true
    clearTimeout(this.#delayTimer)
    clearTimeout(this.#heartbeatTimer)
    this.#wake?.()
    await this.#client.abort()
    await this.#loop
    await this.#revokeAll('the worker is stopping')
    if (this.#memberId !== '') {
      if (!this.#client.hasCoordinator) await this.#client.findCoordinator(this.#o.groupId)
      const left = await this.#client.leaveGroup(this.#o.groupId, this.#memberId, 'the worker is stopping')
      if (left.error !== undefined) this.#o.logger.warn({ error: left.error }, 'LeaveGroup failed; the coordinator drops this member after the session timeout')
      else this.#o.logger.info({ memberId: this.#memberId }, 'left the group')
    }
    await this.#client.close()
    this.#started?.reject(new SqsConnectError(ErrorCodes.GROUP_MEMBERSHIP_FAILED, 'the worker stopped before it joined the group', { subject: this.#o.groupId }))
  }

  async #run (): Promise<void> {
    while (!this.#stopping) {
      try {
        if (this.#rejoin) await this.#rebalance()
        else await this.#sleep(60_000)
      } catch (error) {
        this.#o.logger.error({ err: error }, 'group membership failed')
        this.#started?.reject(error)
        this.#stopping = true
      }
    }
  }

  async #rebalance (): Promise<void> {
    this.#rejoin = false
    this.#rebalancing = true
    this.#stable = false
    if (this.#lost !== undefined) await this.#revokeAll(this.#lost)
    this.#lost = undefined
    if (this.#protocolVersion === 0) await this.#revokeAll('eager rebalance')
    if (!this.#client.hasCoordinator) {
      const found = await this.#client.findCoordinator(this.#o.groupId)
      if (found.error !== undefined) return await this.#retry('FindCoordinator', found)
    }
    if (this.#stopping) return
    const protocols = joinProtocols(this.#o.protocol, this.#o.workerUrl, this.#o.config.offset(), this.#allocation)
    const join = await this.#client.joinGroup({
      groupId: this.#o.groupId, memberId: this.#memberId, sessionTimeoutMs: this.#o.sessionTimeoutMs,
      rebalanceTimeoutMs: this.#o.rebalanceTimeoutMs, protocolType: CONNECT_PROTOCOL_TYPE, protocols
    })
    if (join.error !== undefined) return await this.#retry('JoinGroup', join)
    this.#memberId = join.memberId
    const version = protocolVersionOf(join.protocolName)
    let assignments: Array<{ memberId: string, assignment: Buffer }> = []
    if (join.leader === join.memberId) {
      const memory = this.#memory?.generation === this.#lastCompletedGeneration ? this.#memory.memory : undefined
      const led = await leaderAssign({
        leaderId: join.memberId, protocolVersion: version, members: join.members, config: this.#o.config,
        now: Date.now(), maxDelayMs: this.#o.scheduledRebalanceMaxDelayMs, memory
      })
      assignments = led.assignments
      this.#memory = { generation: join.generationId, memory: led.memory }
      this.#o.logger.info({ generation: join.generationId, members: join.members.length, configOffset: String(led.configOffset), mismatch: led.mismatch,
        plans: Object.fromEntries([...led.summary].map(([id, p]) => [id, { assigned: count(p.assigned), revoked: count(p.revoked), delayMs: p.delayMs }])) }, 'assigned as leader')
    }
    if (this.#stopping) return
    const sync = await this.#client.syncGroup(this.#o.groupId, join.generationId, join.memberId, CONNECT_PROTOCOL_TYPE, join.protocolName ?? '', assignments)
    if (sync.error !== undefined) return await this.#retry('SyncGroup', sync)
    await this.#apply(decodeAssignment(sync.assignment), version, join.generationId)
  }

  /** Connect's onJoinComplete: stop what is revoked, keep the rest, add what is new, tell the listener. */
  async #apply (received: ProtocolAssignment, version: number, generation: number): Promise<void> {
    this.#generation = generation
    this.#protocolVersion = version
    this.#stable = true
    this.#lastHeartbeat = Date.now()
    if (received.error === ASSIGNMENT_ERRORS.CONFIG_MISMATCH) {
      this.#o.logger.warn({ generation, leaderOffset: String(received.configOffset) }, 'the leader could not read the config topic as far as this worker; reading to its end and rejoining')
      const running = this.#running.toLists()
      await this.#handOver(received, running.connectors, running.tasks, 'CONFIG_MISMATCH')
      await this.#o.config.readToEnd()
      this.#rejoin = true
      await this.#sleep(RETRY_BACKOFF_MS)
      return
    }
    const revoked = WorkSet.of({ connectors: received.revokedConnectors, tasks: received.revokedTasks })
    if (version > 0 && revoked.size > 0) {
      await this.#o.listener.onRevoked(revoked.toLists())
      this.#running.removeAll(revoked)
    }
    if (version === 0) this.#running = new WorkSet()
    this.#running.addAll(WorkSet.of(received))
    this.#lastCompletedGeneration = generation
    const { connectors, tasks } = this.#running.toLists()
    this.#allocation = { ...received, connectors, tasks }
    await this.#handOver(received, connectors, tasks, 'NONE')
    if (version > 0 && revoked.size > 0) this.requestRejoin('work was revoked; the follow-up rebalance assigns it elsewhere')
    clearTimeout(this.#delayTimer)
    if (received.delayMs > 0) {
      this.#o.logger.info({ delayMs: received.delayMs }, 'the leader holds work of a departed worker; rebalancing again when the delay ends')
      this.#delayTimer = setTimeout(() => { this.requestRejoin('scheduled rebalance delay ended') }, received.delayMs)
    }
  }

  async #handOver (received: ProtocolAssignment, connectors: string[], tasks: ConnectorTaskId[], error: WorkerAssignment['error']): Promise<void> {
    this.#assignment = {
      generation: this.#generation, leaderId: received.leader, leaderUrl: received.leaderUrl, isLeader: received.leader === this.#memberId,
      configOffset: received.configOffset, connectors, tasks, revokedConnectors: received.revokedConnectors, revokedTasks: received.revokedTasks,
      delayMs: received.delayMs, error
    }
    this.#o.logger.info({ generation: this.#generation, leader: received.leader, connectors: connectors.length, tasks: tasks.length, error }, 'assignment received')
    await this.#o.listener.onAssigned(this.#assignment)
    if (!this.#rejoin) this.#rebalancing = false
    this.#started?.resolve()
  }

  /** Reacts to a failed group call: rejoin at once, after a pause, or give up for good. */
  async #retry (call: string, result: Exclude<GroupCallResult<object>, { error: undefined }>): Promise<void> {
    this.#rejoin = true
    if (this.#stopping || result.error === 'CLOSED') return
    if (FATAL.has(result.error)) {
      throw new SqsConnectError(ErrorCodes.GROUP_MEMBERSHIP_FAILED, `${call} for group '${this.#o.groupId}' failed with ${result.error}`, { subject: 'group.id', cause: result.cause })
    }
    switch (result.error) {
      case 'MEMBER_ID_REQUIRED':
        this.#memberId = result.memberId ?? ''
        return
      case 'UNKNOWN_MEMBER_ID':
        this.#memberId = ''
        await this.#revokeAll('the coordinator no longer knows this member')
        return
      case 'REBALANCE_IN_PROGRESS':
      case 'ILLEGAL_GENERATION':
        return
      default:
        this.#o.logger.warn({ call, error: result.error }, 'group call failed; retrying')
        await this.#sleep(RETRY_BACKOFF_MS)
    }
  }

  #scheduleHeartbeat (): void {
    if (this.#stopping) return
    this.#heartbeatTimer = setTimeout(() => { void this.#heartbeat().finally(() => { this.#scheduleHeartbeat() }) }, this.#o.heartbeatIntervalMs)
  }

  async #heartbeat (): Promise<void> {
    if (!this.#stable || this.#rejoin || this.#stopping) return
    const generation = this.#generation
    const result = await this.#client.heartbeat(this.#o.groupId, generation, this.#memberId)
    if (generation !== this.#generation || this.#stopping) return
    if (result.error === undefined) {
      this.#lastHeartbeat = Date.now()
      return
    }
    if (result.error === 'UNKNOWN_MEMBER_ID' || result.error === 'ILLEGAL_GENERATION') {
      // The group went on without us: whatever we run may be assigned elsewhere already.
      if (result.error === 'UNKNOWN_MEMBER_ID') this.#memberId = ''
      this.#stable = false
      this.#lost = `heartbeat answered ${result.error}`
    } else if (result.error !== 'REBALANCE_IN_PROGRESS') {
      const silentMs = Date.now() - this.#lastHeartbeat
      this.#o.logger.warn({ error: result.error, silentMs }, 'heartbeat failed')
      if (silentMs < this.#o.sessionTimeoutMs - this.#o.heartbeatIntervalMs) return
      this.#stable = false
      this.#lost = `no heartbeat reached the coordinator for ${silentMs} ms`
    }
    this.requestRejoin(`heartbeat answered ${result.error}`)
  }

  /** Stops all work through the listener (eager rebalance, lost membership, stop). */
  async #revokeAll (reason: string): Promise<void> {
    if (this.#running.size === 0) return
    const all = this.#running.toLists()
    this.#o.logger.info({ reason, connectors: all.connectors.length, tasks: all.tasks.length }, 'revoking all work')
    this.#running = new WorkSet()
    this.#allocation = undefined
    await this.#o.listener.onRevoked(all)
  }

  async #sleep (ms: number): Promise<void> {
    if (this.#stopping) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done (): void { clearTimeout(timer); resolve() }
      this.#wake = done
    })
    this.#wake = undefined
  }
}

function count (work: { connectors: readonly string[], tasks: readonly unknown[] }): string {
  return `${work.connectors.length}c/${work.tasks.length}t`
}
