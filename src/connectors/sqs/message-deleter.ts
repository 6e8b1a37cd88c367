/**
 * Deletes acknowledged messages with DeleteMessageBatch: up to 10 per call, coalesced across records,
 * failed entries retried under the task's RetryPolicy. A delete that never succeeds costs a duplicate
 * later, never a loss; it is counted. A fatal error (e.g. sqs:DeleteMessage denied) is kept for the task to fail with.
 */
import { setMaxListeners } from 'node:events'
import type { PluginLogger } from '../../connect/connector.ts'
import type { SqsConnectError } from '../../errors.ts'
import type { SqsHotPath } from './hot-path.ts'
import type { RetryBudget, RetryKind, RetryPolicy } from './retry-policy.ts'
import { classifySqsError, describeSqsError, type SqsCallContext } from './sqs-errors.ts'
import { SqsMetrics } from './sqs-metrics.ts'

const BATCH_LIMIT = 10
const OPERATION = 'DeleteMessageBatch'

interface PendingDelete {
  readonly messageId: string
  readonly receiptHandle: string
  /** Retries of this message's delete so far; its own, since entries of one batch can fail separately. */
  readonly budget: RetryBudget
  /** Told once whether SQS deleted the message (false: given up, it comes back). */
  readonly settle?: ((deleted: boolean) => void) | undefined
}

export interface DeleterOptions {
  /** The client of the call (sqs.client). */
  readonly sqs: SqsHotPath
  readonly queueUrl: string
  readonly logger: PluginLogger
  /** Retries per message (sqs.max.retries) within the time budget (sqs.max.retry.time.ms), and the waits between. */
  readonly retryPolicy: RetryPolicy
  /** For error messages that say what to fix. */
  readonly context: SqsCallContext
  /** How long a partial batch waits for company before it is sent. */
  readonly lingerMs?: number
  /** Deleted messages and failed deletes are counted here too. */
  readonly metrics?: SqsMetrics
}

export interface DeleterCounts {
  deleted: number
  /** Deletes given up (refused for good, e.g. an expired receipt handle, or retries used up): the message will come back. */
  abandoned: number
  retried: number
}

export class MessageDeleter {
  readonly #options: Required<DeleterOptions>
  #pending: PendingDelete[] = []
  #timer: NodeJS.Timeout | undefined
  readonly #inFlight = new Set<Promise<void>>()
  readonly counts: DeleterCounts = { deleted: 0, abandoned: 0, retried: 0 }
  readonly #abort = new AbortController()
  #failure: SqsConnectError | undefined
  #closed = false

