/**
 * A worker: holds its connectors by name, starts them and their tasks, each task with its own producer, and stops
 * them all in order. Starting and stopping one connector's instance and tasks lives in running-connector.ts.
 */
import type { ConnectorConfig } from '../connect/connector.ts'
import { configError } from '../errors.ts'
import { resolveConfigVariables } from './config-providers/resolve-config.ts'
import { parseConnectorFrameworkConfig } from './connector-config.ts'
import { connectorConfigError } from './config-validation.ts'
import { WorkerBufferBudget } from './buffer-budget.ts'
import { applyWorkerLogLevel } from './log-config.ts'
import type { Logger } from './logging.ts'
import { WorkerMetrics } from './metrics/worker-metrics.ts'
import type { ProducerSettings } from './producer-config.ts'
import type { PluginRegistry } from './plugins.ts'
import {
  createRunningConnector, startInstance, startTask, statusOf, stopInstance, stopTasks,
  type ConnectorStatus, type RunningConnector, type TargetState, type WorkerContext
} from './running-connector.ts'
import type { WorkerConfig } from './worker-config.ts'
import type { RecordSender } from './worker-source-task.ts'

export type { ConnectorStatus, TargetState } from './running-connector.ts'

export interface WorkerOptions {
  readonly config: WorkerConfig
  readonly plugins: PluginRegistry
  readonly logger: Logger
  /** Makes the Kafka sender of one task; the default is an idempotent acks=all producer with the connector's producer settings. */
  readonly createSender?: (clientId: string, settings: ProducerSettings) => RecordSender
}

export interface StartConnectorOptions {
  /** STARTED (default) runs the connector and its tasks; PAUSED and STOPPED keep the config and start nothing, as Connect does. */
  readonly targetState?: TargetState
}

export class Worker {
  readonly #o: WorkerOptions
  readonly #connectors = new Map<string, RunningConnector>()
  /** Topics each connector's records were written to (Connect's topic tracking); kept across restarts until reset. */
  readonly #activeTopics = new Map<string, Set<string>>()
  #stopped = false
  /** Prometheus metrics of this worker, its connectors and tasks (docs/metrics.md). */
  readonly metrics: WorkerMetrics

  /** What the connector and task starts in running-connector.ts need from this worker. */
  readonly #context: WorkerContext

  constructor (options: WorkerOptions) {
    this.#o = options
    applyWorkerLogLevel(options.logger, options.config.raw)
    const bufferBudget = new WorkerBufferBudget(options.config.workerBufferMaxBytes)
    this.metrics = new WorkerMetrics({ connectors: () => this.status(), buffer: bufferBudget })
    this.#context = {
      config: options.config, logger: options.logger, metrics: this.metrics, bufferBudget, createSender: options.createSender,
      onTopicWritten: (connector, topic) => { this.#trackTopic(connector, topic) }
    }
  }

