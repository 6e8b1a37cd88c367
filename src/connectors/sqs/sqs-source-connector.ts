/** io.confluent.connect.sqs.source.SqsSourceConnector: one queue, split over tasks.max identical tasks. */
import type { ConfigKey, ValidatedValue } from '../../connect/config/config-def.ts'
import type { ConnectorConfig, SourceConnector, SourceConnectorContext, SourceTask } from '../../connect/connector.ts'
import { parseSqsSourceConfig, sqsConfigKeys } from './config.ts'
import { hasLicenseProperties, validateSqsSourceConfig } from './config-validation.ts'
import { locateQueue } from './queue-url.ts'
import { SqsSourceTask } from './sqs-source-task.ts'
import { VERSION } from './version.ts'

export const SQS_SOURCE_CONNECTOR_CLASS = 'io.confluent.connect.sqs.source.SqsSourceConnector'

export class SqsSourceConnector implements SourceConnector {
  #config: ConnectorConfig = {}

  version (): string {
    return VERSION
  }

  config (): readonly ConfigKey[] {
    return sqsConfigKeys
  }

  validate (props: ConnectorConfig): ValidatedValue[] {
    return validateSqsSourceConfig(props)
  }

  start (config: ConnectorConfig, context: SourceConnectorContext): void {
    const parsed = parseSqsSourceConfig(config)
    const location = locateQueue(parsed.queueUrl)
    this.#config = config
    if (hasLicenseProperties(config)) {
      context.logger.info({}, 'confluent.license and confluent.topic.* are accepted for compatibility and ignored: sqs-connect needs no license and uses no license topic')
    }
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
