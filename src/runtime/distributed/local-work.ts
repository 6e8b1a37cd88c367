/**
 * What this worker runs of the cluster's work: the connector instances and tasks its assignment names, started on
 * the Worker from the config topic's view, restarted when their configs change, stopped when revoked or deleted.
 */
import type { ConnectorConfig } from '../../connect/connector.ts'
import { resolveConfigVariables } from '../config-providers/resolve-config.ts'
import type { Logger } from '../logging.ts'
import type { PluginRegistry } from '../plugins.ts'
import type { WorkerConfig } from '../worker-config.ts'
import type { ConnectorStatus, Worker } from '../worker.ts'
import { rawTaskConfig } from '../herder/task-configs.ts'
import type { ClusterConfigState } from './cluster-config-state.ts'
import type { ConnectorTaskId } from './membership.ts'

export interface LocalWorkOptions {
  readonly worker: Worker
  readonly state: ClusterConfigState
  readonly workerConfig: WorkerConfig
  readonly plugins: PluginRegistry
  readonly logger: Logger
  /** Hands task configs (as stored) that differ from the committed ones to the leader. */
  readonly submitTaskConfigs: (name: string, configs: ReadonlyArray<Readonly<Record<string, string>>>) => Promise<void>
}

export const taskKey = (id: ConnectorTaskId): string => `${id.connector}\u0000${id.task}`

const sameConfigs = (a: ReadonlyArray<Readonly<Record<string, string>>>, b: ReadonlyArray<Readonly<Record<string, string>>>): boolean =>
  a.length === b.length && a.every((config, i) => JSON.stringify(Object.entries(config).sort()) === JSON.stringify(Object.entries(b[i] ?? {}).sort()))

export class LocalWork {
  readonly #o: LocalWorkOptions
  /** Connector instances assigned here. */
  readonly #instances = new Set<string>()
  /** Tasks assigned here, with the stored config each was started with (JSON), or null when it had none yet. */
  readonly #tasks = new Map<string, { readonly id: ConnectorTaskId, readonly config: string | null }>()
  /** Connectors whose config this worker could not even register (invalid or unknown class): their status shows why. */
  readonly #failures = new Map<string, Error>()
  /** The connector config (JSON) each connector's work here was started with. */
  readonly #startedWith = new Map<string, string>()

  constructor (options: LocalWorkOptions) {
    this.#o = options
  }

