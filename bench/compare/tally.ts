/** Counts what a system delivered: distinct messages by body marker, duplicates, the first delivery, latencies. */
export class Tally {
  readonly #expected: number
  readonly #seen: Uint8Array
  #distinct = 0
  #duplicates = 0
  #unmarked = 0
  #firstAt: number | undefined
  #lastNewAt: number | undefined
  /** [seq, latency ms] of each first delivery. */
  readonly #latencies: Array<[number, number]> = []
  #latencyFrom = 0
  #waiters: Array<{ count: number, resolve: () => void }> = []

  /** `expected`: messages sent with sequence numbers 0 .. expected - 1. */
  constructor (expected: number) {
    this.#expected = expected
    this.#seen = new Uint8Array(expected)
  }

  /** One delivered message; `atMs` is when it became visible (in Kafka, or received by the ceiling). */
  add (marker: { seq: number, sentMs: number } | undefined, atMs: number): void {
    this.#firstAt ??= atMs
    if (marker === undefined || marker.seq >= this.#expected) {
      this.#unmarked++
      return
    }
    if (this.#seen[marker.seq] === 1) {
      this.#duplicates++
      return
    }
    this.#seen[marker.seq] = 1
    this.#distinct++
    this.#lastNewAt = atMs
    this.#latencies.push([marker.seq, atMs - marker.sentMs])
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#distinct < w.count) return true
      w.resolve()
      return false
    })
  }

  /** Only messages from this sequence number on count for latency (earlier ones warmed the system up). */
  measureLatencyFrom (seq: number): void {
    this.#latencyFrom = seq
  }

  /** Resolves once `count` distinct messages arrived. */
  async reach (count: number): Promise<void> {
    if (this.#distinct >= count) return
    await new Promise<void>((resolve) => this.#waiters.push({ count, resolve }))
  }

  get expected (): number { return this.#expected }
  get distinct (): number { return this.#distinct }
  get duplicates (): number { return this.#duplicates }
  /** Records without a marker of this run: another message, garbage, or a system that rewrote the body. */
  get unmarked (): number { return this.#unmarked }
  get firstAt (): number | undefined { return this.#firstAt }
  get lastNewAt (): number | undefined { return this.#lastNewAt }
  /** Latencies of first deliveries with sequence numbers from measureLatencyFrom() on. */
  get latencies (): number[] { return this.#latencies.filter(([seq]) => seq >= this.#latencyFrom).map(([, ms]) => ms) }
  /** Distinct sequence numbers in [from, to) not delivered. */
  missing (from = 0, to = this.#expected): number {
    let n = 0
    for (let i = from; i < to; i++) if (this.#seen[i] !== 1) n++
    return n
  }
}
