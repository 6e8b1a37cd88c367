/** A worker: starts connectors and their tasks, each task with its own producer; stops them all in order. */
import type { SourceConnector } from '../connect/connector.ts'
import { configError } from '../errors.ts'
import { RecordProducer } from '../kafka/producer.ts'
import { resolveConfigVariables } from './config-providers/resolve-config.ts'
import { parseConnectorFrameworkConfig } from './connector-config.ts'
import { connectorConfigError } from './config-validation.ts'
import { setUpConverters } from './converter-setup.ts'
import { pluginLogger, redactConfig, type Logger } from './logging.ts'
import { connectorProducerSettings, type ProducerSettings } from './producer-config.ts'
import type { PluginRegistry } from './plugins.ts'
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

export interface ConnectorStatus {
  readonly name: string
  readonly state: 'RUNNING' | 'FAILED' | 'STOPPED'
  readonly tasks: ReadonlyArray<{ readonly id: number, readonly state: TaskState, readonly trace?: string }>
}

interface RunningConnector {
  readonly name: string
  /** The config as submitted, variables unresolved: what GET /connectors/{name}/config shows. */
  readonly rawConfig: Readonly<Record<string, string>>
  readonly connector: SourceConnector
  readonly tasks: WorkerSourceTask[]
  state: ConnectorStatus['state']
  /** Set when the worker has exactly.once.source.support=enabled. */
  exactlyOnce?: ExactlyOnceConnector | undefined
}

export class Worker {
  readonly #o: WorkerOptions
  readonly #connectors = new Map<string, RunningConnector>()
  #stopped = false

  constructor (options: WorkerOptions) {
    this.#o = options
  }

  /**
   * Resolves the config's variables through the worker's config providers, validates it, starts the
   * connector and its tasks (which see resolved values only); throws a config error on bad input.
   */
  async startConnector (rawConfig: Readonly<Record<string, string>>): Promise<void> {
    const what = `Connector configuration${rawConfig.name === undefined ? '' : ` of ${rawConfig.name}`}`
    const resolved = resolveConfigVariables(what, rawConfig, this.#o.config.configProviders)
    try {
      await this.#start(rawConfig, resolved.values, resolved.hideValuesIn)
    } catch (error) {
      // e.g. "Invalid value <resolved> for configuration sqs.proxy.url" shows the variable instead.
      throw resolved.hideValuesIn(error)
    }
  }

  async #start (rawConfig: Readonly<Record<string, string>>, props: Readonly<Record<string, string>>, hideValuesIn: (error: unknown) => unknown): Promise<void> {
    const invalid = connectorConfigError(this.#o.plugins, props, true, this.#o.config.overridePolicy)
    if (invalid !== null) throw invalid
    const framework = parseConnectorFrameworkConfig(props)
    if (this.#connectors.has(framework.name)) throw configError('name', `Connector ${framework.name} already exists`)
    const producer = connectorProducerSettings(this.#o.config.raw, props, this.#o.config.overridePolicy)
    const plugin = this.#o.plugins.connector(framework.connectorClass)
    const converters = setUpConverters(this.#o.config, props)
    const log = this.#o.logger.child({ connector: framework.name })
    const connector = plugin.create()
    const passwords = new Set(connector.config().filter((key) => key.type === 'PASSWORD').map((key) => key.name))
    // The raw config: variables as written, so values that came from a provider never reach the log.
    log.info({ config: redactConfig(rawConfig, passwords) }, 'Starting connector')
    if (producer.ignored.length > 0) log.warn({ ignored: producer.ignored }, 'These producer properties are not used by sqs-connect\'s producer and are ignored (docs/producer.md)')
    const exactlyOnce = await ExactlyOnceConnector.start(this.#o.config, framework.name, props, producer.settings, log)
    const running: RunningConnector = { name: framework.name, rawConfig: { ...rawConfig }, connector, tasks: [], state: 'RUNNING', exactlyOnce }
    await connector.start(props, {
      logger: pluginLogger(log),
      raiseError: (error) => {
        running.state = 'FAILED'
        log.error({ err: hideValuesIn(error) }, 'Connector failed')
      }
    })
    this.#connectors.set(framework.name, running)
    const taskConfigs = connector.taskConfigs(framework.tasksMax)
    for (const [taskId, config] of taskConfigs.entries()) {
      const settings = producer.settings
      const clientId = settings.clientId === '' ? `connector-producer-${framework.name}-${taskId}` : settings.clientId
      const sourceTask = connector.createTask()
      const sender = running.exactlyOnce?.sender(taskId, clientId, settings, sourceTask) ?? this.#o.createSender?.(clientId, settings) ?? new RecordProducer({
        bootstrapServers: settings.bootstrapServers.length > 0 ? settings.bootstrapServers : this.#o.config.bootstrapServers,
        clientId,
        requestTimeoutMs: settings.requestTimeoutMs,
        retries: settings.retries,
        retryDelayMs: settings.retryBackoffMs,
        compression: settings.compression
      })
      const task = new WorkerSourceTask({
        connectorName: framework.name, taskId, task: sourceTask, config, converters, sender, logger: this.#o.logger,
        maxBufferedRecords: this.#o.config.taskBufferMaxRecords,
        maxBufferedBytes: this.#o.config.taskBufferMaxBytes,
        batchSizeBytes: settings.batchSizeBytes,
        lingerMs: settings.lingerMs,
        maxRequestBytes: settings.maxRequestBytes,
        deliveryTimeoutMs: settings.deliveryTimeoutMs
      })
      running.tasks.push(task)
      await task.start()
    }
    log.info({ tasks: taskConfigs.length }, 'Connector running')
  }

  /** States of every connector and task, as the status endpoint will show them. */
  status (): ConnectorStatus[] {
    return [...this.#connectors.values()].map((c) => ({
      name: c.name,
      state: c.state,
      tasks: c.tasks.map((t, id) => ({ id, state: t.state, ...(t.failure === undefined ? {} : { trace: t.failure.stack ?? t.failure.message }) }))
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

  /** Stops every task (in parallel, each within the graceful timeout) and then the connectors; idempotent. */
  async stop (): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    const timeout = this.#o.config.gracefulShutdownMs
    await Promise.all([...this.#connectors.values()].flatMap((c) => c.tasks.map((t) => t.stop(timeout))))
    for (const c of this.#connectors.values()) {
      await c.connector.stop()
      await c.exactlyOnce?.close()
      if (c.state !== 'FAILED') c.state = 'STOPPED'
    }
    this.#o.logger.info('Worker stopped')
  }
}
