/**
 * What a WorkerSourceTask gets from its connector's errors.* and topic.creation.* settings: the stage wrapper
 * (SourceRecordErrors, with the dead-letter topic when one is set) and topic creation, sharing one admin
 * connection that is opened only when needed.
 */
import type { SourceTask } from '../../connect/connector.ts'
import type { ConnectorConverters } from '../converter-setup.ts'
import type { Logger } from '../logging.ts'
import { LazyTopicAdmin, type TopicAdmin } from '../topic-admin.ts'
import { TopicCreation } from '../topic-creation.ts'
import type { TopicCreationConfig } from '../topic-creation-config.ts'
import { DeadLetterQueue, type DeadLetterSender } from './dead-letter-queue.ts'
import { DEFAULT_ERROR_HANDLING, type ErrorHandlingConfig } from './error-handling-config.ts'
import type { ErrorHandlingMetrics } from './error-metrics.ts'
import { converterClassNames, SourceRecordErrors } from './source-record-errors.ts'

export interface TaskErrorHandling {
  readonly errors: SourceRecordErrors
  readonly topics: TopicCreation
  /** Closes the dead-letter producer and the admin connection; idempotent. */
  close (): Promise<void>
}

export interface TaskErrorHandlingOptions {
  readonly connectorName: string
  readonly taskId: number
  readonly task: SourceTask
  readonly converters: ConnectorConverters
  readonly logger: Logger
  readonly config: ErrorHandlingConfig
  readonly topicCreation: TopicCreationConfig
  /** The admin connection of the task (opened at first use). */
  readonly admin: TopicAdmin & { close (): Promise<void> }
  /** Makes the dead-letter producer (Connect's connector-dlq-producer-<connector>-<task>). */
  readonly createDlqSender: () => DeadLetterSender
  readonly metrics?: ErrorHandlingMetrics
}

const NO_TOPIC_CREATION: TopicCreationConfig = { enabled: false, groups: [], values: [], keys: [] }

export function createTaskErrorHandling (o: TaskErrorHandlingOptions): TaskErrorHandling {
  const logger = o.logger.child({ connector: o.connectorName, task: o.taskId })
  const dlq = o.config.dlqTopic === ''
    ? undefined
    : new DeadLetterQueue({
      topic: o.config.dlqTopic, replicationFactor: o.config.dlqReplicationFactor, contextHeaders: o.config.dlqContextHeaders,
      connectorName: o.connectorName, taskId: o.taskId, admin: o.admin, createSender: o.createDlqSender, logger
    })
  const errors = new SourceRecordErrors({
    connectorName: o.connectorName, taskId: o.taskId, config: o.config, task: o.task, converterClasses: converterClassNames(o.converters), logger, dlq, metrics: o.metrics
  })
  const topics = new TopicCreation({ config: o.topicCreation, admin: o.admin, logger })
  let closed: Promise<void> | undefined
  return {
    errors,
    topics,
    close: async () => {
      closed ??= (async () => {
        try {
          await errors.close()
        } finally {
          await o.admin.close()
        }
      })()
      await closed
    }
  }
}

/** Connect's defaults: errors.tolerance=none without retries or logging, no dead-letter topic, no topic creation, no admin connection. */
export function defaultTaskErrorHandling (o: Pick<TaskErrorHandlingOptions, 'connectorName' | 'taskId' | 'task' | 'converters' | 'logger'>): TaskErrorHandling {
  return createTaskErrorHandling({
    ...o,
    config: DEFAULT_ERROR_HANDLING,
    topicCreation: NO_TOPIC_CREATION,
    admin: new LazyTopicAdmin(() => { throw new Error('No admin client without topic creation or a dead letter queue') }),
    createDlqSender: () => { throw new Error('No dead letter queue is configured') }
  })
}
