/**
 * Up to N ReceiveMessage long polls outstanding for one task, their messages handed out in completion order.
 * New receives start only inside next(), which the runtime calls only while it has room for more records, so
 * receives never run ahead of back-pressure. Besides that, new receives start only while the bytes this task may
 * soon hold here stay below `aheadBytes`: the bodies of finished receives not yet handed out, plus, for each
 * receive still running, as much as the last receive returned. With small messages that never limits the N
 * receives; with large ones fewer run, so a busy runtime does not leave N × 10 large messages waiting here.
 * One receive always runs when nothing waits.
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
  /** Body bytes of its messages once it finished; undefined while it runs. */
  finishedBytes: number | undefined
}

/** Default of `aheadBytes`: 1 MiB per task; 10 messages of 1 KiB never reach it, 10 of 64 KiB allow two receives. */
export const RECEIVED_AHEAD_BYTES = 1024 * 1024

export class ConcurrentReceives {
  readonly #receive: () => Promise<Message[]>
  readonly #concurrency: number
  readonly #aheadBytes: number
  readonly #outstanding = new Map<number, Outstanding>()
  #nextId = 0
  /** Body bytes the last finished receive returned: what one still running is expected to return. */
  #lastBytes = 0

  /** `receive` is one long poll (retried by its own policy, aborted by the task's signal). */
  constructor (receive: () => Promise<Message[]>, concurrency: number, aheadBytes = RECEIVED_AHEAD_BYTES) {
    this.#receive = receive
    this.#concurrency = Math.max(1, concurrency)
    this.#aheadBytes = aheadBytes
  }

  /**
   * Tops up to N outstanding receives, then resolves with the messages of the first to finish and when it
   * finished, which can be well before next() is called (its messages waited here); rethrows its error.
   */
  async next (): Promise<ReceivedBatch> {
    while (this.#outstanding.size < this.#concurrency && (this.#outstanding.size === 0 || this.#expectedBytes() < this.#aheadBytes)) this.#start()
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

  /** What the receives here hold or are expected to: finished ones by their bodies, running ones by the last. */
  #expectedBytes (): number {
    let bytes = 0
    for (const o of this.#outstanding.values()) bytes += o.finishedBytes ?? this.#lastBytes
    return bytes
  }

  #start (): void {
    const id = this.#nextId++
    // Settled into a value at once, so a receive failing while no one awaits it is never an unhandled rejection.
    const result = this.#receive().then((messages) => {
      const bytes = bodyBytes(messages)
      this.#lastBytes = bytes
      const o = this.#outstanding.get(id)
      if (o !== undefined) o.finishedBytes = bytes
      return { id, batch: { messages, receivedAt: Date.now() } }
    }, (error: unknown) => ({ id, error }))
    this.#outstanding.set(id, { id, result, finishedBytes: undefined })
  }
}

/** The bodies' length, which is what a batch costs in memory (attributes are small beside large bodies). */
function bodyBytes (messages: readonly Message[]): number {
  let bytes = 0
  for (const m of messages) bytes += m.Body?.length ?? 0
  return bytes
}
