/**
 * Time spent in each state since tracking began, for Connect's running-ratio and pause-ratio: the share
 * of the task's life (so far) spent RUNNING or PAUSED, as Connect's StateTracker computes it.
 */
export class StateTimer {
  readonly #now: () => number
  readonly #totals = new Map<string, number>()
  #state: string
  #since: number

  constructor (initial: string, now: () => number = Date.now) {
    this.#now = now
    this.#state = initial
    this.#since = now()
  }

  get state (): string {
    return this.#state
  }

  /** Records a move to `state` now; staying in the same state changes nothing. */
  change (state: string): void {
    if (state === this.#state) return
    const now = this.#now()
    this.#totals.set(this.#state, (this.#totals.get(this.#state) ?? 0) + now - this.#since)
    this.#state = state
    this.#since = now
  }

  /** The fraction (0..1) of the tracked time spent in `state`; 0 before any time has passed. */
  ratio (state: string): number {
    const current = this.#now() - this.#since
    let total = current
    for (const ms of this.#totals.values()) total += ms
    const inState = (this.#totals.get(state) ?? 0) + (state === this.#state ? current : 0)
    return total === 0 ? 0 : inState / total
  }
}
