/**
 * One worker's part in the cluster: follows the config and status topics, runs what its assignment names, writes its
 * statuses, and, as leader, writes task configs and asks for a rebalance when the set of work changes. The REST side
 * (DistributedHerder) reads this member's views and sends writes through it.
 */
import { InternalTopicLog } from '../../kafka/internal-topic-log.ts'
import type { Logger } from '../logging.ts'
import type { PluginRegistry } from '../plugins.ts'
import type { WorkerConfig } from '../worker-config.ts'
import type { Worker } from '../worker.ts'
import { ClusterConfigState, type ConfigChange } from './cluster-config-state.ts'
import { commitRecord, decodeConfigRecord, taskRecord, type EncodedRecord } from './config-records.ts'
import type { DistributedConfig } from './distributed-config.ts'
import { forwardRequest, noLeaderError } from './leader-client.ts'
import { LocalWork } from './local-work.ts'
import type { ConnectorTaskId, GroupMembership, MembershipOptions, WorkerAssignment } from './membership.ts'
import { StatusPublisher } from './status-publisher.ts'
import { StatusStore } from './status-store.ts'

export interface ClusterMemberOptions {
  readonly worker: Worker
  readonly workerConfig: WorkerConfig
  readonly distributed: DistributedConfig
  readonly plugins: PluginRegistry
  readonly logger: Logger
  readonly workerUrl: () => string
  readonly workerId: () => string
  readonly createMembership: (options: MembershipOptions) => GroupMembership
  /** How often the config and status topics are read for changes, ms. */
  readonly pollIntervalMs?: number
}

export class ClusterMember {
  readonly #o: ClusterMemberOptions
  readonly state = new ClusterConfigState()
  readonly statuses: StatusStore
  readonly #configLog: InternalTopicLog
  readonly #statusLog: InternalTopicLog
  readonly #work: LocalWork
  readonly #publisher: StatusPublisher
  #membership: GroupMembership | undefined
  #timer: NodeJS.Timeout | undefined
  #stopped = false
  /** One change to local work at a time: assignments, config changes and restarts never interleave. */
  #queue: Promise<void> = Promise.resolve()
  /** Changes read from the config topic and not acted on yet. */
  #changes: ConfigChange[] = []

  constructor (options: ClusterMemberOptions) {
    this.#o = options
    const { bootstrapServers } = options.workerConfig
    this.#configLog = new InternalTopicLog(bootstrapServers, `${options.distributed.groupId}-configs`, options.distributed.configTopic)
    this.#statusLog = new InternalTopicLog(bootstrapServers, `${options.distributed.groupId}-statuses`, options.distributed.statusTopic)
    this.statuses = new StatusStore(this.#statusLog, options.logger)
    this.#publisher = new StatusPublisher(this.statuses, options.workerId, options.logger)
    this.#work = new LocalWork({
      worker: options.worker, state: this.state, workerConfig: options.workerConfig, plugins: options.plugins, logger: options.logger,
      submitTaskConfigs: async (name, configs) => { await this.#submitTaskConfigs(name, configs) }
    })
  }

