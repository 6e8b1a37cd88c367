/**
 * The classic group protocol calls a Connect worker makes to its group coordinator: FindCoordinator (v6),
 * JoinGroup (v9), SyncGroup (v5), Heartbeat (v4) and LeaveGroup (v5), on raw connections of the Kafka client.
 * Broker errors come back as values (`{ error: 'REBALANCE_IN_PROGRESS' }`) for the caller's state machine; a
 * connection that failed or timed out comes back as `{ error: 'NETWORK' }` and is reopened on the next call.
 */
import { Connection, FindCoordinatorKeyTypes, findCoordinatorV6, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka'
import { protocolErrorIds } from './errors.ts'

export interface GroupCoordinatorOptions {
  readonly bootstrapServers: readonly string[]
  readonly clientId: string
  /** Time a JoinGroup may wait at the coordinator (the rebalance timeout); its request timeout adds 5 s. */
  readonly rebalanceTimeoutMs: number
  /** Request timeout of the short calls (FindCoordinator, SyncGroup, Heartbeat, LeaveGroup). */
  readonly requestTimeoutMs: number
}

export type GroupCallResult<T> = ({ readonly error: undefined } & T) | { readonly error: string, readonly memberId?: string, readonly cause?: unknown }

export interface JoinRequest {
  readonly groupId: string
  readonly memberId: string
  readonly sessionTimeoutMs: number
  readonly rebalanceTimeoutMs: number
  readonly protocolType: string
  readonly protocols: ReadonlyArray<{ readonly name: string, readonly metadata: Buffer }>
  readonly reason?: string
}

export interface JoinResponse {
  readonly generationId: number
  readonly protocolName: string | null
  readonly leader: string
  readonly memberId: string
  /** Every member and its metadata for the chosen protocol (leader only; empty for followers). */
  readonly members: ReadonlyArray<{ readonly memberId: string, readonly metadata: Buffer }>
}

const JOIN_EXTRA_TIMEOUT_MS = 5000

/** Connections to the coordinator of one group; close() is idempotent. */
export class GroupCoordinatorClient {
  readonly #options: GroupCoordinatorOptions
  #coordinator: { host: string, port: number } | undefined
  /** JoinGroup and SyncGroup (long waits) use one connection, the short calls another, so heartbeats never queue behind a join. */
  #long: Promise<Connection> | undefined
  #short: Promise<Connection> | undefined
  #closed = false

  constructor (options: GroupCoordinatorOptions) {
    this.#options = options
  }

  /** Finds the group's coordinator through the bootstrap servers (kept until a call says it moved). */
  async findCoordinator (groupId: string): Promise<GroupCallResult<{ host: string, port: number }>> {
    let last: GroupCallResult<{ host: string, port: number }> = { error: 'NETWORK' }
    for (const server of this.#options.bootstrapServers) {
      const [host, port] = splitHostPort(server)
      const connection = new Connection(this.#options.clientId, { connectTimeout: this.#options.requestTimeoutMs, requestTimeout: this.#options.requestTimeoutMs })
      try {
        await connection.connect(host, port)
        const response = await findCoordinatorV6.api.async(connection, FindCoordinatorKeyTypes.GROUP, [groupId])
        const found = response.coordinators[0]
        if (found === undefined) { last = { error: 'COORDINATOR_NOT_AVAILABLE' }; continue }
        this.#coordinator = { host: found.host, port: found.port }
        return { error: undefined, host: found.host, port: found.port }
      } catch (error) {
        last = failure(error)
      } finally {
        await connection.close().catch(() => {})
      }
    }
    return last
  }

  get hasCoordinator (): boolean { return this.#coordinator !== undefined }

  async joinGroup (request: JoinRequest): Promise<GroupCallResult<JoinResponse>> {
    return await this.#call('long', async (connection) => {
      const response = await joinGroupV9.api.async(connection, request.groupId, request.sessionTimeoutMs, request.rebalanceTimeoutMs,
        request.memberId, null, request.protocolType, request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })), request.reason ?? null)
      return {
        generationId: response.generationId,
        protocolName: response.protocolName ?? null,
        leader: response.leader,
        memberId: response.memberId ?? request.memberId,
        members: response.members.map((m) => ({ memberId: m.memberId, metadata: m.metadata ?? Buffer.alloc(0) }))
      }
    })
  }

  /** SyncGroup; the leader passes every member's assignment, followers none. Resolves with this member's assignment. */
  async syncGroup (groupId: string, generationId: number, memberId: string, protocolType: string, protocolName: string,
    assignments: ReadonlyArray<{ readonly memberId: string, readonly assignment: Buffer }>): Promise<GroupCallResult<{ assignment: Buffer }>> {
    return await this.#call('long', async (connection) => {
      const response = await syncGroupV5.api.async(connection, groupId, generationId, memberId, null, protocolType, protocolName,
        assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })))
      return { assignment: response.assignment }
    })
  }

  async heartbeat (groupId: string, generationId: number, memberId: string): Promise<GroupCallResult<object>> {
    return await this.#call('short', async (connection) => {
      await heartbeatV4.api.async(connection, groupId, generationId, memberId, null)
      return {}
    })
  }

  async leaveGroup (groupId: string, memberId: string, reason: string): Promise<GroupCallResult<object>> {
    return await this.#call('short', async (connection) => {
      await leaveGroupV5.api.async(connection, groupId, [{ memberId, groupInstanceId: null, reason }])
      return {}
    })
  }

  /** Drops the connections: a pending JoinGroup ends with NETWORK. The next call reconnects. */
  async abort (): Promise<void> {
    const open = [this.#long, this.#short]
    this.#long = undefined
    this.#short = undefined
    await Promise.all(open.map(async (p) => { await (await p?.catch(() => undefined))?.close().catch(() => {}) }))
  }

  async close (): Promise<void> {
    this.#closed = true
    await this.abort()
  }

  async #call<T> (which: 'long' | 'short', call: (connection: Connection) => Promise<T>): Promise<GroupCallResult<T>> {
    if (this.#closed) return { error: 'CLOSED' }
    const coordinator = this.#coordinator
    if (coordinator === undefined) return { error: 'COORDINATOR_NOT_AVAILABLE' }
    try {
      return { error: undefined, ...(await call(await this.#connection(which, coordinator))) }
    } catch (error) {
      const result = failure(error)
      if (result.error === 'NETWORK' || result.error === 'NOT_COORDINATOR' || result.error === 'COORDINATOR_NOT_AVAILABLE') {
        this.#coordinator = undefined
        await this.abort()
      }
      return result
    }
  }

  async #connection (which: 'long' | 'short', coordinator: { host: string, port: number }): Promise<Connection> {
    const current = which === 'long' ? this.#long : this.#short
    if (current !== undefined) return await current
    const timeout = which === 'long' ? this.#options.rebalanceTimeoutMs + JOIN_EXTRA_TIMEOUT_MS : this.#options.requestTimeoutMs
    const opening = (async () => {
      const connection = new Connection(this.#options.clientId, { connectTimeout: this.#options.requestTimeoutMs, requestTimeout: timeout })
      await connection.connect(coordinator.host, coordinator.port)
      return connection
    })()
    if (which === 'long') this.#long = opening
    else this.#short = opening
    opening.catch(() => {
      if (which === 'long' && this.#long === opening) this.#long = undefined
      if (which === 'short' && this.#short === opening) this.#short = undefined
    })
    return await opening
  }
}

/** The broker's error id (first one) with the member id a MEMBER_ID_REQUIRED answer carries, or NETWORK. */
function failure (error: unknown): { error: string, memberId?: string, cause: unknown } {
  const id = protocolErrorIds(error)[0]
  if (id === undefined) return { error: 'NETWORK', cause: error }
  const response = (error as { response?: { memberId?: unknown } }).response
  const memberId = typeof response?.memberId === 'string' ? response.memberId : undefined
  return memberId === undefined ? { error: id, cause: error } : { error: id, memberId, cause: error }
}

function splitHostPort (server: string): [string, number] {
  const at = server.lastIndexOf(':')
  return [server.slice(0, at).replace(/^\[|\]$/g, ''), Number(server.slice(at + 1))]
}
