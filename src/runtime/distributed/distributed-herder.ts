/**
 * Connect's DistributedHerder as the REST API sees it: reads answer from the config and status topics as this worker
 * has read them, so any worker answers for the whole cluster; writes run on the leader (a follower forwards them to
 * the leader's REST URL, as Connect does), except pause and resume, which any worker writes to the config topic.
 * 409 while the cluster rebalances or before a leader is known.
 */
import type { ConfigInfos } from '../../connect/config/config-infos.ts'
import { checkConnectorConfig, validateWithVariables } from '../herder/config-check.ts'
import type { ConnectorInfo, ConnectorStateInfo, RestartRequest, TaskInfo, TaskState, State } from '../herder/connector-state.ts'
import { restartPlan } from '../herder/connector-state.ts'
import { alreadyExistsError, modifiedOffsetsAnswer, notFoundError } from '../herder/herder-errors.ts'
import type { Herder, PutOptions, PutResult, RawConfig } from '../herder/herder.ts'
import type { Logger } from '../logging.ts'
import type { PluginRegistry } from '../plugins.ts'
import type { WorkerConfig } from '../worker-config.ts'
import type { Worker } from '../worker.ts'
import type { ClusterMember } from './cluster-member.ts'
import { connectorRecord, restartRecord, targetStateRecord } from './config-records.ts'
import { forwardRequest, noLeaderError, type ForwardedRequest } from './leader-client.ts'
import type { StatusValue } from './status-records.ts'

export interface DistributedHerderOptions {
  readonly member: ClusterMember
  readonly worker: Worker
  readonly workerConfig: WorkerConfig
  readonly plugins: PluginRegistry
  readonly logger: Logger
}

const enc = encodeURIComponent

export class DistributedHerder implements Herder {
  readonly #o: DistributedHerderOptions
  workerId = 'localhost:8083'

  constructor (options: DistributedHerderOptions) {
    this.#o = options
  }

  get #state (): ClusterMember['state'] { return this.#o.member.state }