  get membership (): GroupMembership | undefined { return this.#membership }
  get assignment (): WorkerAssignment | undefined { return this.#membership?.assignment }

  /** Reads both topics to their end, joins the group, and then follows the topics every poll interval. */
  async start (): Promise<void> {
    await this.readConfigToEnd(false)
    // What the topic held before this worker joined is started by its first assignment, not replayed.
    this.#changes = []
    await this.statuses.readToEnd()
    const d = this.#o.distributed
    this.#membership = this.#o.createMembership({
      bootstrapServers: this.#o.workerConfig.bootstrapServers, groupId: d.groupId, workerUrl: this.#o.workerUrl(),
      sessionTimeoutMs: d.sessionTimeoutMs, rebalanceTimeoutMs: d.rebalanceTimeoutMs, heartbeatIntervalMs: d.heartbeatIntervalMs,
      scheduledRebalanceMaxDelayMs: d.scheduledRebalanceMaxDelayMs, protocol: d.protocol, logger: this.#o.logger,
      config: {
        offset: () => this.state.offset,
        readToEnd: async () => { await this.readConfigToEnd(false); return this.state.offset },
        connectors: () => this.state.connectorNames().map((name) => ({ name, taskCount: this.state.taskConfigs(name).length }))
      },
      listener: {
        onRevoked: async (revoked) => { await this.#serially(async () => await this.#revoke(revoked)) },
        onAssigned: async (assignment) => { await this.#serially(async () => await this.#assigned(assignment)) }
      }
    })
    await this.#membership.start()
    this.#schedule()
  }

  /**
   * Reads the config topic to its end; with `act`, acts on every change not acted on yet (local work, and the leader's
   * rebalances). Without it (inside a rebalance) the changes wait for the next act.
   */
  async readConfigToEnd (act = true): Promise<void> {
    await this.#configLog.readToEnd((record) => {
      const decoded = decodeConfigRecord(record.key, record.value)
      if (decoded === undefined) { this.#o.logger.warn({ key: record.key, offset: String(record.offset) }, 'Skipping a config topic record that is not Connect\'s JSON'); return }
      const change = this.state.apply(decoded, record.offset)
      if (change !== undefined) this.#changes.push(change)
    }, this.#o.distributed.workerSyncTimeoutMs * 10)
    if (act) {
      await this.#serially(async () => {
        const changes = this.#changes
        this.#changes = []
        for (const change of changes) await this.#act(change)
      })
    }
  }

  /** Writes records to the config topic and reads it back, so this worker's view includes them when this resolves. */
  async writeConfig (records: readonly EncodedRecord[]): Promise<void> {
    await this.#configLog.write(records)
    await this.readConfigToEnd()
  }

