/**
 * Connect's StandaloneHerder: owns connector configs and target states (in memory, as standalone mode does),
 * drives the Worker through Connect's transitions, and answers the REST API. Every operation on a connector
 * runs after the previous one on the same connector has finished, so a restart and a delete never interleave.
 */
import { configInfosProblems } from '../../connect/config/config-infos.ts'
import type { ConfigInfos } from '../../connect/config/config-infos.ts'
import type { Logger } from '../logging.ts'
import type { PluginRegistry } from '../plugins.ts'
import type { WorkerConfig } from '../worker-config.ts'
import type { TargetState, Worker } from '../worker.ts'
import { checkConnectorConfig, validateWithVariables } from './config-check.ts'
import {
  connectorStateInfo, restartPlan, type ConnectorInfo, type ConnectorStateInfo, type RestartRequest, type Restarting, type TaskInfo, type TaskState
} from './connector-state.ts'
import { alreadyExistsError, modifiedOffsetsAnswer, notFoundError } from './herder-errors.ts'
import type { Herder, PutOptions, PutResult, RawConfig } from './herder.ts'
import { KeyedLock } from './keyed-lock.ts'
import { rawTaskConfig } from './task-configs.ts'

export interface StandaloneHerderOptions {
  readonly worker: Worker
  readonly workerConfig: WorkerConfig
  readonly plugins: PluginRegistry
  readonly logger: Logger
}

interface StoredConnector {
  /** As submitted, variables unresolved. */
  readonly config: Readonly<Record<string, string>>
  targetState: TargetState
}

export class StandaloneHerder implements Herder {
  readonly #o: StandaloneHerderOptions
  readonly #connectors = new Map<string, StoredConnector>()
  readonly #restarting = new Map<string, Restarting>()
  readonly #lock = new KeyedLock()
  #workerId = 'localhost:8083'

  constructor (options: StandaloneHerderOptions) {
    this.#o = options
  }

  /** `<advertised host>:<advertised port>`, shown as worker_id in every status. */
  set workerId (id: string) { this.#workerId = id }
  get workerId (): string { return this.#workerId }

  /** Names of every connector, sorted. */
  connectors (): string[] {
    return [...this.#connectors.keys()].sort()
  }

  connectorInfo (name: string): ConnectorInfo {
    const stored = this.#stored(name, `Connector ${name} not found`)
    return this.#info(name, stored)
  }

  /** The config as submitted: variables unresolved, secrets in clear (as Connect's GET .../config). */
  connectorConfig (name: string): Readonly<Record<string, string>> {
    return this.#stored(name, `Connector ${name} not found`).config
  }

  /** Creates or replaces a connector (see PutOptions); the config is checked first (400 listing every error). */
  async putConnectorConfig (name: string, config: RawConfig, options: PutOptions): Promise<PutResult> {
    return await this.#lock.run(name, async () => await this.#put(name, config, options))
  }

  /** PATCH .../config: merges the patch (a null value deletes the key) into the current config and replaces it. */
  async patchConnectorConfig (name: string, patch: RawConfig): Promise<ConnectorInfo> {
    return await this.#lock.run(name, async () => {
      const patched: Record<string, string> = { ...this.#stored(name, `Connector ${name} not found`).config }
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete patched[key]
        else patched[key] = value
      }
      return (await this.#put(name, patched, { allowReplace: true })).info
    })
  }

  async deleteConnector (name: string): Promise<void> {
    await this.#lock.run(name, async () => {
      this.#stored(name, `Connector ${name} not found`)
      await this.#o.worker.stopConnector(name)
      this.#connectors.delete(name)
      this.#o.worker.resetActiveTopics(name)
      this.#o.logger.info({ connector: name }, 'Connector deleted')
    })
  }