  connectors (): string[] { return this.#state.connectorNames() }

  connectorInfo (name: string): ConnectorInfo {
    const config = this.connectorConfig(name)
    const tasks = this.#state.taskConfigs(name).map((_c, task) => ({ connector: name, task }))
    return { name, config, tasks, type: 'source' }
  }

  connectorConfig (name: string): Readonly<Record<string, string>> {
    const config = this.#state.connectorConfig(name)
    if (config === undefined) throw notFoundError(`Connector ${name} not found`, name)
    return config
  }

  async putConnectorConfig (name: string, config: RawConfig, options: PutOptions): Promise<PutResult> {
    const forward: ForwardedRequest = options.allowReplace
      ? { method: 'PUT', path: `/connectors/${enc(name)}/config`, body: config }
      : { method: 'POST', path: '/connectors', body: { name, config, ...(options.initialState === undefined ? {} : { initial_state: options.initialState }) } }
    return await this.#onLeader(forward, async () => {
      checkConnectorConfig(this.#o.plugins, this.#o.workerConfig, config)
      const exists = this.#state.connectorConfig(name) !== undefined
      if (exists && !options.allowReplace) throw alreadyExistsError(name)
      const stored = { ...config } as Record<string, string>
      // Connect writes a given initial state before the connector record, so the connector never runs in between.
      await this.#o.member.writeConfig([
        ...(!exists && options.initialState !== undefined ? [targetStateRecord(name, options.initialState)] : []),
        connectorRecord(name, stored)
      ])
      this.#o.logger.info({ connector: name, created: !exists }, 'Connector config written to the config topic')
      return { created: !exists, info: this.connectorInfo(name) }
    }, (status, body) => ({ created: status === 201, info: body as ConnectorInfo }))
  }

  async patchConnectorConfig (name: string, patch: RawConfig): Promise<ConnectorInfo> {
    return await this.#onLeader({ method: 'PATCH', path: `/connectors/${enc(name)}/config`, body: patch }, async () => {
      const patched: Record<string, string> = { ...this.connectorConfig(name) }
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete patched[key]
        else patched[key] = value
      }
      return (await this.putConnectorConfig(name, patched, { allowReplace: true })).info
    }, (_status, body) => body as ConnectorInfo)
  }

  async deleteConnector (name: string): Promise<void> {
    await this.#onLeader({ method: 'DELETE', path: `/connectors/${enc(name)}` }, async () => {
      this.connectorConfig(name)
      await this.#o.member.writeConfig([connectorRecord(name, null), targetStateRecord(name, null)])
      this.#o.logger.info({ connector: name }, 'Connector deleted')
    }, () => undefined)
  }

  connectorStatus (name: string): ConnectorStateInfo {
    const connector = this.#state.connectorConfig(name) === undefined ? undefined : this.#o.member.statuses.connector(name)
    if (connector === undefined) throw notFoundError(`No status found for connector ${name}`, name)
    const version = this.#version(name)
    const count = this.#state.taskConfigs(name).length
    const tasks = this.#o.member.statuses.tasks(name).filter(([task]) => task < count).map(([task, status]) => ({ id: task, ...restState(status, version) }))
    return { name, connector: restState(connector, version), tasks, type: 'source' }
  }

  taskStatus (name: string, task: number): TaskState {
    const status = this.#state.connectorConfig(name) === undefined ? undefined : this.#o.member.statuses.task(name, task)
    if (status === undefined) throw notFoundError(`No status found for task ${name}-${task}`, `${name}-${task}`)
    return { id: task, ...restState(status, this.#version(name)) }
  }

  taskConfigs (name: string): TaskInfo[] {
    this.connectorConfig(name)
    return this.#state.taskConfigs(name).map((config, task) => ({ id: { connector: name, task }, config }))
  }

  /** The internal endpoint (PUT .../tasks): a follower's connector instance hands its task configs to the leader. */
  async putTaskConfigs (name: string, configs: ReadonlyArray<Readonly<Record<string, string>>>): Promise<void> {
    await this.#onLeader({ method: 'PUT', path: `/connectors/${enc(name)}/tasks`, body: configs }, async () => {
      this.connectorConfig(name)
      await this.#o.member.writeTaskConfigs(name, configs)
    }, () => undefined)
  }

  async restartConnector (name: string): Promise<void> {
    await this.#onLeader({ method: 'POST', path: `/connectors/${enc(name)}/restart` }, async () => {
      this.connectorConfig(name)
      await this.#o.member.writeConfig([restartRecord(name, false, false)])
    }, () => undefined)
  }

  async restartConnectorAndTasks (name: string, request: RestartRequest): Promise<ConnectorStateInfo> {
    const query = `?includeTasks=${request.includeTasks}&onlyFailed=${request.onlyFailed}`
    return await this.#onLeader({ method: 'POST', path: `/connectors/${enc(name)}/restart${query}` }, async () => {
      if (this.#state.connectorConfig(name) === undefined) throw notFoundError(`Unknown connector: ${name}`, name)
      const current = this.connectorStatus(name)
      const plan = restartPlan(current, request)
      await this.#o.member.writeConfig([restartRecord(name, request.includeTasks, request.onlyFailed)])
      const restarting = (state: State, yes: boolean): State => (yes ? 'RESTARTING' : state)
      return {
        ...current,
        connector: { ...current.connector, state: restarting(current.connector.state, plan.connector) },
        tasks: current.tasks.map((t) => ({ ...t, state: restarting(t.state, plan.tasks.has(t.id)) }))
      }
    }, (_status, body) => body as ConnectorStateInfo)
  }

  /** Runs on the worker that has the task: here, or forwarded there by the leader (found through the status topic). */
  async restartTask (name: string, task: number): Promise<void> {
    this.connectorConfig(name)
    if (task < 0 || task >= this.#state.taskConfigs(name).length) throw notFoundError(`Task ${name}-${task} not found`, `${name}-${task}`)
    if (this.#o.member.runsTask({ connector: name, task })) { await this.#o.member.restartLocalTask({ connector: name, task }); return }
    const owner = this.#o.member.statuses.task(name, task)?.workerId
    const path = `/connectors/${enc(name)}/tasks/${task}/restart`
    if (owner === undefined || owner === this.workerId) throw noLeaderError()
    const scheme = new URL(this.#o.member.assignment?.leaderUrl ?? 'http://x').protocol
    await forwardRequest(`${scheme}//${owner}/`, { method: 'POST', path })
  }

  async pauseConnector (name: string): Promise<void> { await this.#target(name, 'PAUSED') }
  async resumeConnector (name: string): Promise<void> { await this.#target(name, 'STARTED') }

  /** STOPPED: the leader writes the target state; the connector's worker then hands over an empty set of task configs. */
  async stopConnector (name: string): Promise<void> {
    await this.#onLeader({ method: 'PUT', path: `/connectors/${enc(name)}/stop` }, async () => {
      this.connectorConfig(name)
      await this.#o.member.writeConfig([targetStateRecord(name, 'STOPPED')])
    }, () => undefined)
  }

  activeTopics (name: string): string[] { this.connectorConfig(name); return this.#o.worker.activeTopics(name).sort() }
  resetActiveTopics (name: string): void { this.#o.worker.resetActiveTopics(name) }

  connectorOffsets (name: string): { offsets: [] } {
    this.connectorConfig(name)
    return { offsets: [] }
  }

  async modifyConnectorOffsets (name: string, verb: 'altered' | 'reset'): Promise<{ message: string }> {
    this.connectorConfig(name)
    return modifiedOffsetsAnswer(name, this.#state.targetState(name) === 'STOPPED' && this.#state.taskConfigs(name).length === 0, verb)
  }

  validate (config: RawConfig): ConfigInfos {
    return validateWithVariables(this.#o.plugins, this.#o.workerConfig, config)
  }

  async stop (): Promise<void> {
    await this.#o.member.stop()
    await this.#o.worker.stop()
  }

  /** Pause and resume: any worker writes the target state (Connect does not forward these). */
  async #target (name: string, state: 'PAUSED' | 'STARTED'): Promise<void> {
    this.connectorConfig(name)
    if (this.#state.targetState(name) === state) return
    await this.#o.member.writeConfig([targetStateRecord(name, state)])
  }

  #version (name: string): string | null {
    try {
      return this.#o.plugins.connector(this.#state.connectorConfig(name)?.['connector.class'] ?? '').version
    } catch {
      return null
    }
  }

  /** Runs `local` when this worker leads (after reading the config topic to its end); otherwise forwards to the leader. */
  async #onLeader<T> (forward: ForwardedRequest, local: () => Promise<T>, translate: (status: number, body: unknown) => T): Promise<T> {
    const membership = this.#o.member.membership
    const assignment = membership?.assignment
    if (membership === undefined || assignment === undefined || membership.rebalancing) throw noLeaderError()
    if (assignment.isLeader) {
      await this.#o.member.readConfigToEnd()
      return await local()
    }
    if (assignment.leaderUrl === '') throw noLeaderError()
    const { status, body } = await forwardRequest(assignment.leaderUrl, forward)
    return translate(status, body)
  }
}

function restState (status: StatusValue, version: string | null): { state: State, worker_id: string, version: string | null, trace?: string } {
  return { state: status.state as State, worker_id: status.workerId, version: status.version ?? version, ...(status.trace === null || status.trace === '' ? {} : { trace: status.trace }) }
}
