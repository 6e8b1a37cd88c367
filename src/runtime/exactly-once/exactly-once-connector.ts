/**
 * Exactly-once mode for one connector on this worker: its marker store (shared by its tasks) and, per task, a
 * transactional producer (transactional.id <prefix>-<connector>-<task>) behind an ExactlyOnceSender.
 * Started only when the worker has exactly.once.source.support=enabled.
 */
import type { SourceTask } from '../../connect/connector.ts'
import { RecordProducer } from '../../kafka/producer.ts'
import type { Logger } from '../logging.ts'
import type { ProducerSettings } from '../producer-config.ts'
import type { WorkerConfig } from '../worker-config.ts'
import { exactlyOnceConnectorSettings, exactlyOnceWorkerSettings, transactionalId, type ExactlyOnceWorkerSettings } from './config.ts'
import { CrashPoints } from './crash-points.ts'
import { ExactlyOnceSender } from './exactly-once-sender.ts'
import { MarkerStore } from './marker-store.ts'

export class ExactlyOnceConnector {
  readonly #name: string
  readonly #worker: WorkerConfig
  readonly #settings: ExactlyOnceWorkerSettings
  readonly #store: MarkerStore
  readonly #logger: Logger
  readonly #crashPoints = new CrashPoints()
  readonly #senders: ExactlyOnceSender[] = []

  private constructor (name: string, worker: WorkerConfig, settings: ExactlyOnceWorkerSettings, store: MarkerStore, logger: Logger) {
    this.#name = name
    this.#worker = worker
    this.#settings = settings
    this.#store = store
    this.#logger = logger
  }

  /**
   * The connector's exactly-once set-up, its marker topic created when missing; undefined when the worker does not
   * enable exactly-once. Throws a config error for settings sqs-connect does not support.
   */
  static async start (worker: WorkerConfig, connectorName: string, props: Readonly<Record<string, string>>, producer: ProducerSettings, logger: Logger): Promise<ExactlyOnceConnector | undefined> {
    const settings = exactlyOnceWorkerSettings(worker.raw)
    if (!settings.enabled) {
      if ((props['exactly.once.support'] ?? '').toLowerCase() === 'required') {
        logger.warn('exactly.once.support=required is ignored: the worker does not set exactly.once.source.support=enabled (as in Connect)')
      }
      return undefined
    }
    const connector = exactlyOnceConnectorSettings(connectorName, props)
    const store = new MarkerStore({
      // A transaction spans one cluster: the markers live where the connector's records go.
      bootstrapServers: producer.bootstrapServers.length > 0 ? producer.bootstrapServers : worker.bootstrapServers,
      topic: connector.markerTopic,
      replicationFactor: connector.markerReplicationFactor,
      clientId: `connector-markers-${connectorName}`,
      catchUpTimeoutMs: settings.catchUpTimeoutMs,
      logger
    })
    await store.open()
    logger.info({ markerTopic: connector.markerTopic, transactionalIdPrefix: settings.transactionalIdPrefix }, 'Exactly-once mode: transactions and markers')
    return new ExactlyOnceConnector(connectorName, worker, settings, store, logger)
  }

  /** The sender of one task: a transactional producer with the task's producer settings. */
  sender (taskId: number, clientId: string, settings: ProducerSettings, task: SourceTask): ExactlyOnceSender {
    const id = transactionalId(this.#settings.transactionalIdPrefix, this.#name, taskId)
    const producer = new RecordProducer({
      bootstrapServers: settings.bootstrapServers.length > 0 ? settings.bootstrapServers : this.#worker.bootstrapServers,
      clientId,
      requestTimeoutMs: settings.requestTimeoutMs,
      retries: settings.retries,
      retryDelayMs: settings.retryBackoffMs,
      compression: settings.compression,
      transactionalId: id
    })
    const sender = new ExactlyOnceSender({
      producer,
      store: this.#store,
      transactionalId: id,
      released: task.released === undefined ? undefined : async (record) => await (task.released?.(record) ?? Promise.resolve(false)),
      crashPoints: this.#crashPoints,
      logger: this.#logger.child({ task: taskId, transactionalId: id })
    })
    this.#senders.push(sender)
    return sender
  }

  /** Records recognised as already in Kafka over all tasks of the connector. */
  get duplicatesSkipped (): number {
    return this.#senders.reduce((sum, s) => sum + s.duplicatesSkipped, 0)
  }

  /** Closes the marker reader (the tasks close their senders); idempotent. */
  async close (): Promise<void> {
    await this.#store.close()
  }
}