  /**
   * Resolves the config's variables through the worker's config providers, validates it, starts the
   * connector and its tasks (which see resolved values only); throws a config error on bad input.
   * With a PAUSED or STOPPED target state the connector is only registered, as Connect does (no tasks).
   * A connector or task that fails to start stays registered as FAILED; the first such failure is thrown.
   */
  async startConnector (rawConfig: Readonly<Record<string, string>>, options: StartConnectorOptions = {}): Promise<void> {
    const what = `Connector configuration${rawConfig.name === undefined ? '' : ` of ${rawConfig.name}`}`
    const resolved = resolveConfigVariables(what, rawConfig, this.#o.config.configProviders)
    try {
      await this.#start(rawConfig, resolved.values, resolved.hideValuesIn, options.targetState ?? 'STARTED')
    } catch (error) {
      // e.g. "Invalid value <resolved> for configuration sqs.proxy.url" shows the variable instead.
      throw resolved.hideValuesIn(error)
    }
  }

  async #start (rawConfig: Readonly<Record<string, string>>, props: Readonly<Record<string, string>>, hideValuesIn: (error: unknown) => unknown, targetState: TargetState): Promise<void> {
    const running = await this.#register(rawConfig, props, hideValuesIn, targetState)
    if (targetState !== 'STARTED') return
    await startInstance(this.#context, running)
    if (running.state === 'FAILED') throw running.failure
    running.taskConfigs = running.connector!.taskConfigs(running.tasksMax)
    const failures: unknown[] = []
    for (const taskId of running.taskConfigs.keys()) {
      await startTask(this.#context, running, taskId).catch((error: unknown) => failures.push(error))
    }
    running.log.info({ tasks: running.taskConfigs.length }, 'Connector running')
    // Every task was tried; the first failure is reported to the caller (the other tasks keep running).
    if (failures.length > 0) throw failures[0]
  }

  /** Validates the config and registers the connector without starting anything (a connector that fails later stays known, FAILED). */
  async #register (rawConfig: Readonly<Record<string, string>>, props: Readonly<Record<string, string>>, hideValuesIn: (error: unknown) => unknown, targetState: TargetState): Promise<RunningConnector> {
    const invalid = connectorConfigError(this.#o.plugins, props, this.#o.config.topicCreationEnable, this.#o.config.overridePolicy)
    if (invalid !== null) throw invalid
    const framework = parseConnectorFrameworkConfig(props)
    if (this.#connectors.has(framework.name)) throw configError('name', `Connector ${framework.name} already exists`)
    const running = await createRunningConnector(this.#context, this.#o.plugins.connector(framework.connectorClass), framework, { rawConfig, props, hideValuesIn }, targetState)
    this.#connectors.set(framework.name, running)
    return running
  }

  /** The registered connector, or a newly registered one (distributed mode runs a connector's parts on different workers). */
  async #registered (rawConfig: Readonly<Record<string, string>>, targetState: TargetState): Promise<RunningConnector> {
    const known = this.#connectors.get(rawConfig.name ?? '')
    if (known !== undefined) return known
    const what = `Connector configuration${rawConfig.name === undefined ? '' : ` of ${rawConfig.name}`}`
    const resolved = resolveConfigVariables(what, rawConfig, this.#o.config.configProviders)
    try {
      return await this.#register(rawConfig, resolved.values, resolved.hideValuesIn, targetState)
    } catch (error) {
      throw resolved.hideValuesIn(error)
    }
  }

  /**
   * Distributed mode: runs only the connector instance (no tasks) and returns the task configs it asks for; undefined
   * when its target state is not STARTED or it failed (its status says why).
   */
  async startConnectorInstance (rawConfig: Readonly<Record<string, string>>, targetState: TargetState): Promise<ConnectorConfig[] | undefined> {
    const running = await this.#registered(rawConfig, targetState)
    running.targetState = targetState
    running.hasInstance = true
    if (targetState !== 'STARTED') {
      running.state = targetState === 'PAUSED' ? 'PAUSED' : 'STOPPED'
      return undefined
    }
    await startInstance(this.#context, running)
    if (running.state === 'FAILED') return undefined
    try {
      running.taskConfigs = running.connector!.taskConfigs(running.tasksMax)
    } catch (error) {
      running.state = 'FAILED'
      running.failure = running.hideValuesIn(error) as Error
      return undefined
    }
    return running.taskConfigs
  }

  /** Distributed mode: runs task `taskId` of the connector with the task config the config topic holds; a start failure leaves it FAILED. */
  async startAssignedTask (rawConfig: Readonly<Record<string, string>>, taskId: number, taskConfig: ConnectorConfig, targetState: TargetState): Promise<void> {
    const running = await this.#registered(rawConfig, targetState)
    running.taskConfigs[taskId] = taskConfig
    await startTask(this.#context, running, taskId).catch((error: unknown) => running.log.warn({ err: error, task: taskId }, 'Task failed to start'))
  }

  /** Distributed mode: stops the connector instance only; the connector is forgotten once none of its tasks run here either. */
  async stopConnectorInstance (name: string): Promise<void> {
    const running = this.#connectors.get(name)
    if (running === undefined) return
    running.hasInstance = false
    await stopInstance(running)
    await this.#forgetIfIdle(running)
  }

  /** Distributed mode: stops one task (within the graceful timeout: it releases the SQS messages it holds). */
  async stopAssignedTask (name: string, taskId: number): Promise<void> {
    const running = this.#connectors.get(name)
    const task = running?.tasks[taskId]
    if (running === undefined || task === undefined) return
    // A hole: the ids of the tasks other workers run stay in place.
    delete running.tasks[taskId]
    await task.stop(this.#o.config.gracefulShutdownMs)
    await this.#forgetIfIdle(running)
  }

  async #forgetIfIdle (running: RunningConnector): Promise<void> {
    if (running.hasInstance || running.tasks.some((t) => t !== undefined) || this.#connectors.get(running.name) !== running) return
    this.#connectors.delete(running.name)
    await running.exactlyOnce?.close()
  }

  /** States of every connector and task, as the status endpoint will show them. */
  status (): ConnectorStatus[] {
    return [...this.#connectors.values()].map(statusOf)
  }

  /** The config of a running connector as it was submitted (variables unresolved), as Connect's REST API returns it. */
  connectorConfig (name: string): Readonly<Record<string, string>> | undefined {
    return this.#connectors.get(name)?.rawConfig
  }

  /** Records acknowledged by Kafka so far, over all tasks. */
  get committedRecords (): number {
    let n = 0
    for (const c of this.#connectors.values()) for (const t of c.tasks) n += t.committed
    return n
  }

  /** GET /metrics: every metric of this worker in Prometheus' text format. */
  async metricsText (): Promise<string> {
    return await this.metrics.text()
  }

  /** True when the worker holds a connector of that name (in any state). */
  hasConnector (name: string): boolean {
    return this.#connectors.has(name)
  }

  /** The task configs the connector generated (variables resolved); empty unless it was started. */
  taskConfigs (name: string): readonly ConnectorConfig[] {
    return this.#connectors.get(name)?.taskConfigs ?? []
  }

  /** The topics the connector's records were written to since it was created or its topics were reset. */
  activeTopics (name: string): string[] {
    return [...this.#activeTopics.get(name) ?? []]
  }

  /** Forgets the connector's active topics (topics/reset, and deletion). */
  resetActiveTopics (name: string): void {
    this.#activeTopics.delete(name)
  }

  /** Stops the connector's tasks (each within the graceful timeout) and the connector, and forgets it; unknown names are ignored. */
  async stopConnector (name: string): Promise<void> {
    const running = this.#connectors.get(name)
    if (running === undefined) return
    this.#connectors.delete(name)
    await stopTasks(this.#context, running)
    await stopInstance(running)
    await running.exactlyOnce?.close()
    running.log.info('Connector stopped')
  }

  /** Pauses the tasks of a running connector: no more polls, in-flight records still reach Kafka (Connect's PAUSED). */
  pauseConnector (name: string): void {
    const running = this.#connectors.get(name)
    if (running === undefined) return
    running.targetState = 'PAUSED'
    if (running.state === 'RUNNING') running.state = 'PAUSED'
    for (const task of running.tasks) task.pause()
    running.log.info('Connector paused')
  }

  /** Resumes the tasks of a paused connector. */
  resumeConnector (name: string): void {
    const running = this.#connectors.get(name)
    if (running === undefined) return
    running.targetState = 'STARTED'
    if (running.state === 'PAUSED') running.state = 'RUNNING'
    for (const task of running.tasks) task.resume()
    running.log.info('Connector resumed')
  }

  /**
   * Stops the connector instance and starts a fresh one when its target state is STARTED. Its tasks keep running
   * unless the new instance asks for different task configs (e.g. it had failed before making any), as Connect's
   * task reconfiguration after a restart does.
   */
  async restartConnectorInstance (name: string): Promise<void> {
    const running = this.#connectors.get(name)
    if (running === undefined) return
    await stopInstance(running)
    if (running.targetState !== 'STARTED') {
      running.state = running.targetState === 'PAUSED' ? 'PAUSED' : 'STOPPED'
      return
    }
    await startInstance(this.#context, running)
    if (running.state === 'FAILED') return
    const taskConfigs = running.connector!.taskConfigs(running.tasksMax)
    if (JSON.stringify(taskConfigs) === JSON.stringify(running.taskConfigs)) return
    await stopTasks(this.#context, running)
    running.tasks.length = 0
    running.taskConfigs = taskConfigs
    for (const taskId of taskConfigs.keys()) {
      await startTask(this.#context, running, taskId).catch((error: unknown) => running.log.warn({ err: error, task: taskId }, 'Task failed to start'))
    }
  }

  /** Stops task `taskId` (within the graceful timeout) and starts a new instance with the same config; a start failure leaves it FAILED. */
  async restartTask (name: string, taskId: number): Promise<void> {
    const running = this.#connectors.get(name)
    const task = running?.tasks[taskId]
    if (running === undefined || task === undefined) return
    await task.stop(this.#o.config.gracefulShutdownMs)
    await startTask(this.#context, running, taskId).catch((error: unknown) => running.log.warn({ err: error, task: taskId }, 'Task failed to restart'))
  }

  #trackTopic (connector: string, topic: string): void {
    const topics = this.#activeTopics.get(connector)
    if (topics === undefined) this.#activeTopics.set(connector, new Set([topic]))
    else topics.add(topic)
  }

  /** Stops every task (in parallel, each within the graceful timeout) and then the connectors; idempotent. */
  async stop (): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    const timeout = this.#o.config.gracefulShutdownMs
    await Promise.all([...this.#connectors.values()].flatMap((c) => c.tasks.map((t) => t.stop(timeout))))
    for (const c of this.#connectors.values()) {
      await stopInstance(c)
      await c.exactlyOnce?.close()
      if (c.state !== 'FAILED') c.state = 'STOPPED'
    }
    this.#o.logger.info('Worker stopped')
  }
}