  connectorStatus (name: string): ConnectorStateInfo {
    this.#stored(name, `No status found for connector ${name}`)
    return connectorStateInfo(name, this.#workerStatus(name), this.#workerId, this.#restarting.get(name))
  }

  taskStatus (name: string, task: number): TaskState {
    const found = this.#connectors.has(name) ? this.connectorStatus(name).tasks.find((t) => t.id === task) : undefined
    if (found === undefined) throw notFoundError(`No status found for task ${name}-${task}`, `${name}-${task}`)
    return found
  }

  /** Each task with its config as Connect stores it: variables unresolved, plus task.class. */
  taskConfigs (name: string): TaskInfo[] {
    const stored = this.#stored(name, `Connector ${name} not found`)
    const taskClass = this.#o.plugins.connector(stored.config['connector.class'] ?? '').taskClass
    return this.#o.worker.taskConfigs(name).map((config, task) => ({
      id: { connector: name, task },
      config: { ...rawTaskConfig(config, stored.config), ...(taskClass === undefined ? {} : { 'task.class': taskClass }) }
    }))
  }

  /** POST .../restart without flags: the connector instance only (204). */
  async restartConnector (name: string): Promise<void> {
    await this.#lock.run(name, async () => {
      this.#stored(name, `Connector ${name} not found`)
      await this.#restart(name, { connector: true, tasks: new Set() })
    })
  }

  /** POST .../restart?includeTasks&onlyFailed: restarts what Connect's RestartPlan names; answers the plan with RESTARTING shown. */
  async restartConnectorAndTasks (name: string, request: RestartRequest): Promise<ConnectorStateInfo> {
    return await this.#lock.run(name, async () => {
      this.#stored(name, `Unknown connector: ${name}`)
      const status = this.#workerStatus(name)
      const current = connectorStateInfo(name, status, this.#workerId)
      const plan = restartPlan(current, request)
      const answer = connectorStateInfo(name, status, this.#workerId, plan, true)
      await this.#restart(name, plan)
      return answer
    })
  }

  async restartTask (name: string, task: number): Promise<void> {
    await this.#lock.run(name, async () => {
      this.#stored(name, `Connector ${name} not found`)
      if (this.#workerStatus(name)?.tasks.some((t) => t.id === task) !== true) throw notFoundError(`Task ${name}-${task} not found`, `${name}-${task}`)
      await this.#restart(name, { connector: false, tasks: new Set([task]) })
    })
  }

  /** PUT .../pause: tasks stop polling; in-flight records still reach Kafka. Idempotent. */
  async pauseConnector (name: string): Promise<void> {
    await this.#transition(name, 'PAUSED')
  }

  /** PUT .../resume: a paused connector polls again; a stopped one starts with new tasks. Idempotent. */
  async resumeConnector (name: string): Promise<void> {
    await this.#transition(name, 'STARTED')
  }

  /** PUT .../stop: the connector and its tasks stop; it stays configured, STOPPED, with no tasks. Idempotent. */
  async stopConnector (name: string): Promise<void> {
    await this.#transition(name, 'STOPPED')
  }

  activeTopics (name: string): string[] {
    return this.#o.worker.activeTopics(name).sort()
  }

  resetActiveTopics (name: string): void {
    this.#o.worker.resetActiveTopics(name)
  }

  /** GET .../offsets: SQS has no replayable position, so the connector has no framework-managed offsets. */
  connectorOffsets (name: string): { offsets: [] } {
    this.#stored(name, `Connector ${name} not found`)
    return { offsets: [] }
  }

  /** PATCH/DELETE .../offsets: allowed on a STOPPED connector only; nothing is stored, so nothing changes. */
  async modifyConnectorOffsets (name: string, verb: 'altered' | 'reset'): Promise<{ message: string }> {
    return await this.#lock.run(name, () => {
      const stored = this.#stored(name, `Connector ${name} not found`)
      return modifiedOffsetsAnswer(name, stored.targetState === 'STOPPED' && this.#o.worker.taskConfigs(name).length === 0, verb)
    })
  }

  /** Connect's ConfigInfos for a connector config (the config/validate endpoint). */
  validate (config: RawConfig): ConfigInfos {
    const infos = validateWithVariables(this.#o.plugins, this.#o.workerConfig, config)
    this.#o.logger.debug({ errors: configInfosProblems(infos).length }, 'Validated a connector config')
    return infos
  }

  /** Stops every connector (the worker's stop); idempotent. */
  async stop (): Promise<void> {
    await this.#o.worker.stop()
  }

  async #put (name: string, config: RawConfig, options: PutOptions): Promise<PutResult> {
    if (options.fromFile !== true) checkConnectorConfig(this.#o.plugins, this.#o.workerConfig, config)
    const existing = this.#connectors.get(name)
    if (existing !== undefined && !options.allowReplace) throw alreadyExistsError(name)
    const targetState = existing?.targetState ?? options.initialState ?? 'STARTED'
    if (existing !== undefined) await this.#o.worker.stopConnector(name)
    const stored: StoredConnector = { config: { ...config as Readonly<Record<string, string>> }, targetState }
    this.#connectors.set(name, stored)
    await this.#start(name, stored, options.fromFile === true)
    return { created: existing === undefined, info: this.#info(name, stored) }
  }

  #stored (name: string, notFoundMessage: string): StoredConnector {
    const stored = this.#connectors.get(name)
    if (stored === undefined) throw notFoundError(notFoundMessage, name)
    return stored
  }

  #info (name: string, stored: StoredConnector): ConnectorInfo {
    const tasks = this.#o.worker.taskConfigs(name).map((_config, task) => ({ connector: name, task }))
    return { name, config: stored.config, tasks, type: 'source' }
  }

  #workerStatus (name: string): ReturnType<Worker['status']>[number] | undefined {
    return this.#o.worker.status().find((s) => s.name === name)
  }

  /**
   * Starts the stored config in the worker with its target state. A config error is the caller's; a connector
   * or task that fails to start stays FAILED in its status (unless the caller wants the error, as the CLI does).
   */
  async #start (name: string, stored: StoredConnector, failOnStartError: boolean): Promise<void> {
    try {
      await this.#o.worker.startConnector(stored.config, { targetState: stored.targetState })
    } catch (error) {
      if (!this.#o.worker.hasConnector(name)) {
        this.#connectors.delete(name)
        throw error
      }
      if (failOnStartError) throw error
      this.#o.logger.warn({ connector: name, err: error }, 'Connector or task failed to start; its status shows why')
    }
  }

  async #restart (name: string, plan: Restarting): Promise<void> {
    this.#restarting.set(name, plan)
    try {
      if (plan.connector) await this.#o.worker.restartConnectorInstance(name)
      await Promise.all([...plan.tasks].map(async (task) => await this.#o.worker.restartTask(name, task)))
    } finally {
      this.#restarting.delete(name)
    }
  }

  /**
   * Moves a connector to a target state as Connect does: pausing and resuming running tasks in place; going to or
   * from STOPPED (or resuming a connector that has no tasks yet) restarts it in the worker with the new target.
   */
  async #transition (name: string, target: TargetState): Promise<void> {
    await this.#lock.run(name, async () => {
      const stored = this.#stored(name, `Unknown connector ${name}`)
      if (stored.targetState === target) return
      const hasTasks = this.#o.worker.taskConfigs(name).length > 0
      stored.targetState = target
      this.#o.logger.info({ connector: name, targetState: target }, 'Connector target state changed')
      if (hasTasks && target === 'PAUSED') return this.#o.worker.pauseConnector(name)
      if (hasTasks && target === 'STARTED') return this.#o.worker.resumeConnector(name)
      await this.#o.worker.stopConnector(name)
      await this.#start(name, stored, false)
    })
  }
}
