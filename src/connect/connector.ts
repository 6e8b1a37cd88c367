/**
 * Connect's source plugin API (SourceConnector, SourceTask), shaped for JavaScript:
 * blocking calls become promises and stop() interrupts a pending poll.
 */
import type { ConfigKey, ValidatedValue } from './config/config-def.ts'
import type { SourceRecord } from './data/source-record.ts'
import type { PluginMetrics } from './plugin-metrics.ts'

export type { PluginMetrics } from './plugin-metrics.ts'

export type ConnectorConfig = Readonly<Record<string, string>>

/** What Kafka told the producer about a written record. */
export interface RecordMetadata {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
  readonly timestamp?: number
}

/** Logging facade handed to plugins, so they need not know the runtime's logger. */
export interface PluginLogger {
  debug (obj: object, msg: string): void
  info (obj: object, msg: string): void
  warn (obj: object, msg: string): void
  error (obj: object, msg: string): void
}

export interface SourceConnectorContext {
  readonly logger: PluginLogger
  /** Asks the runtime to fail the connector with this error. */
  raiseError (error: Error): void
}

export interface SourceTaskContext {
  readonly logger: PluginLogger
  readonly taskId: number
  /** Where the task publishes its own metrics (labelled with its connector and task by the runtime); absent: nowhere. */
  readonly metrics?: PluginMetrics
}

export interface SourceConnector {
  version (): string
  /** Connect's Connector.config(): the definitions of the connector's own properties. */
  config (): readonly ConfigKey[]
  /**
   * Connect's Connector.validate(): one result per property with every problem found, including
   * problems that involve several properties and properties the connector does not know.
   */
  validate (props: ConnectorConfig): ValidatedValue[]
  /** Validates and keeps the connector configuration; throws a config error naming the property. */
  start (config: ConnectorConfig, context: SourceConnectorContext): void | Promise<void>
  /** The configurations of at most maxTasks tasks. */
  taskConfigs (maxTasks: number): ConnectorConfig[]
  /** Creates a fresh task instance. */
  createTask (): SourceTask
  stop (): void | Promise<void>
}

export interface SourceTask {
  version (): string
  start (config: ConnectorConfig, context: SourceTaskContext): void | Promise<void>
  /**
   * Returns the next records; an empty list when nothing arrived in time.
   * Must return promptly (with what it has, or nothing) once stop() was called.
   */
  poll (): Promise<SourceRecord[]>
  /**
   * Kafka acknowledged this record (Connect's commitRecord); the task may now release its source.
   * `metadata` is null when the runtime dropped the record on purpose (a transform filtered it out),
   * which, as in Connect, also counts as done with it.
   */
  commitRecord (record: SourceRecord, metadata: RecordMetadata | null): void
  /**
   * sqs-connect extension: the runtime gave up on this record without writing it anywhere (errors.tolerance=all
   * skipped it and there is no dead-letter topic, or writing the dead-letter record failed). The task must not
   * treat it as delivered, only stop holding it; the SQS task leaves its message in the queue.
   */
  abandonRecord? (record: SourceRecord): void
  /**
   * Extension beyond Connect, for exactly-once mode: resolves once the source let go of what the record came
   * from for good after commitRecord() (SQS: its message was deleted) with true, or with false when that did not
   * happen (the source will deliver it again). Call it before commitRecord(); resolves false on close().
   */
  released? (record: SourceRecord): Promise<boolean>
  /** Finish outstanding acknowledgement work (Connect's commit); called periodically and at shutdown. */
  commit (): Promise<void>
  /** Interrupts poll() and stops taking new work; outstanding records may still be committed afterwards. */
  stop (): void
  /** Releases resources after the final commit(); idempotent. */
  close (): Promise<void>
}
