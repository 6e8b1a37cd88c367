/**
 * Reads a topic as a read_committed consumer does, without a consumer group: every partition from its log
 * start, records of aborted transactions skipped, and catchUp() returns only once every partition was read
 * up to the high watermark seen when it started, which means every transaction open at that moment has
 * been decided (the broker hands a read_committed fetch records only up to the last stable offset).
 * Aborted records are filtered here, across fetches, as Java's consumer does: the client's own filter only
 * sees one response at a time.
 */
import { randomUUID } from 'node:crypto'
import { Connection, Consumer, FetchIsolationLevels, fetchV17, ListOffsetTimestamps } from '@platformatic/kafka'
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import { newPartitionState, readCommittedBatches, type CommittedEntry, type PartitionState } from './committed-batches.ts'

export type { CommittedEntry } from './committed-batches.ts'

const FETCH_MAX_BYTES = 16 * 1024 * 1024

export class CommittedLogReader {
  readonly #consumer: Consumer
  readonly #topic: string
  readonly #clientId: string
  readonly #connections = new Map<number, Connection>()
  #partitions: Map<number, PartitionState> | undefined
  #closed = false

  constructor (bootstrapServers: readonly string[], clientId: string, topic: string) {
    this.#topic = topic
    this.#clientId = clientId
    this.#consumer = new Consumer({
      clientId,
      // Required by the client; the reader never joins the group.
      groupId: `${clientId}-${randomUUID()}`,
      bootstrapBrokers: [...bootstrapServers],
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      timeout: 10_000,
      retries: 3,
      retryDelay: 250
    })
  }

  /**
   * Reads until each partition's position reaches the high watermark it had when this call started,
   * handing every committed record to `onEntry` in offset order per partition. Rejects (retriable) after `timeoutMs`:
   * a transaction left open by a crashed producer holds readers back until transaction.timeout.ms.
   */
  async catchUp (onEntry: (entry: CommittedEntry) => void, timeoutMs: number): Promise<void> {
    const partitions = this.#partitions ?? await this.#start()
    const deadline = Date.now() + timeoutMs
    let targets: Map<number, bigint> | undefined
    for (;;) {
      const behind = targets === undefined ? [...partitions.keys()] : [...partitions].filter(([p, s]) => s.position < (targets?.get(p) ?? 0n)).map(([p]) => p)
      if (behind.length === 0) return
      if (Date.now() > deadline) {
        throw new SqsConnectError(ErrorCodes.KAFKA_UNAVAILABLE,
          `Topic ${this.#topic} could not be read up to date within ${timeoutMs} ms: a transaction still open (often one of a crashed worker, ` +
          'aborted when its task restarts or after transaction.timeout.ms) holds read_committed readers back', { subject: this.#topic, retriable: true })
      }
      const seen = await this.#fetch(partitions, behind, targets === undefined ? 0 : 100, onEntry)
      targets ??= seen
    }
  }

  async #start (): Promise<Map<number, PartitionState>> {
    const offsets = await this.#consumer.listOffsets({ topics: [this.#topic], timestamp: ListOffsetTimestamps.EARLIEST })
    const starts = offsets.get(this.#topic) ?? []
    const partitions = new Map<number, PartitionState>()
    for (const [p, start] of starts.entries()) partitions.set(p, newPartitionState(start))
    this.#partitions = partitions
    return partitions
  }

  /** One fetch per leader of the given partitions; returns each fetched partition's high watermark. */
  async #fetch (partitions: Map<number, PartitionState>, which: number[], maxWaitTime: number, onEntry: (entry: CommittedEntry) => void): Promise<Map<number, bigint>> {
    const metadata = await this.#consumer.metadata({ topics: [this.#topic] })
    const topic = metadata.topics.get(this.#topic)
    if (topic === undefined) throw new SqsConnectError(ErrorCodes.KAFKA_UNAVAILABLE, `Topic ${this.#topic} does not exist`, { subject: this.#topic, retriable: true })
    const byLeader = new Map<number, number[]>()
    for (const p of which) {
      const leader = topic.partitions[p]?.leader ?? -1
      byLeader.set(leader, [...byLeader.get(leader) ?? [], p])
    }
    const watermarks = new Map<number, bigint>()
    await Promise.all([...byLeader].map(async ([node, ps]) => {
      const broker = metadata.brokers.get(node)
      if (broker === undefined) throw new SqsConnectError(ErrorCodes.KAFKA_UNAVAILABLE, `No leader for ${this.#topic} yet`, { subject: this.#topic, retriable: true })
      const request = [{
        topicId: topic.id,
        partitions: ps.map((p) => ({ partition: p, currentLeaderEpoch: -1, fetchOffset: partitions.get(p)?.position ?? 0n, lastFetchedEpoch: -1, partitionMaxBytes: FETCH_MAX_BYTES }))
      }]
      let response: Awaited<ReturnType<typeof fetchV17.api.async>>
      try {
        // The raw Fetch API: the client's consumer filters aborted records one response at a time, and throws on an
        // abort marker whose transaction started in an earlier response.
        const connection = await this.#connection(node, broker)
        response = await fetchV17.api.async(connection, maxWaitTime, 1, FETCH_MAX_BYTES, FetchIsolationLevels.READ_COMMITTED, 0, -1, request, [], '')
      } catch (error) {
        await this.#dropConnection(node)
        throw new SqsConnectError(ErrorCodes.KAFKA_UNAVAILABLE, `Reading ${this.#topic} failed: ${(error as Error).message}`, { subject: this.#topic, retriable: true, cause: error })
      }
      for (const t of response.responses) {
        for (const part of t.partitions) {
          const state = partitions.get(part.partitionIndex)
          if (state === undefined) continue
          watermarks.set(part.partitionIndex, part.highWatermark)
          readCommittedBatches(part.partitionIndex, state, part.abortedTransactions ?? [], part.records ?? [], onEntry)
        }
      }
    }))
    return watermarks
  }

  async #connection (node: number, broker: { host: string, port: number }): Promise<Connection> {
    let connection = this.#connections.get(node)
    if (connection === undefined) {
      connection = new Connection(this.#clientId)
      this.#connections.set(node, connection)
      try {
        await connection.connect(broker.host, broker.port)
      } catch (error) {
        this.#connections.delete(node)
        throw error
      }
    }
    return connection
  }

  async #dropConnection (node: number): Promise<void> {
    const connection = this.#connections.get(node)
    this.#connections.delete(node)
    await connection?.close().catch(() => {})
  }

  /** Closes the connections; idempotent. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const node of [...this.#connections.keys()]) await this.#dropConnection(node)
    await this.#consumer.close(true)
  }
}
