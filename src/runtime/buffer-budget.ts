/**
 * The worker-wide bound on what its source tasks hold between poll and Kafka's acknowledgement
 * (`sqsconnect.worker.buffer.max.bytes`), on top of each task's own bounds. Every task has an account: a record
 * is taken into it once converted and given back when Kafka acknowledges it (or the record is dropped).
 *
 * Rules:
 * - a task that holds nothing always takes its next record, even beyond the budget: no task waits for another
 *   task's acknowledgements (a connector stuck on a refusing topic cannot stop the others), and a record larger
 *   than the whole budget still goes through;
 * - otherwise a record is taken if it fits and no other task waits; if not, the task waits its turn. Waiting
 *   tasks are served in arrival order as acknowledgements make room, so no task starves behind others that poll
 *   again and again.
 * So the worker holds at most the budget plus one record per task.
 */

/** One task's share of the worker's budget. */
export interface TaskBufferAccount {
  /** Bytes this task holds. */
  readonly heldBytes: number
  /** True when the task may poll now: it holds nothing, or the budget has room and no task waits. */
  readonly mayPoll: boolean
  /** Resolves when the task may poll (its turn came and the budget has room, or it holds nothing). */
  roomToPoll: () => Promise<void>
  /** Takes `bytes` for a polled record at once when the rules allow; false when take() has to wait. */
  tryTake: (bytes: number) => boolean
  /** Takes `bytes` for a polled record, waiting for room and for this task's turn. */
  take: (bytes: number) => Promise<void>
  /** Kafka acknowledged (or the task dropped) a record of `bytes`. */
  give: (bytes: number) => void
  /**
   * The task stops or failed: what it holds no longer counts and a wait in progress ends at once; later calls
   * take and wait for nothing (a stopping task drains what it polled, bounded by its own limits); idempotent.
   */
  close: () => void
}

/** What the metrics read of a budget. */
export interface BufferBudgetView {
  readonly maxBytes: number
  readonly heldBytes: number
  /** The most the worker held at once since it started. */
  readonly peakBytes: number
  /** Times a task had to wait for room (to poll, or to take a record it polled). */
  readonly waits: number
}

interface Account {
  held: number
  closed: boolean
}

/** A task waiting: to take `bytes`, or (bytes 0) until the budget is not full, so that it may poll. */
interface Waiter {
  readonly account: Account
  readonly bytes: number
  readonly resolve: () => void
}

export class WorkerBufferBudget implements BufferBudgetView {
  readonly maxBytes: number
  #held = 0
  #peak = 0
  #waits = 0
  readonly #queue: Waiter[] = []

  constructor (maxBytes: number) {
    this.maxBytes = maxBytes
  }

  /** A budget that never makes a task wait (a task run outside a worker). */
  static unbounded (): WorkerBufferBudget {
    return new WorkerBufferBudget(Number.POSITIVE_INFINITY)
  }

  get heldBytes (): number { return this.#held }
  get peakBytes (): number { return this.#peak }
  get waits (): number { return this.#waits }

  /** A new task's account. */
  open (): TaskBufferAccount {
    const account: Account = { held: 0, closed: false }
    const tryTake = (bytes: number): boolean => {
      if (account.closed) return true
      if (account.held > 0 && (this.#queue.length > 0 || !this.#fits(bytes))) return false
      this.#take(account, bytes)
      return true
    }
    const mayPoll = (): boolean => account.closed || account.held === 0 || (this.#queue.length === 0 && this.#fits(0))
    return {
      get heldBytes () { return account.held },
      get mayPoll () { return mayPoll() },
      roomToPoll: async () => { if (!mayPoll()) await this.#wait(account, 0) },
      tryTake,
      take: async (bytes) => { if (!tryTake(bytes)) await this.#wait(account, bytes) },
      give: (bytes) => {
        if (account.closed) return
        this.#give(account, bytes)
      },
      close: () => {
        if (account.closed) return
        account.closed = true
        for (const waiter of this.#queue.filter((w) => w.account === account)) {
          this.#queue.splice(this.#queue.indexOf(waiter), 1)
          waiter.resolve()
        }
        this.#give(account, account.held)
      }
    }
  }

  #fits (bytes: number): boolean {
    return bytes === 0 ? this.#held < this.maxBytes : this.#held + bytes <= this.maxBytes
  }

  #take (account: Account, bytes: number): void {
    account.held += bytes
    this.#held += bytes
    if (this.#held > this.#peak) this.#peak = this.#held
  }

  #give (account: Account, bytes: number): void {
    account.held -= bytes
    this.#held -= bytes
    this.#serve()
  }

  async #wait (account: Account, bytes: number): Promise<void> {
    this.#waits += 1
    await new Promise<void>((resolve) => { this.#queue.push({ account, bytes, resolve }) })
  }

  /** Admits waiters whose task holds nothing, and from the head of the queue those that fit, in arrival order. */
  #serve (): void {
    for (let i = 0; i < this.#queue.length;) {
      const waiter = this.#queue[i]!
      const admitted = waiter.account.held === 0 || (i === 0 && this.#fits(waiter.bytes))
      if (!admitted) { i++; continue }
      this.#queue.splice(i, 1)
      if (waiter.bytes > 0) this.#take(waiter.account, waiter.bytes)
      waiter.resolve()
      // Taking may have filled the budget or emptied a task's slate: look again from the head.
      i = 0
    }
  }
}
