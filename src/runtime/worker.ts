/** A worker: starts connectors and their tasks, each task with its own producer; stops them all in order. */
import type { ConnectorConfig, SourceConnector } from '../connect/connector.ts'
import { configError } from '../errors.ts'
import { resolveConfigVariables } from './config-providers/resolve-config.ts'
import { parseConnectorFrameworkConfig } from './connector-config.ts'
import { connectorConfigError } from './config-validation.ts'
import { setUpConverters } from './converter-setup.ts'
import { applyWorkerLogLevel } from './log-config.ts'
import { LoggerNames } from './log-levels.ts'
import { namedLogger, pluginLogger, redactConfig, type Logger } from './logging.ts'
import { WorkerMetrics } from './metrics/worker-metrics.ts'
import { assembleSourceTask } from './task-assembly.ts'
import { connectorProducerSettings, type ProducerSettings } from './producer-config.ts'
import type { ConnectorPlugin, PluginRegistry } from './plugins.ts'
import type { ConnectorConverters } from './converter-setup.ts'
import type { WorkerConfig } from './worker-config.ts'
import { WorkerSourceTask, type RecordSender, type TaskState } from './worker-source-task.ts'
import { ExactlyOnceConnector } from './exactly-once/exactly-once-connector.ts'

export interface WorkerOptions {
  readonly config: WorkerConfig
  readonly plugins: PluginRegistry
  readonly logger: Logger
  /** Makes the Kafka sender of one task; the default is an idempotent acks=all producer with the connector's producer settings. */
  readonly createSender?: (clientId: string, settings: ProducerSettings) => RecordSender
}

/** Connect's target states: what the user asked a connector to be. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED'

export interface ConnectorStatus {
  readonly name: string
  readonly state: 'RUNNING' | 'PAUSED' | 'FAILED' | 'STOPPED'
  /** The connector plugin's version (its tasks report the same). */
  readonly version: string
  readonly trace?: string
  /** False when only some of its tasks run here (distributed mode). */
  readonly hasInstance?: boolean
  readonly tasks: ReadonlyArray<{ readonly id: number, readonly state: TaskState, readonly trace?: string }>
}

export interface StartConnectorOptions {
  /** STARTED (default) runs the connector and its tasks; PAUSED and STOPPED keep the config and start nothing, as Connect does. */
  readonly targetState?: TargetState
}

interface RunningConnector {
  readonly name: string
  /** The config as submitted, variables unresolved: what GET /connectors/{name}/config shows. */
  readonly rawConfig: Readonly<Record<string, string>>
  /** The config with variables resolved, as the connector sees it. */
  readonly props: Readonly<Record<string, string>>
  readonly plugin: ConnectorPlugin
  readonly hideValuesIn: (error: unknown) => unknown
  readonly producer: ProducerSettings
  readonly converters: ConnectorConverters
  readonly log: Logger
  connector: SourceConnector | undefined
  readonly tasksMax: number
  taskConfigs: ConnectorConfig[]
  readonly tasks: WorkerSourceTask[]
  targetState: TargetState
  state: ConnectorStatus['state']
  failure: Error | undefined
  /** Whether the connector instance runs (or ran and failed) here; false for a distributed worker holding only tasks. */
  hasInstance?: boolean
  /** Set when the worker has exactly.once.source.support=enabled. */
  exactlyOnce?: ExactlyOnceConnector | undefined
}

export class Worker {
  readonly #o: WorkerOptions
  readonly #connectors = new Map<string, RunningConnector>()
  /** Topics each connector's records were written to (Connect's topic tracking); kept across restarts until reset. */
  readonly #activeTopics = new Map<string, Set<string>>()
  #stopped = false
  /** Prometheus metrics of this worker, its connectors and tasks (docs/metrics.md). */
  readonly metrics: WorkerMetrics

