/**
 * Kafka's sampled statistics, kept simple: values recorded into a ring of `samples` windows of
 * `windowMs` each (Kafka's defaults: 2 × 30 s). A window older than samples × windowMs is forgotten.
 * rate(), avg() and max() read what the live windows hold, with Kafka's rules: avg and max of no
 * values are NaN; a rate divides by the elapsed time of the windows, at least (samples - 1) full windows.
 */

export const DEFAULT_SAMPLES = 2
export const DEFAULT_WINDOW_MS = 30_000

interface Sample {
  /** When this window started (ms). */
  start: number
  count: number
  sum: number
  max: number
}

export interface SampledStatOptions {
  readonly samples?: number
  readonly windowMs?: number
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number
}

export class SampledStat {
  readonly #samples: number
  readonly #windowMs: number
  readonly #now: () => number
  readonly #ring: Sample[] = []
  #current = 0

  constructor (options: SampledStatOptions = {}) {
    this.#samples = Math.max(1, options.samples ?? DEFAULT_SAMPLES)
    this.#windowMs = Math.max(1, options.windowMs ?? DEFAULT_WINDOW_MS)
    this.#now = options.now ?? Date.now
  }

  /** Adds one value (e.g. a batch size, a duration in ms) to the current window. */
  record (value: number): void {
    const now = this.#now()
    let sample = this.#ring[this.#current]
    if (sample === undefined) {
      sample = emptySample(now)
      this.#ring[this.#current] = sample
    } else if (now - sample.start >= this.#windowMs) {
      this.#current = (this.#current + 1) % this.#samples
      sample = emptySample(now)
      this.#ring[this.#current] = sample
    }
    sample.count += 1
    sample.sum += value
    sample.max = Math.max(sample.max, value)
  }

  /** Values recorded in the live windows. */
  count (): number {
    return this.#live().reduce((n, s) => n + s.count, 0)
  }

  /** Sum of the values in the live windows. */
  sum (): number {
    return this.#live().reduce((n, s) => n + s.sum, 0)
  }

  /** Mean of the values in the live windows; NaN when there are none. */
  avg (): number {
    const count = this.count()
    return count === 0 ? Number.NaN : this.sum() / count
  }

  /** Largest value in the live windows; NaN when there are none. */
  max (): number {
    const live = this.#live().filter((s) => s.count > 0)
    return live.length === 0 ? Number.NaN : Math.max(...live.map((s) => s.max))
  }

  /** Sum of the values per second over the live windows (Kafka's Rate with a sum). */
  rate (): number {
    const now = this.#now()
    const live = this.#live()
    const oldest = live.length === 0 ? now : Math.min(...live.map((s) => s.start))
    let elapsed = now - oldest
    const fullWindows = Math.floor(elapsed / this.#windowMs)
    if (fullWindows < this.#samples - 1) elapsed += (this.#samples - 1 - fullWindows) * this.#windowMs
    return this.sum() / (Math.max(elapsed, 1) / 1000)
  }

  /** Windows not yet expired. */
  #live (): Sample[] {
    const now = this.#now()
    const expireAfter = this.#samples * this.#windowMs
    return this.#ring.filter((s) => now - s.start < expireAfter)
  }
}

function emptySample (start: number): Sample {
  return { start, count: 0, sum: 0, max: Number.NEGATIVE_INFINITY }
}
