/**
 * One connector as a worker holds it, and the two parts a worker starts apart: the connector instance (which
 * makes the task configs) and its tasks (each with its own producer). Distributed mode runs them on different
 * workers; standalone runs both. Used by src/runtime/worker.ts, which keeps the map of connectors.
 */
import type { ConnectorConfig, SourceConnector } from '../connect/connector.ts'
import type { WorkerBufferBudget } from './buffer-budget.ts'
import type { ConnectorFrameworkConfig } from './connector-config.ts'
import { setUpConverters, type ConnectorConverters } from './converter-setup.ts'
import { ExactlyOnceConnector } from './exactly-once/exactly-once-connector.ts'
import { LoggerNames } from './log-levels.ts'
import { namedLogger, pluginLogger, redactConfig, type Logger } from './logging.ts'
import type { WorkerMetrics } from './metrics/worker-metrics.ts'
import type { ConnectorPlugin } from './plugins.ts'
import { connectorProducerSettings, type ProducerSettings } from './producer-config.ts'
import { assembleSourceTask } from './task-assembly.ts'
import type { WorkerConfig } from './worker-config.ts'
import type { RecordSender, TaskState, WorkerSourceTask } from './worker-source-task.ts'

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

export interface RunningConnector {
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

/** What starting a connector's parts needs from its worker. */
export interface WorkerContext {
  readonly config: WorkerConfig
  readonly logger: Logger
  readonly metrics: WorkerMetrics
  /** What all source tasks of the worker may hold together (sqsconnect.worker.buffer.max.bytes). */
  readonly bufferBudget: WorkerBufferBudget
  readonly createSender?: ((clientId: string, settings: ProducerSettings) => RecordSender) | undefined
  /** Called with each topic a task's records were written to (Connect's topic tracking). */
  readonly onTopicWritten: (connector: string, topic: string) => void
}

/** The config of a connector in its three forms. */
export interface ConnectorConfigs {
  /** As submitted, variables unresolved. */
  readonly rawConfig: Readonly<Record<string, string>>
  /** Variables resolved. */
  readonly props: Readonly<Record<string, string>>
  /** Puts the variables back in place of resolved values in an error. */
  readonly hideValuesIn: (error: unknown) => unknown
}

/** Sets up a validated connector's producer settings, converters and exactly-once state, without starting anything. */
export async function createRunningConnector (worker: WorkerContext, plugin: ConnectorPlugin, framework: ConnectorFrameworkConfig, configs: ConnectorConfigs, targetState: TargetState): Promise<RunningConnector> {
  const { rawConfig, props } = configs
  const producer = connectorProducerSettings(worker.config.raw, props, worker.config.overridePolicy)
  const converters = setUpConverters(worker.config, props)
  const log = namedLogger(worker.logger, LoggerNames.worker, { connector: framework.name })
  const passwords = new Set(plugin.create().config().filter((key) => key.type === 'PASSWORD').map((key) => key.name))
  // The raw config: variables as written, so values that came from a provider never reach the log.
  log.info({ config: redactConfig(rawConfig, passwords), targetState }, 'Starting connector')
  if (producer.ignored.length > 0) log.warn({ ignored: producer.ignored }, 'These producer properties are not used by sqs-connect\'s producer and are ignored (docs/producer.md)')
  const exactlyOnce = await ExactlyOnceConnector.start(worker.config, framework.name, props, producer.settings, log)
  return {
    name: framework.name, rawConfig: { ...rawConfig }, props, plugin, hideValuesIn: configs.hideValuesIn, producer: producer.settings, converters, log,
    connector: undefined, tasksMax: framework.tasksMax, taskConfigs: [], tasks: [], targetState, state: targetState === 'STOPPED' ? 'STOPPED' : 'PAUSED', failure: undefined, exactlyOnce
  }
}

/** Creates and starts the connector instance; a failure leaves the connector FAILED with the error as its trace. */
export async function startInstance (worker: WorkerContext, running: RunningConnector): Promise<void> {
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
  worker.metrics.connectorInfo(running.name, { className: running.plugin.className, version: connector.version(), type: 'source' })
  try {
    const logger = pluginLogger(namedLogger(worker.logger, running.plugin.className, { connector: running.name }))
    await worker.metrics.startup('connector', async () => await connector.start(running.props, { logger, raiseError: fail }))
  } catch (error) {
    fail(error)
  }
}

/** Stops the connector instance, if one runs; a failing stop is logged, never thrown. */
export async function stopInstance (running: RunningConnector): Promise<void> {
  const connector = running.connector
  running.connector = undefined
  try {
    await connector?.stop()
  } catch (error) {
    running.log.warn({ err: error }, 'Stopping the connector did not succeed')
  }
}

/** Creates task `taskId` with its producer and starts it (in place of any earlier instance); a start failure leaves it FAILED and is rethrown. */
export async function startTask (worker: WorkerContext, running: RunningConnector, taskId: number): Promise<void> {
  const task = assembleSourceTask({
    connectorName: running.name, connectorClass: running.plugin.className, taskId, props: running.props,
    taskConfig: running.taskConfigs[taskId]!, sourceTask: (running.connector ?? running.plugin.create()).createTask(), producer: running.producer,
    converters: running.converters, exactlyOnce: running.exactlyOnce, workerConfig: worker.config,
    createSender: worker.createSender, logger: worker.logger, metrics: worker.metrics, bufferBudget: worker.bufferBudget,
    onTopicWritten: (topic) => { worker.onTopicWritten(running.name, topic) }
  })
  running.tasks[taskId] = task
  if (running.targetState === 'PAUSED') task.pause()
  await worker.metrics.startup('task', async () => await task.start())
}

/** Stops every task of the connector in parallel, each within the graceful timeout. */
export async function stopTasks (worker: WorkerContext, running: RunningConnector): Promise<void> {
  await Promise.all(running.tasks.map(async (t) => await t.stop(worker.config.gracefulShutdownMs)))
}

/** The connector's state and its tasks' states, as the status endpoint will show them. */
export function statusOf (running: RunningConnector): ConnectorStatus {
  return {
    name: running.name,
    state: running.state,
    version: running.plugin.version,
    ...(running.failure === undefined ? {} : { trace: traceOf(running.failure) }),
    hasInstance: running.hasInstance === true,
    tasks: running.tasks.flatMap((t, id) => ({ id, state: t.state, ...(t.failure === undefined ? {} : { trace: traceOf(t.failure) }) }))
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