  #schedule (): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      void this.#poll().finally(() => { this.#schedule() })
    }, this.#o.pollIntervalMs ?? 500)
  }

  async #poll (): Promise<void> {
    try {
      await this.readConfigToEnd()
      await this.statuses.readToEnd()
      await this.#serially(async () => await this.#publish())
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'Reading the config or status topic failed; trying again')
    }
  }

  async #serially (work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch((error: unknown) => { this.#o.logger.error({ err: error }, 'Applying a cluster change failed') })
    await run
  }

  async #publish (): Promise<void> {
    const generation = this.assignment?.generation ?? -1
    await this.#publisher.publish({ connectors: this.#work.connectors, tasks: this.#work.tasks, statuses: this.#work.statuses(), failure: (n) => this.#work.failure(n) }, generation)
  }

  async #act (change: ConfigChange): Promise<void> {
    const leader = this.assignment?.isLeader === true
    switch (change.kind) {
      case 'connector-updated':
        await this.#work.connectorUpdated(change.name)
        if (leader && change.created) this.#membership?.requestRejoin(`connector ${change.name} created`)
        return
      case 'connector-removed': {
        const tasks = this.#work.tasks.filter((t) => t.connector === change.name).map((t) => t.task)
        await this.#work.removed(change.name)
        if (leader) {
          const known = this.statuses.tasks(change.name).map(([task]) => task)
          await this.#publisher.destroyed(change.name, [...new Set([...tasks, ...known])]).catch(() => {})
          this.#membership?.requestRejoin(`connector ${change.name} deleted`)
        }
        return
      }
      case 'target-state':
        await this.#work.targetStateChanged(change.name)
        return
      case 'tasks-committed':
        await this.#work.tasksCommitted(change.name)
        if (leader) this.#membership?.requestRejoin(`task configs of ${change.name} committed`)
        return
      case 'restart':
        await this.#restart(change.name, change.includeTasks, change.onlyFailed)
    }
  }

  /** A restart record: each worker restarts what it runs of the connector, as Connect's processRestartRequests does. */
  async #restart (name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    const failed = (state: string | undefined): boolean => state === 'FAILED'
    if (this.#work.connectors.includes(name) && (!onlyFailed || failed(this.statuses.connector(name)?.state))) {
      await this.#work.stopConnector(name)
      await this.#work.startConnector(name)
    }
    if (!includeTasks) return
    for (const id of this.#work.tasks.filter((t) => t.connector === name)) {
      if (onlyFailed && !failed(this.statuses.task(name, id.task)?.state)) continue
      await this.restartLocalTask(id)
    }
  }

  async restartLocalTask (id: ConnectorTaskId): Promise<void> {
    await this.#work.stopTask(id)
    await this.#work.startTask(id)
  }

  runsTask (id: ConnectorTaskId): boolean {
    return this.#work.tasks.some((t) => t.connector === id.connector && t.task === id.task)
  }

  /** Only the leader writes task configs (tasks, then the commit); a follower sends them to the leader's internal endpoint. */
  async #submitTaskConfigs (name: string, configs: ReadonlyArray<Readonly<Record<string, string>>>): Promise<void> {
    const assignment = this.assignment
    if (assignment?.isLeader === true) { await this.writeTaskConfigs(name, configs); return }
    if (assignment === undefined || assignment.leaderUrl === '') throw noLeaderError()
    // Sent outside the serial queue's wait: the leader's commit comes back through the config topic.
    void forwardRequest(assignment.leaderUrl, { method: 'PUT', path: `/connectors/${encodeURIComponent(name)}/tasks`, body: configs })
      .catch((error: unknown) => { this.#o.logger.warn({ err: error, connector: name }, 'Could not send task configs to the leader; the next rebalance tries again') })
  }

  async writeTaskConfigs (name: string, configs: ReadonlyArray<Readonly<Record<string, string>>>): Promise<void> {
    if (this.state.connectorConfig(name) === undefined) return
    await this.#configLog.write([...configs.map((c, i) => taskRecord(name, i, c)), commitRecord(name, configs.length)])
    this.#o.logger.info({ connector: name, tasks: configs.length }, 'Wrote task configs')
  }

  async #revoke (revoked: { connectors: readonly string[], tasks: readonly ConnectorTaskId[] }): Promise<void> {
    await Promise.all([
      ...revoked.tasks.map(async (id) => await this.#work.stopTask(id)),
      ...revoked.connectors.map(async (name) => await this.#work.stopConnector(name))
    ])
    if (revoked.connectors.length + revoked.tasks.length > 0) this.#o.logger.info({ connectors: revoked.connectors, tasks: revoked.tasks.map((t) => `${t.connector}-${t.task}`) }, 'Stopped revoked work')
    await this.#publisher.unassigned(revoked, this.assignment?.generation ?? -1)
  }

  async #assigned (a: WorkerAssignment): Promise<void> {
    const deadline = Date.now() + this.#o.distributed.workerSyncTimeoutMs
    while (this.state.offset < a.configOffset && Date.now() < deadline) await this.readConfigToEnd(false)
    if (this.state.offset < a.configOffset) this.#membership?.requestRejoin('config topic behind the leader\'s')
    const wantTasks = new Set(a.tasks.map((t) => `${t.connector}\u0000${t.task}`))
    await this.#revoke({
      connectors: this.#work.connectors.filter((c) => !a.connectors.includes(c)),
      tasks: this.#work.tasks.filter((t) => !wantTasks.has(`${t.connector}\u0000${t.task}`))
    })
    for (const name of a.connectors) if (!this.#work.connectors.includes(name)) await this.#work.startConnector(name)
    for (const id of a.tasks) if (!this.runsTask(id)) await this.#work.startTask(id)
    this.#o.logger.info({ generation: a.generation, leader: a.isLeader, connectors: a.connectors, tasks: a.tasks.map((t) => `${t.connector}-${t.task}`) }, 'Assignment applied')
    await this.#publish()
  }

  /** Leaves the group (revoking everything), then closes the topics. */
  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#membership?.stop()
    await this.#queue
    await Promise.allSettled([this.#configLog.close(), this.#statusLog.close()])
  }
}