  constructor (options: WorkerOptions) {
    this.#o = options
    applyWorkerLogLevel(options.logger, options.config.raw)
    this.metrics = new WorkerMetrics({ connectors: () => this.status() })
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
    await this.#startInstance(running)
    if (running.state === 'FAILED') throw running.failure
    running.taskConfigs = running.connector!.taskConfigs(running.tasksMax)
    const failures: unknown[] = []
    for (const taskId of running.taskConfigs.keys()) {
      await this.#startTask(running, taskId).catch((error: unknown) => failures.push(error))
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
    const producer = connectorProducerSettings(this.#o.config.raw, props, this.#o.config.overridePolicy)
    const plugin = this.#o.plugins.connector(framework.connectorClass)
    const converters = setUpConverters(this.#o.config, props)
    const log = namedLogger(this.#o.logger, LoggerNames.worker, { connector: framework.name })
    const passwords = new Set(plugin.create().config().filter((key) => key.type === 'PASSWORD').map((key) => key.name))
    // The raw config: variables as written, so values that came from a provider never reach the log.
    log.info({ config: redactConfig(rawConfig, passwords), targetState }, 'Starting connector')
    if (producer.ignored.length > 0) log.warn({ ignored: producer.ignored }, 'These producer properties are not used by sqs-connect\'s producer and are ignored (docs/producer.md)')
    const exactlyOnce = await ExactlyOnceConnector.start(this.#o.config, framework.name, props, producer.settings, log)
    const running: RunningConnector = {
      name: framework.name, rawConfig: { ...rawConfig }, props, plugin, hideValuesIn, producer: producer.settings, converters, log,
      connector: undefined, tasksMax: framework.tasksMax, taskConfigs: [], tasks: [], targetState, state: targetState === 'STOPPED' ? 'STOPPED' : 'PAUSED', failure: undefined, exactlyOnce
    }
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
    await this.#startInstance(running)
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
    await this.#startTask(running, taskId).catch((error: unknown) => running.log.warn({ err: error, task: taskId }, 'Task failed to start'))
  }

  /** Distributed mode: stops the connector instance only; the connector is forgotten once none of its tasks run here either. */
  async stopConnectorInstance (name: string): Promise<void> {
    const running = this.#connectors.get(name)
    if (running === undefined) return
    running.hasInstance = false
    await this.#stopInstance(running)
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

  /** Creates and starts the connector instance; a failure leaves the connector FAILED with the error as its trace. */
  async #startInstance (running: RunningConnector): Promise<void> {
    const connector = running.plugin.create()
    running.connector = connector
    running.hasInstance = true
    running.state = 'RUNNING'
    running.failure = undefined
    const fail = (error: unknown): void => {
      running.state = 'FAILED'
      running.failure = running.hideValuesIn(error) as Error
      running.log.error({ err: running.failure }, 'Connector failed')
    }
    this.metrics.connectorInfo(running.name, { className: running.plugin.className, version: connector.version(), type: 'source' })
    try {
      await this.metrics.startup('connector', async () => await connector.start(running.props, { logger: pluginLogger(namedLogger(this.#o.logger, running.plugin.className, { connector: running.name })), raiseError: fail }))
    } catch (error) {
      fail(error)
    }
  }

  /** Creates task `taskId` with its producer and starts it (in place of any earlier instance); a start failure leaves it FAILED and is rethrown. */
  async #startTask (running: RunningConnector, taskId: number): Promise<void> {
    const task = assembleSourceTask({
      connectorName: running.name, connectorClass: running.plugin.className, taskId, props: running.props,
      taskConfig: running.taskConfigs[taskId]!, sourceTask: (running.connector ?? running.plugin.create()).createTask(), producer: running.producer,
      converters: running.converters, exactlyOnce: running.exactlyOnce, workerConfig: this.#o.config,
      createSender: this.#o.createSender, logger: this.#o.logger, metrics: this.metrics,
      onTopicWritten: (topic) => { this.#trackTopic(running.name, topic) }
    })
    running.tasks[taskId] = task
    if (running.targetState === 'PAUSED') task.pause()
    await this.metrics.startup('task', async () => await task.start())
  }

  /** States of every connector and task, as the status endpoint will show them. */
  status (): ConnectorStatus[] {
    return [...this.#connectors.values()].map((c) => ({
      name: c.name,
      state: c.state,
      version: c.plugin.version,
      ...(c.failure === undefined ? {} : { trace: traceOf(c.failure) }),
      hasInstance: c.hasInstance === true,
      tasks: c.tasks.flatMap((t, id) => ({ id, state: t.state, ...(t.failure === undefined ? {} : { trace: traceOf(t.failure) }) }))
    }))
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
    await Promise.all(running.tasks.map(async (t) => await t.stop(this.#o.config.gracefulShutdownMs)))
    await this.#stopInstance(running)
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
    await this.#stopInstance(running)
    if (running.targetState !== 'STARTED') {
      running.state = running.targetState === 'PAUSED' ? 'PAUSED' : 'STOPPED'
      return
    }
    await this.#startInstance(running)
    if (running.state === 'FAILED') return
    const taskConfigs = running.connector!.taskConfigs(running.tasksMax)
    if (JSON.stringify(taskConfigs) === JSON.stringify(running.taskConfigs)) return
    await Promise.all(running.tasks.map(async (t) => await t.stop(this.#o.config.gracefulShutdownMs)))
    running.tasks.length = 0
    running.taskConfigs = taskConfigs
    for (const taskId of taskConfigs.keys()) {
      await this.#startTask(running, taskId).catch((error: unknown) => running.log.warn({ err: error, task: taskId }, 'Task failed to start'))
    }
  }

  /** Stops task `taskId` (within the graceful timeout) and starts a new instance with the same config; a start failure leaves it FAILED. */
  async restartTask (name: string, taskId: number): Promise<void> {
    const running = this.#connectors.get(name)
    const task = running?.tasks[taskId]
    if (running === undefined || task === undefined) return
    await task.stop(this.#o.config.gracefulShutdownMs)
    await this.#startTask(running, taskId).catch((error: unknown) => running.log.warn({ err: error, task: taskId }, 'Task failed to restart'))
  }

  #trackTopic (connector: string, topic: string): void {
    const topics = this.#activeTopics.get(connector)
    if (topics === undefined) this.#activeTopics.set(connector, new Set([topic]))
    else topics.add(topic)
  }

  async #stopInstance (running: RunningConnector): Promise<void> {
    const connector = running.connector
    running.connector = undefined
    try {
      await connector?.stop()
    } catch (error) {
      running.log.warn({ err: error }, 'Stopping the connector did not succeed')
    }
  }

  /** Stops every task (in parallel, each within the graceful timeout) and then the connectors; idempotent. */
  async stop (): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    const timeout = this.#o.config.gracefulShutdownMs
    await Promise.all([...this.#connectors.values()].flatMap((c) => c.tasks.map((t) => t.stop(timeout))))
    for (const c of this.#connectors.values()) {
      await this.#stopInstance(c)
      await c.exactlyOnce?.close()
      if (c.state !== 'FAILED') c.state = 'STOPPED'
    }
    this.#o.logger.info('Worker stopped')
  }
}

/** A stack-trace string for the status endpoint's `trace`, causes included as Java prints them. */
function traceOf (error: Error): string {
  let trace = error.stack ?? `${error.name}: ${error.message}`
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    trace += `\nCaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`
  }
  return trace
}
