/**
 * The RecordSender of exactly-once mode. Each send() is one Kafka transaction holding the batch's new records,
 * one marker per record (key: the record's source identity) in the connector's marker topic, and tombstones
 * for markers whose messages are now deleted. Before it, the marker topic is read up to date: a record whose
 * identity already has a marker is in Kafka already (written before a crash, a lost receipt handle or an SQS
 * duplicate), so it is acknowledged with null metadata (the task deletes its message) and not written again.
 */
import type { SourceRecord } from '../../connect/data/source-record.ts'
import type { OutgoingRecord, WrittenRecord } from '../../kafka/producer.ts'
import type { Logger } from '../logging.ts'
import type { CrashPoints } from './crash-points.ts'
import type { MarkerStore } from './marker-store.ts'
import { sourceIdentity } from './source-identity.ts'

/** The transactional producer: one send() is one transaction. */
export interface TransactionalSender {
  /** Fences older producers of the transactional.id and aborts what they left open. */
  initTransactions (): Promise<void>
  send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]>
  close (): Promise<void>
}

export interface ExactlyOnceSenderOptions {
  readonly producer: TransactionalSender
  readonly store: MarkerStore
  readonly transactionalId: string
  /** SourceTask.released, when the task has it: when a record's message is deleted, its marker can go. */
  readonly released?: ((record: SourceRecord) => Promise<boolean>) | undefined
  readonly crashPoints: CrashPoints
  readonly logger: Logger
  /** How often tombstones due while no records flow are written in a transaction of their own. */
  readonly tombstoneIntervalMs?: number
}

export class ExactlyOnceSender {
  readonly #o: ExactlyOnceSenderOptions
  /** Identities whose messages were deleted: their markers are removed in the next transaction. */
  readonly #dueTombstones = new Set<string>()
  /** Transactions of this task one after the other (sends and tombstone flushes). */
  #chain: Promise<unknown> = Promise.resolve()
  readonly #timer: NodeJS.Timeout
  /** initTransactions() at once, so a restarted task aborts its predecessor's open transaction before anyone waits on it. */
  #ready: Promise<void>
  #closed = false
  /** Records recognised as already in Kafka and not written again. */
  duplicatesSkipped = 0

  constructor (options: ExactlyOnceSenderOptions) {
    this.#o = options
    this.#ready = options.producer.initTransactions()
    this.#ready.catch(() => {})
    this.#timer = setInterval(() => { void this.#flushTombstones() }, options.tombstoneIntervalMs ?? 1000)
    this.#timer.unref()
  }

  /** Positions of the records written, null for those already in Kafka (acknowledge them without metadata). */
  async send (records: readonly OutgoingRecord[], sources?: readonly SourceRecord[]): Promise<Array<WrittenRecord | null>> {
    if (sources === undefined || sources.length !== records.length) throw new Error('ExactlyOnceSender.send needs the source record of every record')
    return await this.#serially(async () => await this.#transaction(records, sources))
  }

  async #serially<T> (work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(work, work)
    this.#chain = result.catch(() => {})
    return await result
  }

  async #transaction (records: readonly OutgoingRecord[], sources: readonly SourceRecord[]): Promise<Array<WrittenRecord | null>> {
    const { store, crashPoints } = this.#o
    const identities = sources.map(sourceIdentity)
    try {
      await this.#ready
    } catch (error) {
      // Tried again with the next attempt (a retriable failure), unless it is final.
      this.#ready = this.#o.producer.initTransactions()
      this.#ready.catch(() => {})
      throw error
    }
    const release = await store.claim(identities)
    const tombstones = [...this.#dueTombstones]
    try {
      await store.upToDate()
      crashPoints.hit('before-produce')
      const fresh: number[] = []
      const seen = new Set<string>()
      for (const [i, identity] of identities.entries()) {
        if (!store.has(identity) && !seen.has(identity)) fresh.push(i)
        seen.add(identity)
      }
      const freshIds = fresh.map((i) => identities[i]!)
      // A marker written in this transaction must not be removed by a tombstone in it.
      const removing = tombstones.filter((id) => !seen.has(id))
      for (const id of tombstones) this.#dueTombstones.delete(id)
      let written: WrittenRecord[] = []
      if (fresh.length > 0 || removing.length > 0) {
        written = await this.#o.producer.send([
          ...fresh.map((i) => records[i]!),
          ...freshIds.map((id) => this.#marker(id)),
          ...removing.map((id) => this.#tombstone(id))
        ])
        store.committed(freshIds, removing)
      }
      crashPoints.hit('after-commit')
      const skipped = identities.length - fresh.length
      if (skipped > 0) {
        this.duplicatesSkipped += skipped
        this.#o.logger.info({ skipped, transactionalId: this.#o.transactionalId }, 'Messages already in Kafka (a marker exists) are deleted from SQS without being written again')
      }
      this.#watchReleases(sources, identities)
      const at = new Map(fresh.map((i, k) => [i, written[k]!]))
      return identities.map((_, i) => at.get(i) ?? null)
    } catch (error) {
      for (const id of tombstones) this.#dueTombstones.add(id)
      throw error
    } finally {
      release()
    }
  }

  /** Once a record's message is deleted, its marker is due for removal (in the next transaction). */
  #watchReleases (sources: readonly SourceRecord[], identities: readonly string[]): void {
    const released = this.#o.released
    if (released === undefined) return
    let first = true
    for (const [i, record] of sources.entries()) {
      void released(record).then((deleted) => {
        if (first) {
          first = false
          this.#o.crashPoints.hit('during-delete')
        }
        if (deleted && !this.#closed) this.#dueTombstones.add(identities[i]!)
      })
    }
  }

  #marker (identity: string): OutgoingRecord {
    const value = JSON.stringify({ transactionalId: this.#o.transactionalId, writtenAt: Date.now() })
    return { topic: this.#o.store.topic, partition: 0, key: Buffer.from(identity, 'utf8'), value: Buffer.from(value, 'utf8'), headers: [] }
  }

  #tombstone (identity: string): OutgoingRecord {
    return { topic: this.#o.store.topic, partition: 0, key: Buffer.from(identity, 'utf8'), value: null, headers: [] }
  }

  /** Writes due tombstones when no records came along to carry them. */
  async #flushTombstones (): Promise<void> {
    if (this.#closed || this.#dueTombstones.size === 0) return
    await this.#serially(async () => {
      const tombstones = [...this.#dueTombstones]
      if (tombstones.length === 0 || this.#closed) return
      for (const id of tombstones) this.#dueTombstones.delete(id)
      try {
        await this.#o.producer.send(tombstones.map((id) => this.#tombstone(id)))
        this.#o.store.committed([], tombstones)
      } catch (error) {
        for (const id of tombstones) this.#dueTombstones.add(id)
        this.#o.logger.debug({ err: error }, 'Writing marker tombstones failed; they are tried again with the next transaction')
      }
    }).catch(() => {})
  }

  /** Writes the tombstones already due (best effort), then closes the producer; idempotent. */
  async close (): Promise<void> {
    if (this.#closed) return
    clearInterval(this.#timer)
    await this.#flushTombstones()
    this.#closed = true
    await this.#chain.catch(() => {})
    await this.#o.producer.close()
  }
}
