/**
 * The runtime's producer: idempotent, acks=all, one request in flight (as Connect's producer keeps
 * max.in.flight=1), with per-record offsets derived from each partition's base offset.
 */
import { compressionsAlgorithms, Producer, ProduceAcks, type CompressionAlgorithmValue, type MessageToProduce } from '@platformatic/kafka'
import { SqsConnectError, ErrorCodes } from '../errors.ts'
import { KafkaAdmin } from './admin.ts'
import { isFatalProduceError, isUnknownTopic, protocolErrorIds } from './errors.ts'
import { murmur2, toPositive } from './partitioner.ts'
import { coordinatorUnavailable, transactionError } from './transaction-errors.ts'

export interface OutgoingRecord {
  readonly topic: string
  readonly partition?: number
  /** Hashed instead of the key to choose the partition (SourceRecord.partitionKey); `partition` wins. */
  readonly partitionKey?: Uint8Array
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly headers: ReadonlyArray<readonly [string, Uint8Array | null]>
  readonly timestamp?: number
}

export interface WrittenRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
}

export interface RecordProducerConfig {
  readonly bootstrapServers: readonly string[]
  readonly clientId: string
  /** How long the client waits for a broker's answer, and how long the broker may wait for replicas, in ms. */
  readonly requestTimeoutMs?: number
  /** Client-level retries of one request before send() rejects. */
  readonly retries?: number
  readonly retryDelayMs?: number
  /** A name from COMPRESSION_TYPES that availableCompressionTypes() lists. */
  readonly compression?: string
  /**
   * Makes every send() one Kafka transaction (begin, produce, commit; abort on failure) under this
   * transactional.id: exactly-once mode. The first transaction fences older producers with the same id.
   */
  readonly transactionalId?: string
}

/** Kafka's compression.type values. */
export const COMPRESSION_TYPES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const

/** The compression types the client can write on this Node.js (zstd needs node:zlib's zstd, Node 22.15+). */
export function availableCompressionTypes (): string[] {
  return COMPRESSION_TYPES.filter((name) => compressionsAlgorithms[name].available)
}

/**
 * An upper bound of the bytes a record takes in a record batch (as Java's producer estimates it for
 * max.request.size): payload plus the batch header and the varint lengths of the record and each header.
 */
export function recordSizeUpperBound (record: OutgoingRecord): number {
  const RECORD_BATCH_OVERHEAD = 61
  const RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5
  const HEADER_OVERHEAD = 5 + 5
  let size = RECORD_BATCH_OVERHEAD + RECORD_OVERHEAD + (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0)
  for (const [name, value] of record.headers) size += HEADER_OVERHEAD + Buffer.byteLength(name, 'utf8') + (value?.byteLength ?? 0)
  return size
}