  get connectors (): string[] { return [...this.#instances] }
  get tasks (): ConnectorTaskId[] { return [...this.#tasks.values()].map((t) => t.id) }
  failure (name: string): Error | undefined { return this.#failures.get(name) }

  /** Starts the connector instance with its target state; a STARTED one then has its task configs compared with the committed ones. */
  async startConnector (name: string): Promise<void> {
    this.#instances.add(name)
    const config = this.#o.state.connectorConfig(name)
    if (config === undefined) return
    this.#startedWith.set(name, JSON.stringify(config))
    const target = this.#o.state.targetState(name)
    let generated: ConnectorConfig[] | undefined
    try {
      generated = await this.#o.worker.startConnectorInstance(config, target)
      this.#failures.delete(name)
    } catch (error) {
      this.#failures.set(name, error as Error)
      this.#o.logger.error({ connector: name, err: error }, 'Connector could not be started')
      return
    }
    if (target === 'STOPPED') generated = []
    if (generated === undefined) return
    const stored = this.#stored(config, generated)
    if (!sameConfigs(stored, this.#o.state.taskConfigs(name))) await this.#o.submitTaskConfigs(name, stored)
  }

  async stopConnector (name: string): Promise<void> {
    if (!this.#instances.delete(name)) return
    this.#failures.delete(name)
    await this.#o.worker.stopConnectorInstance(name)
  }

  /** Starts the task with its committed config; a task the config topic has no config for stays UNASSIGNED until the commit arrives. */
  async startTask (id: ConnectorTaskId): Promise<void> {
    const config = this.#o.state.connectorConfig(id.connector)
    const stored = this.#o.state.taskConfigs(id.connector)[id.task]
    this.#tasks.set(taskKey(id), { id, config: stored === undefined ? null : JSON.stringify(stored) })
    if (config === undefined || stored === undefined) return
    this.#startedWith.set(id.connector, JSON.stringify(config))
    const { 'task.class': _taskClass, ...raw } = stored
    const resolved = resolveConfigVariables(`Task configuration of ${id.connector}-${id.task}`, raw, this.#o.workerConfig.configProviders).values
    try {
      await this.#o.worker.startAssignedTask(config, id.task, resolved, this.#o.state.targetState(id.connector))
    } catch (error) {
      this.#failures.set(id.connector, error as Error)
      this.#o.logger.error({ connector: id.connector, task: id.task, err: error }, 'Task could not be started')
    }
  }

  async stopTask (id: ConnectorTaskId): Promise<void> {
    if (!this.#tasks.delete(taskKey(id))) return
    await this.#o.worker.stopAssignedTask(id.connector, id.task)
  }

  /** A new connector config: its instance and tasks here restart with it (the instance then proposes new task configs). */
  async connectorUpdated (name: string): Promise<void> {
    if (this.#startedWith.get(name) === JSON.stringify(this.#o.state.connectorConfig(name))) return
    const hadInstance = this.#instances.has(name)
    const tasks = this.tasks.filter((t) => t.connector === name)
    await this.#stopAll(name)
    if (hadInstance) await this.startConnector(name)
    for (const id of tasks) await this.startTask(id)
  }

  /** New committed task configs: tasks here whose config changed restart with the new one; tasks past the new count stop. */
  async tasksCommitted (name: string): Promise<void> {
    const committed = this.#o.state.taskConfigs(name)
    for (const { id, config } of [...this.#tasks.values()].filter((t) => t.id.connector === name)) {
      const now = committed[id.task]
      if (now !== undefined && config === JSON.stringify(now)) continue
      await this.stopTask(id)
      if (now !== undefined) await this.startTask(id)
      else this.#tasks.set(taskKey(id), { id, config: null })
    }
  }

  /** Connect's target-state transitions for what runs here: pause and resume in place; to or from STOPPED restarts the instance. */
  async targetStateChanged (name: string): Promise<void> {
    const target = this.#o.state.targetState(name)
    const status = this.#o.worker.status().find((s) => s.name === name)
    if (target === 'PAUSED') { this.#o.worker.pauseConnector(name); return }
    if (target === 'STOPPED' && (status === undefined || status.state === 'STOPPED')) return
    if (target === 'STARTED' && status?.state !== 'STOPPED' && this.#o.state.taskConfigs(name).length > 0) { this.#o.worker.resumeConnector(name); return }
    if (this.#instances.has(name)) {
      await this.#o.worker.stopConnectorInstance(name)
      await this.startConnector(name)
    }
    if (target === 'STARTED') this.#o.worker.resumeConnector(name)
  }

  /** The connector was deleted: everything of it here stops. */
  async removed (name: string): Promise<void> {
    await this.#stopAll(name)
    this.#instances.delete(name)
    this.#startedWith.delete(name)
    for (const id of this.tasks.filter((t) => t.connector === name)) this.#tasks.delete(taskKey(id))
  }

  async #stopAll (name: string): Promise<void> {
    await Promise.all(this.tasks.filter((t) => t.connector === name).map(async (id) => await this.#o.worker.stopAssignedTask(name, id.task)))
    if (this.#instances.has(name)) await this.#o.worker.stopConnectorInstance(name)
  }

  /** Task configs as Connect stores them: variables put back where the connector config had them, plus task.class. */
  #stored (connectorConfig: Readonly<Record<string, string>>, generated: readonly ConnectorConfig[]): Array<Record<string, string>> {
    const taskClass = this.#o.plugins.connector(connectorConfig['connector.class'] ?? '').taskClass
    return generated.map((config) => ({ ...rawTaskConfig(config, connectorConfig), ...(taskClass === undefined ? {} : { 'task.class': taskClass }) }))
  }

  /** This worker's statuses of what it runs (the herder writes changes to the status topic). */
  statuses (): ConnectorStatus[] {
    return this.#o.worker.status()
  }
}
