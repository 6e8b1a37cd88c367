/**
 * Puts one source task together: its producer (transactional in exactly-once mode), error handling and topic
 * creation, transforms, metrics and buffer limits, from the connector's settings and the worker's.
 */
import type { ConnectorConfig, SourceTask } from '../connect/connector.ts'
import { RecordProducer } from '../kafka/producer.ts'
import type { ConnectorConverters } from './converter-setup.ts'
import { parseErrorHandlingConfig } from './errors/error-handling-config.ts'
import { createTaskErrorHandling } from './errors/task-error-handling.ts'
import type { ExactlyOnceConnector } from './exactly-once/exactly-once-connector.ts'
import { taskClassName } from './log-levels.ts'
import type { WorkerBufferBudget } from './buffer-budget.ts'
import type { Logger } from './logging.ts'
import type { WorkerMetrics } from './metrics/worker-metrics.ts'
import type { ProducerSettings } from './producer-config.ts'
import { LazyTopicAdmin } from './topic-admin.ts'
import { parseTopicCreationConfig } from './topic-creation-config.ts'
import { buildTransformChain } from './transform-chain.ts'
import type { WorkerConfig } from './worker-config.ts'
import { WorkerSourceTask, type RecordSender } from './worker-source-task.ts'

export interface TaskAssembly {
  readonly connectorName: string
  readonly connectorClass: string
  readonly taskId: number
  /** The connector's config, variables resolved. */
  readonly props: Readonly<Record<string, string>>
  readonly taskConfig: ConnectorConfig
  readonly sourceTask: SourceTask
  readonly producer: ProducerSettings
  readonly converters: ConnectorConverters
  readonly exactlyOnce: ExactlyOnceConnector | undefined
  readonly workerConfig: WorkerConfig
  readonly createSender: ((clientId: string, settings: ProducerSettings) => RecordSender) | undefined
  readonly logger: Logger
  readonly metrics: WorkerMetrics
  readonly bufferBudget: WorkerBufferBudget
  readonly onTopicWritten: (topic: string) => void
}

/** A WorkerSourceTask ready to start. */
export function assembleSourceTask (a: TaskAssembly): WorkerSourceTask {
  const settings = a.producer
  const bootstrapServers = settings.bootstrapServers.length > 0 ? settings.bootstrapServers : a.workerConfig.bootstrapServers
  const makeSender = (clientId: string): RecordSender => a.createSender?.(clientId, settings) ?? new RecordProducer({
    bootstrapServers,
    clientId,
    requestTimeoutMs: settings.requestTimeoutMs,
    retries: settings.retries,
    retryDelayMs: settings.retryBackoffMs,
    compression: settings.compression
  })
  const clientId = settings.clientId === '' ? `connector-producer-${a.connectorName}-${a.taskId}` : settings.clientId
  const sender = a.exactlyOnce?.sender(a.taskId, clientId, settings, a.sourceTask) ?? makeSender(clientId)
  const metrics = a.metrics.task(a.connectorName, a.taskId)
  // errors.* and topic.creation.*: docs/error-handling.md, docs/topic-creation.md.
  const errorHandling = createTaskErrorHandling({
    connectorName: a.connectorName, taskId: a.taskId, task: a.sourceTask, converters: a.converters, logger: a.logger,
    config: parseErrorHandlingConfig(a.props),
    topicCreation: parseTopicCreationConfig(a.props, a.workerConfig.topicCreationEnable),
    admin: LazyTopicAdmin.forBootstrap(bootstrapServers, `connector-adminclient-${a.connectorName}-${a.taskId}`),
    createDlqSender: () => makeSender(`connector-dlq-producer-${a.connectorName}-${a.taskId}`),
    metrics: metrics.errors
  })
  return new WorkerSourceTask({
    connectorName: a.connectorName, taskId: a.taskId, task: a.sourceTask, config: a.taskConfig, converters: a.converters, sender, logger: a.logger,
    taskLoggerName: taskClassName(a.connectorClass),
    transforms: buildTransformChain(a.props),
    errorHandling,
    maxBufferedRecords: a.workerConfig.taskBufferMaxRecords,
    maxBufferedBytes: a.workerConfig.taskBufferMaxBytes,
    bufferBudget: a.bufferBudget,
    batchSizeBytes: settings.batchSizeBytes,
    lingerMs: settings.lingerMs,
    maxRequestBytes: settings.maxRequestBytes,
    deliveryTimeoutMs: settings.deliveryTimeoutMs,
    metrics,
    onTopicWritten: a.onTopicWritten
  })
}