  constructor (options: DeleterOptions) {
    this.#options = { lingerMs: 20, metrics: new SqsMetrics(), ...options }
    // Every outstanding DeleteMessageBatch listens on this signal until its request closes; more than ten at
    // once is normal under load, not a leak, and Node's MaxListenersExceededWarning would say otherwise.
    setMaxListeners(0, this.#abort.signal)
  }

  /** The first error that retrying could not fix (e.g. sqs:DeleteMessage denied); the task fails with it. */
  get failure (): SqsConnectError | undefined {
    return this.#failure
  }

  /** Queues one acknowledged message for deletion; `settle` learns whether it was deleted. */
  enqueue (messageId: string, receiptHandle: string, settle?: (deleted: boolean) => void): void {
    if (this.#closed) {
      settle?.(false)
      return
    }
    this.#pending.push({ messageId, receiptHandle, budget: this.#options.retryPolicy.newBudget(), settle })
    if (this.#pending.length >= BATCH_LIMIT) this.#sendFullBatches()
    else this.#timer ??= setTimeout(() => this.#sendAll(), this.#options.lingerMs)
  }

  /** Sends everything queued and waits until no delete is outstanding. */
  async flush (): Promise<void> {
    while (!this.#closed && (this.#pending.length > 0 || this.#inFlight.size > 0)) {
      this.#sendAll()
      await Promise.all([...this.#inFlight])
    }
  }

  #sendFullBatches (): void {
    while (this.#pending.length >= BATCH_LIMIT) this.#send(this.#pending.splice(0, BATCH_LIMIT))
  }

  #sendAll (): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#closed) return
    while (this.#pending.length > 0) this.#send(this.#pending.splice(0, BATCH_LIMIT))
  }

  #send (batch: PendingDelete[]): void {
    const done = this.#deleteBatch(batch).finally(() => this.#inFlight.delete(done))
    this.#inFlight.add(done)
  }

  async #deleteBatch (batch: PendingDelete[]): Promise<void> {
    const retry: Array<{ entry: PendingDelete, kind: RetryKind }> = []
    try {
      const reply = await this.#options.sqs.deleteMessageBatch({
        QueueUrl: this.#options.queueUrl,
        Entries: batch.map((entry, i) => ({ Id: String(i), ReceiptHandle: entry.receiptHandle }))
      }, this.#abort.signal)
      this.counts.deleted += reply.Successful?.length ?? 0
      this.#options.metrics.deleted(reply.Successful?.length ?? 0)
      this.#options.logger.debug({ deleted: reply.Successful?.length ?? 0, failed: reply.Failed?.length ?? 0 }, 'DeleteMessageBatch answered')
      for (const ok of reply.Successful ?? []) batch[Number(ok.Id)]?.settle?.(true)
      for (const failed of reply.Failed ?? []) {
        const entry = batch[Number(failed.Id)]
        if (entry === undefined) continue
        if (failed.SenderFault === true) this.#abandon(entry, `${failed.Code ?? 'error'}: ${failed.Message ?? ''}`)
        else retry.push({ entry, kind: 'transient' })
      }
    } catch (error) {
      if (this.#abort.signal.aborted) {
        for (const entry of batch) entry.settle?.(false)
        return
      }
      const verdict = classifySqsError(error, OPERATION, this.#options.context)
      if (!verdict.retry) return this.#giveUp(batch, verdict.error)
      this.#options.logger.warn({ err: error, count: batch.length }, 'DeleteMessageBatch failed; will retry')
      retry.push(...batch.map((entry) => ({ entry, kind: verdict.kind })))
    }
    await this.#retryLater(retry)
  }

  /** Waits the longest delay the policy gives any of the entries, then queues them again; entries out of budget are abandoned. */
  async #retryLater (retry: Array<{ entry: PendingDelete, kind: RetryKind }>): Promise<void> {
    const policy = this.#options.retryPolicy
    let delayMs = 0
    const again = retry.filter(({ entry, kind }) => {
      const next = policy.next(entry.budget, kind)
      if ('delayMs' in next) {
        delayMs = Math.max(delayMs, next.delayMs)
        return true
      }
      const limit = next.exhausted === 'retries' ? `sqs.max.retries=${policy.maxRetries}` : `sqs.max.retry.time.ms=${policy.maxRetryTimeMs}`
      this.#abandon(entry, `still failing after ${entry.budget.retries + 1} attempts (${limit} reached)`)
      return false
    }).map(({ entry }) => entry)
    if (again.length === 0) return
    this.counts.retried += again.length
    try {
      await policy.wait(delayMs, this.#abort.signal)
    } catch {
      for (const entry of again) entry.settle?.(false)
      return
    }
    if (this.#closed) {
      for (const entry of again) entry.settle?.(false)
      return
    }
    this.#pending.push(...again)
    this.#sendAll()
  }

  /** SQS refused the call for good: these messages come back later; the task fails with the error. */
  #giveUp (batch: PendingDelete[], error: SqsConnectError): void {
    this.#failure ??= error
    this.#options.logger.error({ err: error, count: batch.length }, 'DeleteMessageBatch cannot succeed; the task will fail')
    for (const entry of batch) this.#abandon(entry, describeSqsError(error.cause, this.#options.context))
  }

  #abandon (entry: PendingDelete, reason: string): void {
    this.counts.abandoned += 1
    this.#options.metrics.deleteFailed(1)
    entry.settle?.(false)
    this.#options.logger.warn({ messageId: entry.messageId, reason },
      'SQS did not delete an acknowledged message; it will be received again and written to Kafka a second time')
  }

  /** Stops sending; call after flush(). Whatever is still pending is given up (those messages come back). */
  close (): void {
    this.#closed = true
    this.#abort.abort()
    clearTimeout(this.#timer)
    this.#timer = undefined
    for (const entry of this.#pending) entry.settle?.(false)
    this.#pending = []
  }
}
