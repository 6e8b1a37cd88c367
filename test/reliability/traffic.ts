/**
 * A steady stream into SQS: `ratePerS` messages a second in batches, straight to ElasticMQ (never through a
 * fault proxy), each MessageId recorded with the time SQS confirmed it. Bodies are a pure function of their
 * index, so a record's body can be checked against what was sent.
 */
import { createHash } from 'node:crypto'
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs'

export interface SentMessage {
  readonly id: string
  readonly index: number
  /** Epoch ms at which SQS confirmed the send. */
  readonly at: number
}

export interface TrafficOptions {
  readonly ratePerS: number
  /** Body length in characters (ASCII, so also in bytes); at least the prefix `<label> <index> `. */
  readonly bodyBytes: number
  /** A word in every body (the case id). */
  readonly label: string
  /** Batches in flight at once (default 4). */
  readonly concurrency?: number
}

/** SQS refuses a batch above 1 MiB in total (and ElasticMQ's strict limits do too). */
const MAX_BATCH_BYTES = 1024 * 1024

/** The body of message `index`: its label and index, padded with filler derived from both. */
export function bodyOf (label: string, index: number, bytes: number): string {
  const prefix = `${label} ${index} `
  if (prefix.length >= bytes) return prefix
  const seed = createHash('sha256').update(prefix).digest('hex')
  return prefix + seed.repeat(Math.ceil((bytes - prefix.length) / seed.length)).slice(0, bytes - prefix.length)
}

/** The index in a body made by bodyOf, or undefined when the body is not one. */
export function indexOfBody (label: string, body: string): number | undefined {
  const match = new RegExp(`^${label} (\\d+) `).exec(body)
  return match === null ? undefined : Number(match[1])
}

export class SteadyTraffic {
  readonly #sqs: SQSClient
  readonly #queueUrl: string
  readonly #o: TrafficOptions
  readonly #sent: SentMessage[] = []
  readonly #batch: number
  #next = 0
  #began = 0
  #stopping = false
  #lanes: Promise<void>[] = []
  #failedSends = 0

  constructor (sqs: SQSClient, queueUrl: string, options: TrafficOptions) {
    this.#sqs = sqs
    this.#queueUrl = queueUrl
    this.#o = options
    this.#batch = Math.max(1, Math.min(10, Math.floor(MAX_BATCH_BYTES / Math.max(1, options.bodyBytes + 64))))
  }

  get sent (): readonly SentMessage[] { return this.#sent }
  /** Send calls that failed and were retried (the sender talks to ElasticMQ directly, so none are expected). */
  get failedSends (): number { return this.#failedSends }

  /** Messages SQS had confirmed by `t` (epoch ms). */
  sentBy (t: number): number {
    let n = 0
    for (const m of this.#sent) if (m.at <= t) n += 1
    return n
  }

  start (): void {
    this.#began = Date.now()
    this.#lanes = Array.from({ length: this.#o.concurrency ?? 4 }, async () => await this.#lane())
  }

  /** Stops after the batches in flight; resolves with everything sent. */
  async stop (): Promise<readonly SentMessage[]> {
    this.#stopping = true
    await Promise.all(this.#lanes)
    return this.#sent
  }

  async #lane (): Promise<void> {
    while (!this.#stopping) {
      const start = this.#next
      // The batch is due once the schedule reaches its last message.
      const dueAt = this.#began + ((start + this.#batch) * 1000) / this.#o.ratePerS
      const wait = dueAt - Date.now()
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 200)))
        continue
      }
      this.#next += this.#batch
      await this.#send(start)
    }
  }

  async #send (start: number): Promise<void> {
    const entries: SendMessageBatchRequestEntry[] = []
    for (let i = start; i < start + this.#batch; i++) entries.push({ Id: `m${i}`, MessageBody: bodyOf(this.#o.label, i, this.#o.bodyBytes) })
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await this.#sqs.send(new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: entries }))
        if ((reply.Failed ?? []).length > 0) throw new Error(`SendMessageBatch failed: ${JSON.stringify(reply.Failed)}`)
        const at = Date.now()
        for (const s of reply.Successful ?? []) this.#sent.push({ id: s.MessageId ?? '', index: Number((s.Id ?? 'm-1').slice(1)), at })
        return
      } catch (error) {
        this.#failedSends += 1
        if (attempt >= 5) throw error
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
      }
    }
  }
}