function toBuffer (bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Produces batches of converted records and reports where each one landed. */
export class RecordProducer {
  readonly #producer: Producer
  readonly #bootstrapServers: readonly string[]
  readonly #transactionalId: string | undefined
  #closed = false
  /** Next partition for records without a key. */
  #roundRobin = 0

  constructor (config: RecordProducerConfig) {
    this.#bootstrapServers = config.bootstrapServers
    this.#transactionalId = config.transactionalId
    const requestTimeoutMs = config.requestTimeoutMs ?? 30_000
    this.#producer = new Producer({
      clientId: config.clientId,
      bootstrapBrokers: [...config.bootstrapServers],
      idempotent: true,
      acks: ProduceAcks.ALL,
      compression: (config.compression ?? 'none') as CompressionAlgorithmValue,
      // `timeout` is what the broker may spend on a produce request; `requestTimeout` what the client waits.
      timeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs,
      retries: config.retries ?? 3,
      retryDelay: config.retryDelayMs ?? 250,
      autocreateTopics: false,
      // The client also sends `timeout` as the transaction timeout (transaction.timeout.ms) in InitProducerId.
      // No producer id/epoch of our own (-1): InitProducerId then fences whatever instance holds the transactional.id;
      // the client's default (0, 0) claims to be producer 0 and is refused as fenced once the id has a history.
      ...(config.transactionalId === undefined ? {} : { transactionalId: config.transactionalId, producerId: -1n, producerEpoch: -1 })
    })
  }

  /** The records as the Kafka client's messages, each to its chosen partition. */
  static clientMessages (records: readonly OutgoingRecord[], partitions: readonly number[]): Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>> {
    return records.map((r, i) => {
        const headers = new Map<Buffer, Buffer>()
        // Map keys are compared by identity, so repeated header names stay separate entries.
        // A null value is written as Kafka's null header (length -1); the client's writer supports it.
        for (const [name, value] of r.headers) headers.set(Buffer.from(name, 'utf8'), (value === null ? null : toBuffer(value)) as Buffer)
        return {
          topic: r.topic,
          partition: partitions[i]!,
          ...(r.key === null ? {} : { key: toBuffer(r.key) }),
          ...(r.value === null ? {} : { value: toBuffer(r.value) }),
          ...(r.timestamp === undefined ? {} : { timestamp: BigInt(r.timestamp) }),
          headers
        }
      })
  }

  /**
   * Sends the records as one request and resolves with their positions, in input order.
   * Rejects with SQSC_KAFKA_PRODUCE_FAILED; `retriable` says whether sending them again may work.
   */
  async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> {
    if (records.length === 0) return []
    // Partitions are chosen here (murmur2 for keys, as Java's producer does) so that each record's
    // offset can be derived from its partition's base offset; the client takes them modulo the count.
    const chosen = records.map((r) => {
      const hashed = r.partitionKey ?? r.key
      return r.partition ?? (hashed === null ? this.#roundRobin++ : toPositive(murmur2(hashed)))
    })
    let result
    try {
      const messages = RecordProducer.clientMessages(records, chosen)
      result = this.#transactionalId === undefined
        ? await this.#producer.send({ messages })
        : await this.#sendInTransaction(messages)
    } catch (error) {
      if (this.#transactionalId !== undefined) {
        const failure = transactionError(error, this.#transactionalId) ?? coordinatorUnavailable(error, this.#transactionalId)
        if (failure !== undefined) throw failure
      }
      const topic = records[0]?.topic ?? '?'
      if (isUnknownTopic(error)) {
        throw new SqsConnectError(ErrorCodes.KAFKA_TOPIC_NOT_FOUND,
          `Topic ${topic} does not exist in Kafka: create it, or let the connector create it with topic.creation.default.replication.factor and ` +
          'topic.creation.default.partitions in its config (the worker\'s topic.creation.enable must be true; docs/topic-creation.md)',
          { retriable: false, cause: error, subject: topic })
      }
      const ids = protocolErrorIds(error)
      const tooLarge = ids.includes('MESSAGE_TOO_LARGE') || ids.includes('RECORD_LIST_TOO_LARGE')
      const limit = tooLarge ? await this.#topicLimit(topic) : ''
      const detail = (ids.length > 0 ? ` (broker said ${[...new Set(ids)].join(', ')}${limit})` : '')
      throw new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED,
        `Kafka did not accept ${records.length} record(s) for topic ${topic}${detail}: ${(error as Error).message}`,
        { retriable: !isFatalProduceError(error), cause: error, subject: topic })
    }
    return this.#positions(records, chosen, result.offsets ?? [])
  }

  /**
   * Registers the transactional.id with its coordinator (InitProducerId) before any record is sent: this fences
   * older producers with the same id and aborts the transaction a crashed one left open, which would otherwise hold
   * read_committed readers back until transaction.timeout.ms. Rejects like send().
   */
  async initTransactions (): Promise<void> {
    const id = this.#transactionalId
    if (id === undefined) return
    try {
      const transaction = await this.#producer.beginTransaction()
      // Nothing was added to it, so there is nothing to end on the broker.
      await transaction.cancel()
    } catch (error) {
      throw transactionError(error, id) ?? coordinatorUnavailable(error, id) ??
        new SqsConnectError(ErrorCodes.KAFKA_UNAVAILABLE, `Initializing transactional.id ${id} failed: ${(error as Error).message}`, { cause: error, subject: id, retriable: true })
    }
  }

  /** One transaction: all of `messages` become visible to read_committed consumers together, or none of them. */
  async #sendInTransaction (messages: Parameters<Producer['send']>[0]['messages']): ReturnType<Producer['send']> {
    const transaction = await this.#producer.beginTransaction()
    try {
      const result = await transaction.send({ messages })
      await transaction.commit()
      return result
    } catch (error) {
      // Aborting also fails when the producer was fenced; the broker aborts the transaction then anyway.
      if (!transaction.completed) await transaction.abort().catch(() => transaction.cancel().catch(() => {}))
      throw error
    }
  }

  #positions (records: readonly OutgoingRecord[], chosen: readonly number[], offsets: ReadonlyArray<{ topic: string, partition: number, offset: bigint }>): WrittenRecord[] {
    const base = new Map<string, bigint>()
    for (const o of offsets) base.set(`${o.topic}\u0000${o.partition}`, o.offset)
    const next = new Map<string, bigint>()
    const partitionsOf = (topic: string): number => this.#producer.currentMetadata?.topics.get(topic)?.partitionsCount ?? 1
    return records.map((r, i) => {
      const partition = chosen[i]! % partitionsOf(r.topic)
      const slot = `${r.topic}\u0000${partition}`
      const offset = next.get(slot) ?? base.get(slot) ?? -1n
      next.set(slot, offset + 1n)
      return { topic: r.topic, partition, offset }
    })
  }

  /** ", topic accepts at most N bytes (max.message.bytes)" when the broker says within a few seconds, else "". */
  async #topicLimit (topic: string): Promise<string> {
    const admin = new KafkaAdmin(this.#bootstrapServers, 'sqs-connect-limits')
    let timer: NodeJS.Timeout | undefined
    try {
      const limit = await Promise.race([
        admin.topicMaxMessageBytes(topic),
        new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), 3000) })
      ])
      return limit === undefined ? '' : `; topic ${topic} accepts record batches of at most ${limit} bytes (max.message.bytes)`
    } catch {
      return ''
    } finally {
      clearTimeout(timer)
      await admin.close().catch(() => {})
    }
  }

  /** Closes the connections; idempotent. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#producer.close()
  }
}
