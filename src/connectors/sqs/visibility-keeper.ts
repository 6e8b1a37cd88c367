/**
 * Visibility management for the messages a task holds (received, not yet acknowledged by Kafka):
 * - heartbeat: once half of a message's visibility timeout has passed, extends it by the full timeout
 *   (ChangeMessageVisibilityBatch, up to 10 per call, coalesced), so a slow Kafka does not make SQS deliver it again;
 * - release: when the task stops or fails, makes them visible again at once (timeout 0, in receive order),
 *   so they come back promptly instead of after the timeout.
 * A receipt handle SQS refuses (expired, or the message was delivered again) is counted: the message may come
 * back as a duplicate, never a loss. Without sqs:ChangeMessageVisibility both log once and stand down.
 */
import type { ChangeMessageVisibilityBatchResult } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import type { SqsHotPath } from './hot-path.ts'
import type { InFlightMessage } from './in-flight.ts'
import type { RetryPolicy } from './retry-policy.ts'
import { classifySqsError, describeSqsError, type SqsCallContext } from './sqs-errors.ts'
import { SqsMetrics } from './sqs-metrics.ts'

const BATCH_LIMIT = 10
/** ChangeMessageVisibilityBatch calls one heartbeat round keeps in flight. */
const HEARTBEAT_CONCURRENCY = 4
const OPERATION = 'ChangeMessageVisibilityBatch'
/** SQS refuses to keep a message hidden longer than 12 hours after its receive. */
const MAX_HIDDEN_SECONDS = 43_200

export interface VisibilityKeeperOptions {
  /** The client of the call (sqs.client). */
  readonly sqs: SqsHotPath
  readonly queueUrl: string
  readonly logger: PluginLogger
  /** Retries of one call; keep its time budget well under the timeout, a heartbeat retried too long is useless. */
  readonly retryPolicy: RetryPolicy
  readonly context: SqsCallContext
  /** The visibility timeout the messages were received with, in seconds. */
  readonly timeoutSeconds: number
  /** The messages in flight, oldest receive first. */
  readonly inFlight: () => readonly InFlightMessage[]
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number
  /** How often due heartbeats are looked for; default a sixth of the timeout, between 200 ms and 5 s. */
  readonly tickMs?: number
  /** Extensions, releases and their failures are counted here too. */
  readonly metrics?: SqsMetrics
  /** Calls one heartbeat round keeps in flight; default 4. */
  readonly heartbeatConcurrency?: number
}

export interface VisibilityCounts {
  /** Messages whose visibility timeout a heartbeat extended (one count per extension). */
  extended: number
  /** Messages whose receipt handle SQS refused (expired, or delivered again): they may come back as duplicates. */
  expired: number
  /** Messages made visible again on stop or failure. */
  released: number
  /** Messages that could not be released in time or were refused: they come back after their visibility timeout. */
  notReleased: number
}

export class VisibilityKeeper {
  readonly #o: VisibilityKeeperOptions
  readonly #now: () => number
  readonly #metrics: SqsMetrics
  readonly counts: VisibilityCounts = { extended: 0, expired: 0, released: 0, notReleased: 0 }
  /** When each message becomes visible again (receipt handle → ms), once a heartbeat moved it. */
  #visibleUntil = new Map<string, number>()
  /** Receipt handles SQS refused; no more heartbeats for them. */
  #refused = new Set<string>()
  #timer: NodeJS.Timeout | undefined
  #ticking: Promise<void> | undefined
  #heartbeatDenied = false
  #releaseDenied = false
  readonly #abort = new AbortController()

  constructor (options: VisibilityKeeperOptions) {
    this.#o = options
    this.#now = options.now ?? Date.now
    this.#metrics = options.metrics ?? new SqsMetrics()
  }

  /** Starts the heartbeat timer (it never keeps the process alive). */
  start (): void {
    if (this.#timer !== undefined || this.#o.timeoutSeconds <= 0 || this.#abort.signal.aborted) return
    const tickMs = this.#o.tickMs ?? Math.min(5000, Math.max(200, this.#o.timeoutSeconds * 1000 / 6))
    this.#timer = setInterval(() => { void this.tick() }, tickMs)
    this.#timer.unref()
  }

  /** Stops the heartbeats and ends a heartbeat call in flight; idempotent. */
  stop (): void {
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#abort.abort()
  }

  get heartbeatActive (): boolean {
    return this.#timer !== undefined && !this.#heartbeatDenied
  }

  /** The messages whose heartbeat is due at `now` (half of their timeout passed), oldest receive first. */
  due (now: number): InFlightMessage[] {
    const timeoutMs = this.#o.timeoutSeconds * 1000
    return this.#o.inFlight().filter((message) => {
      if (this.#refused.has(message.receiptHandle)) return false
      const visibleUntil = this.#visibleUntil.get(message.receiptHandle) ?? message.receivedAt + timeoutMs
      return now >= visibleUntil - timeoutMs / 2
    })
  }

