/**
 * What reached Kafka over time: the topic's end offsets sampled every `everyMs` by a consumer of the harness
 * (on the broker's direct listener, so faults on the worker's path do not slow it). Combined with the records
 * read back at the end, each sample tells how many distinct messages were in Kafka at that moment.
 */
import { Consumer } from '@platformatic/kafka'

export interface OffsetSample {
  /** Epoch ms. */
  readonly t: number
  /** End offset of each partition. */
  readonly ends: readonly bigint[]
  /** Their sum: records (and, in transactions, markers) written so far. */
  readonly total: bigint
}

export class ProgressSampler {
  readonly #bootstrap: string
  readonly #topic: string
  readonly #everyMs: number
  readonly #samples: OffsetSample[] = []
  #consumer: Consumer | undefined
  #running = false
  #loop: Promise<void> | undefined

  constructor (bootstrap: string, topic: string, everyMs: number) {
    this.#bootstrap = bootstrap
    this.#topic = topic
    this.#everyMs = everyMs
  }

  get samples (): readonly OffsetSample[] { return this.#samples }
  get latest (): OffsetSample | undefined { return this.#samples.at(-1) }

  start (): void {
    this.#running = true
    this.#loop = this.#run()
  }

  async stop (): Promise<void> {
    this.#running = false
    await this.#loop
    await this.#drop()
  }

  async #drop (): Promise<void> {
    try {
      await this.#consumer?.close(true)
    } catch { /* already broken */ }
    this.#consumer = undefined
  }

  async #run (): Promise<void> {
    while (this.#running) {
      const began = Date.now()
      try {
        this.#consumer ??= new Consumer({ clientId: 'reliability-progress', groupId: 'reliability-progress-unused', bootstrapBrokers: [this.#bootstrap], timeout: 2000, retries: 0 })
        const ends = [...(await this.#consumer.listOffsets({ topics: [this.#topic] })).get(this.#topic) ?? []]
        this.#samples.push({ t: Date.now(), ends, total: ends.reduce((sum, end) => sum + end, 0n) })
      } catch {
        // The broker is down (a fault of the case): start over with a fresh client once it is back.
        await this.#drop()
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.#everyMs - (Date.now() - began))))
    }
  }
}
