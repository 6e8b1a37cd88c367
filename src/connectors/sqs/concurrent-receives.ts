/**
 * Up to N ReceiveMessage long polls outstanding for one task, their messages handed out in completion order.
 * New receives start only inside next(), which the runtime calls only while it has room for more records, so
 * receives never run ahead of back-pressure: besides what the runtime holds, at most N-1 finished receives
 * (N-1 times sqs.messages.max messages) wait here.
 */
import type { Message } from '@aws-sdk/client-sqs'

/** The messages of one finished receive and when it finished (ms since the epoch): the visibility timeout runs from then. */
export interface ReceivedBatch {
  readonly messages: Message[]
  readonly receivedAt: number
}

interface Outstanding {
  readonly id: number
  readonly result: Promise<{ readonly id: number, readonly batch: ReceivedBatch } | { readonly id: number, readonly error: unknown }>
}

export class ConcurrentReceives {
  readonly #receive: () => Promise<Message[]>
  readonly #concurrency: number
  readonly #outstanding = new Map<number, Outstanding>()
  #nextId = 0

  /** `receive` is one long poll (retried by its own policy, aborted by the task's signal). */
  constructor (receive: () => Promise<Message[]>, concurrency: number) {
    this.#receive = receive
    this.#concurrency = Math.max(1, concurrency)
  }

  /**
   * Tops up to N outstanding receives, then resolves with the messages of the first to finish and when it
   * finished, which can be well before next() is called (its messages waited here); rethrows its error.
   */
  async next (): Promise<ReceivedBatch> {
    while (this.#outstanding.size < this.#concurrency) this.#start()
    const done = await Promise.race([...this.#outstanding.values()].map((o) => o.result))
    this.#outstanding.delete(done.id)
    if ('error' in done) throw done.error
    return done.batch
  }

  /** Receives still running or finished and not yet handed out. */
  get outstanding (): number {
    return this.#outstanding.size
  }

  /** Waits for every outstanding receive to settle and returns their messages (for release on close); failures count as none. */
  async collect (): Promise<Message[]> {
    const results = await Promise.all([...this.#outstanding.values()].map((o) => o.result))
    this.#outstanding.clear()
    return results.flatMap((r) => ('batch' in r ? r.batch.messages : []))
  }

  /** Waits for every outstanding receive to settle (after the task's signal aborted them); their messages are dropped. */
  async settle (): Promise<void> {
    await Promise.all([...this.#outstanding.values()].map((o) => o.result))
    this.#outstanding.clear()
  }

  #start (): void {
    const id = this.#nextId++
    // Settled into a value at once, so a receive failing while no one awaits it is never an unhandled rejection.
    const result = this.#receive().then((messages) => ({ id, batch: { messages, receivedAt: Date.now() } }), (error: unknown) => ({ id, error }))
    this.#outstanding.set(id, { id, result })
  }
}