  /** One heartbeat round: extends every due message; a round still running is joined, not doubled. */
  async tick (): Promise<void> {
    if (this.#ticking !== undefined) return await this.#ticking
    this.#ticking = this.#heartbeat().finally(() => { this.#ticking = undefined })
    await this.#ticking
  }

  async #heartbeat (): Promise<void> {
    if (this.#heartbeatDenied || this.#abort.signal.aborted || this.#o.timeoutSeconds <= 0) return
    this.#forgetAcknowledged()
    const due = this.#due(this.#now())
    const batches: InFlightMessage[][] = []
    for (let start = 0; start < due.length; start += BATCH_LIMIT) batches.push(due.slice(start, start + BATCH_LIMIT))
    // Several calls at once: a task holding thousands of messages (Kafka down) must extend them all within half a timeout.
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < batches.length && !this.#heartbeatDenied && !this.#abort.signal.aborted) await this.#extend(batches[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(batches.length, this.#o.heartbeatConcurrency ?? HEARTBEAT_CONCURRENCY) }, lane))
  }

  /** One ChangeMessageVisibilityBatch call of a heartbeat round. */
  async #extend (batch: readonly InFlightMessage[]): Promise<void> {
    const sentAt = this.#now()
    const seconds = batch.map((message) => this.#extension(message, sentAt))
    let reply: ChangeMessageVisibilityBatchResult
    try {
      reply = await this.#change(batch, seconds, this.#abort.signal)
    } catch (error) {
      if (this.#abort.signal.aborted || this.#heartbeatDenied) return
      if (isAccessDenied(error)) {
        this.#heartbeatDenied = true
        this.#o.logger.warn({ err: error, queueUrl: this.#o.queueUrl },
          `Visibility heartbeats are off: grant sqs:ChangeMessageVisibility on this queue to the connector's AWS identity ` +
          `(credentials from ${this.#o.context.credentialsSource}). Until then, a message Kafka takes longer than ` +
          `${this.#o.timeoutSeconds} s to acknowledge is delivered again (a duplicate)`)
        return
      }
      // Tried again at the next tick, while the messages are still hidden.
      this.#metrics.extensionFailed(batch.length)
      this.#o.logger.warn({ err: describeSqsError(error, this.#o.context), count: batch.length }, 'Visibility heartbeat failed; will try again')
      return
    }
    for (const ok of reply.Successful ?? []) {
      const i = Number(ok.Id)
      const message = batch[i]
      if (message === undefined) continue
      this.counts.extended += 1
      this.#metrics.extended(1)
      this.#visibleUntil.set(message.receiptHandle, sentAt + (seconds[i] ?? 0) * 1000)
    }
    for (const failed of reply.Failed ?? []) {
      const message = batch[Number(failed.Id)]
      if (message === undefined || failed.SenderFault !== true) continue
      this.#refuse(message, `${failed.Code ?? 'error'}: ${failed.Message ?? ''}`)
    }
  }

  /** Due messages that can still be hidden longer (SQS's 12 hour limit). */
  #due (now: number): InFlightMessage[] {
    return this.due(now).filter((message) => {
      if (this.#extension(message, now) > 0) return true
      this.#refuse(message, 'hidden for 12 hours, the most SQS allows')
      return false
    })
  }

  /** The full timeout, or less when it would pass 12 hours since the receive. */
  #extension (message: InFlightMessage, now: number): number {
    const left = MAX_HIDDEN_SECONDS - Math.ceil((now - message.receivedAt) / 1000) - 1
    return Math.min(this.#o.timeoutSeconds, left)
  }

  #refuse (message: InFlightMessage, reason: string): void {
    this.#refused.add(message.receiptHandle)
    this.counts.expired += 1
    this.#metrics.extensionFailed(1)
    this.#o.logger.warn({ messageId: message.messageId, reason },
      'SQS would not extend the visibility of a message Kafka has not acknowledged yet; it may be delivered again (a duplicate, not a loss)')
  }

  /** Drops what is known about messages no longer in flight. */
  #forgetAcknowledged (): void {
    const handles = new Set(this.#o.inFlight().map((message) => message.receiptHandle))
    for (const handle of this.#visibleUntil.keys()) if (!handles.has(handle)) this.#visibleUntil.delete(handle)
    for (const handle of this.#refused) if (!handles.has(handle)) this.#refused.delete(handle)
  }

  /**
   * Stops the heartbeats, then makes every message still in flight visible again at once, oldest receive
   * first, batch after batch, within `budgetMs` (or `held`, e.g. messages received after the task stopped). Best effort: what is not released comes back after its timeout.
   */
  async release (budgetMs: number, held: readonly InFlightMessage[] = this.#o.inFlight()): Promise<void> {
    this.stop()
    await this.#ticking
    const messages = held.filter((message) => !this.#refused.has(message.receiptHandle))
    if (messages.length === 0) return
    // A plain timer, not AbortSignal.timeout(): the release is short and must not be cut off by the event loop running dry.
    const deadline = new AbortController()
    const timer = setTimeout(() => { deadline.abort(new Error(`release took longer than ${budgetMs} ms`)) }, Math.max(1, budgetMs))
    try {
      await this.#releaseInBatches(messages, deadline.signal, budgetMs)
    } finally {
      clearTimeout(timer)
    }
  }

  async #releaseInBatches (messages: readonly InFlightMessage[], signal: AbortSignal, budgetMs: number): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH_LIMIT) {
      const batch = messages.slice(start, start + BATCH_LIMIT)
      if (this.#releaseDenied || signal.aborted) {
        this.counts.notReleased += batch.length
        this.#metrics.releaseFailed(batch.length)
        continue
      }
      try {
        const reply = await this.#change(batch, batch.map(() => 0), signal)
        this.counts.released += reply.Successful?.length ?? 0
        this.counts.notReleased += reply.Failed?.length ?? 0
        this.#metrics.released(reply.Successful?.length ?? 0)
        this.#metrics.releaseFailed(reply.Failed?.length ?? 0)
      } catch (error) {
        this.counts.notReleased += batch.length
        this.#metrics.releaseFailed(batch.length)
        if (isAccessDenied(error)) {
          this.#releaseDenied = true
          this.#o.logger.warn({ err: error, queueUrl: this.#o.queueUrl },
            'Messages not acknowledged by Kafka cannot be released at once: grant sqs:ChangeMessageVisibility on this queue to the connector\'s ' +
            `AWS identity (credentials from ${this.#o.context.credentialsSource}); they come back after their visibility timeout`)
        } else if (!signal.aborted) {
          this.#o.logger.warn({ err: describeSqsError(error, this.#o.context), count: batch.length }, 'Releasing messages failed; they come back after their visibility timeout')
        }
      }
    }
    if (signal.aborted && this.counts.notReleased > 0) {
      this.#o.logger.warn({ budgetMs, notReleased: this.counts.notReleased }, 'Releasing messages did not finish in time; the rest come back after their visibility timeout')
    }
  }

  async #change (batch: readonly InFlightMessage[], seconds: readonly number[], signal: AbortSignal): Promise<ChangeMessageVisibilityBatchResult> {
    const { sqs, queueUrl, context, logger } = this.#o
    return await this.#o.retryPolicy.run((abortSignal) => sqs.changeMessageVisibilityBatch({
      QueueUrl: queueUrl,
      Entries: batch.map((message, i) => ({ Id: String(i), ReceiptHandle: message.receiptHandle, VisibilityTimeout: seconds[i] ?? 0 }))
    }, abortSignal), {
      operation: OPERATION,
      signal,
      classify: (error) => classifySqsError(error, OPERATION, context),
      describe: (error) => describeSqsError(error, context),
      onRetry: ({ retry, delayMs, kind, error }) => logger.debug({ err: describeSqsError(error, context), retry, retryInMs: delayMs, kind },
        'ChangeMessageVisibilityBatch failed; retrying with backoff')
    })
  }
}

function isAccessDenied (error: unknown): boolean {
  return error instanceof SqsConnectError && error.code === ErrorCodes.SQS_ACCESS_DENIED
}
