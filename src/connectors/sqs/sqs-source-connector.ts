/** io.confluent.connect.sqs.source.SqsSourceConnector: one queue, split over tasks.max identical tasks. */
import type { ConnectorConfig, SourceConnector, SourceConnectorContext, SourceTask } from '../../connect/connector.ts'
import { parseSqsSourceConfig } from './config.ts'
import { locateQueue } from './queue-url.ts'
import { SqsSourceTask } from './sqs-source-task.ts'
import { VERSION } from './version.ts'

export const SQS_SOURCE_CONNECTOR_CLASS = 'io.confluent.connect.sqs.source.SqsSourceConnector'

export class SqsSourceConnector implements SourceConnector {
  #config: ConnectorConfig = {}

  version (): string {
    return VERSION
  }

  start (config: ConnectorConfig, context: SourceConnectorContext): void {
    const parsed = parseSqsSourceConfig(config)
    const location = locateQueue(parsed.queueUrl)
    this.#config = config
    context.logger.info({ queueUrl: parsed.queueUrl, topic: parsed.topic, fifo: location.fifo }, 'SQS source connector started')
  }

  /** Every task reads the same queue; SQS hands each message to one receiver at a time. */
  taskConfigs (maxTasks: number): ConnectorConfig[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#config }))
  }

  createTask (): SourceTask {
    return new SqsSourceTask()
  }

  stop (): void {}
}
