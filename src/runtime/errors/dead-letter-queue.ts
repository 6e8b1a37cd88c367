/**
 * The dead-letter topic of one source task (errors.deadletterqueue.topic.name): created at task start when
 * missing (1 partition, as Connect's DeadLetterQueueReporter does), written through a producer of its own,
 * opened at the first dead-letter record. Retriable produce errors are retried until the task stops.
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import type { OutgoingRecord, WrittenRecord } from '../../kafka/producer.ts'
import type { Logger } from '../logging.ts'
import type { TopicAdmin } from '../topic-admin.ts'
import { DLQ_REPLICATION_FACTOR, DLQ_TOPIC_NAME } from './dead-letter-config.ts'
import { deadLetterRecord, type DeadLetterContext } from './dead-letter-record.ts'
import { isRetriable, type ProcessingContext } from './processing-context.ts'

/** The producer side the dead-letter topic needs (the runtime's RecordSender). */
export interface DeadLetterSender {
  /** A plain (non-transactional) producer's send: a null position does not occur, and is treated as an error. */
  send (records: readonly OutgoingRecord[]): Promise<Array<WrittenRecord | null>>
  close (): Promise<void>
}

export interface DeadLetterQueueOptions extends DeadLetterContext {
  readonly topic: string
  /** -1: the broker's default. */
  readonly replicationFactor: number
  readonly admin: TopicAdmin
  readonly createSender: () => DeadLetterSender
  readonly logger: Logger
}

const RETRY_BASE_MS = 200
const RETRY_CAP_MS = 10_000

export class DeadLetterQueue {
  readonly #o: DeadLetterQueueOptions
  #sender: DeadLetterSender | undefined
  #stopping = false
  #wake: (() => void) | undefined

  constructor (options: DeadLetterQueueOptions) {
    this.#o = options
  }

  get topic (): string {
    return this.#o.topic
  }

  /**
   * Creates the topic unless it exists. A replication factor above the cluster's broker count is lowered to it
   * (with a warning), so a one-broker development cluster works with the default of 3.
   */
  async start (): Promise<void> {
    const { admin, topic, logger } = this.#o
    try {
      if (await admin.topicExists(topic)) return
      let replicationFactor = this.#o.replicationFactor
      if (replicationFactor > 1) {
        const brokers = await admin.brokerCount()
        if (brokers > 0 && brokers < replicationFactor) {
          logger.warn({ topic, replicationFactor, brokers }, `${DLQ_REPLICATION_FACTOR} is ${replicationFactor} but the cluster has ${brokers} broker(s): creating the dead letter queue topic ${topic} with replication factor ${brokers}`)
          replicationFactor = brokers
        }
      }
      logger.info({ topic, replicationFactor }, `Dead letter queue topic ${topic} does not exist; creating it`)
      await admin.createTopic({ name: topic, partitions: 1, replicationFactor })
    } catch (error) {
      throw new SqsConnectError(ErrorCodes.KAFKA_TOPIC_CREATION_FAILED,
        `Could not initialize the dead letter queue with topic ${topic} (${DLQ_TOPIC_NAME}): ${(error as Error).message}. ` +
        'Create the topic, or allow the worker to create it, and restart the task.', { cause: error, subject: DLQ_TOPIC_NAME })
    }
  }

  /** Writes the dead-letter record of the context's original record; resolves once Kafka acknowledged it. */
  async write (context: ProcessingContext): Promise<WrittenRecord> {
    const record = deadLetterRecord(this.#o.topic, context, this.#o)
    this.#sender ??= this.#o.createSender()
    for (let attempt = 1; ; attempt++) {
      try {
        const [written] = await this.#sender.send([record])
        if (written === undefined || written === null) throw new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, `Kafka returned no position for the dead letter record on ${this.#o.topic}`)
        return written
      } catch (error) {
        if (!isRetriable(error) || this.#stopping) throw error
        const delay = Math.min(RETRY_BASE_MS * 2 ** Math.min(attempt, 10), RETRY_CAP_MS)
        this.#o.logger.warn({ err: error, attempt, retryInMs: delay, topic: this.#o.topic }, 'Kafka is not accepting the dead letter record; retrying')
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay)
          this.#wake = () => { clearTimeout(timer); resolve() }
        })
        this.#wake = undefined
      }
    }
  }

  /** Ends retries: a write in progress fails with its last error. */
  stop (): void {
    this.#stopping = true
    this.#wake?.()
  }

  async close (): Promise<void> {
    this.stop()
    const sender = this.#sender
    this.#sender = undefined
    await sender?.close()
  }
}
