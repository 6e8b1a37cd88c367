/**
 * Connect's KafkaBasedLog for the config and status topics: reads a compacted topic from its start without a
 * consumer group, in order per partition, and writes string-keyed records (partition by murmur2 of the key).
 */
import { CommittedLogReader } from './committed-log-reader.ts'
import { RecordProducer } from './producer.ts'

export interface LogRecord { readonly key: string, readonly value: Buffer | null, readonly offset: bigint, readonly partition: number }

export class InternalTopicLog {
  readonly #reader: CommittedLogReader
  readonly #producer: RecordProducer
  readonly #topic: string
  #reading: Promise<void> | undefined
  /** Writes go one request at a time: the idempotent producer keeps one request in flight. */
  #writing: Promise<unknown> = Promise.resolve()

  constructor (bootstrapServers: readonly string[], clientId: string, topic: string) {
    this.#topic = topic
    this.#reader = new CommittedLogReader(bootstrapServers, `${clientId}-reader`, topic)
    this.#producer = new RecordProducer({ bootstrapServers, clientId: `${clientId}-producer`, retries: 5, retryDelayMs: 250 })
  }

  /** Hands every record up to the current end of the topic (not read yet) to `onRecord`; one read at a time. */
  async readToEnd (onRecord: (record: LogRecord) => void, timeoutMs = 30_000): Promise<void> {
    while (this.#reading !== undefined) await this.#reading.catch(() => {})
    this.#reading = this.#reader.catchUp((entry) => {
      if (entry.key === null) return
      onRecord({ key: entry.key.toString('utf8'), value: entry.value, offset: entry.offset, partition: entry.partition })
    }, timeoutMs)
    try {
      await this.#reading
    } finally {
      this.#reading = undefined
    }
  }

  /** Writes the records in order (one request, after earlier writes); resolves once Kafka acknowledged them. */
  async write (records: ReadonlyArray<{ readonly key: string, readonly value: string | null }>): Promise<void> {
    const send = async (): Promise<void> => {
      await this.#producer.send(records.map((r) => ({
        topic: this.#topic,
        key: Buffer.from(r.key, 'utf8'),
        value: r.value === null ? null : Buffer.from(r.value, 'utf8'),
        headers: []
      })))
    }
    const written = this.#writing.then(send, send)
    this.#writing = written.catch(() => {})
    await written
  }

  async close (): Promise<void> {
    await Promise.allSettled([this.#reader.close(), this.#producer.close()])
  }
}
