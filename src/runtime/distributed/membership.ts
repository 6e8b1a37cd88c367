/**
 * The seam between Kafka group coordination (who is in the cluster, who leads, what each worker runs) and the
 * distributed herder (configs, statuses, REST). Membership follows Connect's WorkerCoordinator: workers join the
 * group `group.id` with protocol type `connect`; the leader assigns connectors and tasks from the config topic.
 */
import type { Logger } from '../logging.ts'

export interface ConnectorTaskId { readonly connector: string, readonly task: number }

/** Connect's ConnectProtocol.Assignment (v1+ adds revocations and a delay), as one worker received it. */
export interface WorkerAssignment {
  readonly generation: number
  /** The leader's member id and advertised REST URL (followers forward writes there). */
  readonly leaderId: string
  readonly leaderUrl: string
  readonly isLeader: boolean
  /** The config topic offset the leader assigned from; a worker reads the config topic at least this far before starting work. */
  readonly configOffset: bigint
  /** Connectors and tasks this worker runs now (after the revocations below were applied). */
  readonly connectors: readonly string[]
  readonly tasks: readonly ConnectorTaskId[]
  /** Work this worker must stop (incremental cooperative protocol); already stopped when onAssigned is called. */
  readonly revokedConnectors: readonly string[]
  readonly revokedTasks: readonly ConnectorTaskId[]
  /** Scheduled rebalance delay (lost work held for a departed worker), ms; 0 if none. */
  readonly delayMs: number
  /** CONFIG_MISMATCH: this worker's config topic view is behind the leader's; read further and rejoin. */
  readonly error: 'NONE' | 'CONFIG_MISMATCH'
}

/** What the leader needs to assign: the config topic as this worker has read it. */
export interface ClusterConfigView {
  /** Offset of the last config topic record this worker has applied (-1 if none). */
  offset: () => bigint
  /** Reads the config topic to its end; resolves with the new offset. */
  readToEnd: () => Promise<bigint>
  /** Connectors to run (target state not STOPPED is the herder's business: list every configured connector) with their committed task count. */
  connectors: () => ReadonlyArray<{ readonly name: string, readonly taskCount: number }>
}

export interface MembershipListener {
  /** Called before rejoining when work is revoked (eager: all of it); must stop that work before resolving. */
  onRevoked: (revoked: { readonly connectors: readonly string[], readonly tasks: readonly ConnectorTaskId[] }) => Promise<void>
  /** Called after each completed rebalance with this worker's new assignment; starts what is newly assigned. */
  onAssigned: (assignment: WorkerAssignment) => Promise<void>
}

export interface MembershipOptions {
  readonly bootstrapServers: readonly string[]
  readonly groupId: string
  /** This worker's advertised REST URL, e.g. `http://127.0.0.1:8083/` (member metadata `url`). */
  readonly workerUrl: string
  readonly sessionTimeoutMs: number
  readonly rebalanceTimeoutMs: number
  readonly heartbeatIntervalMs: number
  readonly scheduledRebalanceMaxDelayMs: number
  /** Connect's `connect.protocol`: `sessioned` (default), `compatible` or `eager`. */
  readonly protocol: 'eager' | 'compatible' | 'sessioned'
  readonly config: ClusterConfigView
  readonly listener: MembershipListener
  readonly logger: Logger
}

export interface GroupMembership {
  /** Joins the group; resolves after the first assignment was handed to the listener. */
  start: () => Promise<void>
  /** Leaves the group (LeaveGroup) after revoking everything through the listener; idempotent. */
  stop: () => Promise<void>
  /** Asks for a rebalance (e.g. the leader committed new task configs, or a connector was added or deleted). */
  requestRejoin: (reason: string) => void
  /** True from the moment a rebalance starts until the next assignment was handed over (REST answers 409 then). */
  readonly rebalancing: boolean
  readonly assignment: WorkerAssignment | undefined
}
