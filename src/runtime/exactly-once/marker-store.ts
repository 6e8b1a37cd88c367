/**
 * One connector's exactly-once markers in this process: the compacted marker topic read up to date
 * (read_committed), the set of identities that have a marker, and claims that keep two tasks of this
 * process from writing the same message at once. Shared by the connector's tasks.
 */
import { KafkaAdmin } from '../../kafka/admin.ts'
import { CommittedLogReader, type CommittedEntry } from '../../kafka/committed-log-reader.ts'
import type { Logger } from '../logging.ts'

/** Longer than SQS's longest retention (14 days): a marker older than that can have no message left to guard. */
const MARKER_RETENTION_MS = 15 * 24 * 3600 * 1000

export interface MarkerStoreOptions {
  readonly bootstrapServers: readonly string[]
  readonly topic: string
  readonly replicationFactor: number
  readonly clientId: string
  readonly catchUpTimeoutMs: number
  readonly logger: Logger
}

export class MarkerStore {
  readonly #o: MarkerStoreOptions
  readonly #reader: CommittedLogReader
  readonly #marked = new Set<string>()
  readonly #claims = new Map<string, Promise<void>>()
  /** The catch-up running now, and the one queued behind it for callers that arrived meanwhile. */
  #running: Promise<void> | undefined
  #queued: Promise<void> | undefined
  #opened: Promise<void> | undefined
  #closed = false

  constructor (options: MarkerStoreOptions) {
    this.#o = options
    this.#reader = new CommittedLogReader(options.bootstrapServers, options.clientId, options.topic)
  }

  get topic (): string { return this.#o.topic }
  /** Identities with a marker, as far as this process has read. */
  get size (): number { return this.#marked.size }

  /** Creates the marker topic when missing (compacted, one partition); idempotent. */
  async open (): Promise<void> {
    this.#opened ??= (async () => {
      const admin = new KafkaAdmin(this.#o.bootstrapServers, `${this.#o.clientId}-admin`)
      try {
        await admin.ensureTopic({
          name: this.#o.topic,
          partitions: 1,
          replicationFactor: this.#o.replicationFactor,
          configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': String(MARKER_RETENTION_MS) }
        })
      } finally {
        await admin.close()
      }
    })()
    await this.#opened
  }

  has (identity: string): boolean {
    return this.#marked.has(identity)
  }

  /**
   * Resolves once every marker committed before this call, by any task of any worker, is known here, and every
   * transaction open at that moment is decided. Concurrent callers share the reads.
   */
  async upToDate (): Promise<void> {
    await this.open()
    if (this.#running === undefined) {
      this.#running = this.#catchUp().finally(() => { this.#running = undefined })
      return await this.#running
    }
    // A read that started before this call may miss what was committed just before it: wait for the next one.
    this.#queued ??= this.#running.catch(() => {}).then(async () => {
      this.#queued = undefined
      return await this.upToDate()
    })
    return await this.#queued
  }

  async #catchUp (): Promise<void> {
    await this.#reader.catchUp((entry) => this.#apply(entry), this.#o.catchUpTimeoutMs)
  }

  #apply (entry: CommittedEntry): void {
    if (entry.key === null) return
    const identity = entry.key.toString('utf8')
    if (entry.value === null) this.#marked.delete(identity)
    else this.#marked.add(identity)
  }

  /** What this process itself committed, known at once (the reader sees it again later; applying twice is harmless). */
  committed (markers: readonly string[], tombstones: readonly string[]): void {
    for (const identity of markers) this.#marked.add(identity)
    for (const identity of tombstones) this.#marked.delete(identity)
  }

  /**
   * Claims the identities for one transaction of one task; waits first for other tasks of this process that
   * hold any of them. Returns the release function.
   */
  async claim (identities: readonly string[]): Promise<() => void> {
    const wanted = [...new Set(identities)]
    for (;;) {
      const held = wanted.map((id) => this.#claims.get(id)).filter((p): p is Promise<void> => p !== undefined)
      if (held.length === 0) break
      await Promise.all(held)
    }
    let release: () => void = () => {}
    const done = new Promise<void>((resolve) => { release = resolve })
    for (const id of wanted) this.#claims.set(id, done)
    return () => {
      for (const id of wanted) if (this.#claims.get(id) === done) this.#claims.delete(id)
      release()
    }
  }

  /** Closes the reader; idempotent. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#reader.close().catch((error: unknown) => this.#o.logger.warn({ err: error }, 'Closing the marker reader failed'))
  }
}
