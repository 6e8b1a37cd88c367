/**
 * Deletes acknowledged messages with DeleteMessageBatch: up to 10 per call, coalesced across records,
 * failed entries retried. A delete that never succeeds costs a duplicate later, never a loss.
 */
import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'

const BATCH_LIMIT = 10

interface PendingDelete {
  readonly messageId: string
  readonly receiptHandle: string
  attempts: number
}

export interface DeleterOptions {
  readonly client: SQSClient
  readonly queueUrl: string
  readonly logger: PluginLogger
  /** How long a partial batch waits for company before it is sent. */
  readonly lingerMs?: number
  /** Attempts per message before it is left to come back (a duplicate, not a loss). */
  readonly maxAttempts?: number
}

export interface DeleterCounts {
  deleted: number
  /** Entries SQS refused for good (e.g. an expired receipt handle): the message will come back. */
  abandoned: number
  retried: number
}

export class MessageDeleter {
  readonly #options: Required<DeleterOptions>
  #pending: PendingDelete[] = []
  #timer: NodeJS.Timeout | undefined
  readonly #inFlight = new Set<Promise<void>>()
  readonly counts: DeleterCounts = { deleted: 0, abandoned: 0, retried: 0 }
  #closed = false

  constructor (options: DeleterOptions) {
    this.#options = { lingerMs: 20, maxAttempts: 5, ...options }
  }

  /** Queues one acknowledged message for deletion. */
  enqueue (messageId: string, receiptHandle: string): void {
    if (this.#closed) return
    this.#pending.push({ messageId, receiptHandle, attempts: 0 })
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
    const retry: PendingDelete[] = []
    try {
      const reply = await this.#options.client.send(new DeleteMessageBatchCommand({
        QueueUrl: this.#options.queueUrl,
        Entries: batch.map((entry, i) => ({ Id: String(i), ReceiptHandle: entry.receiptHandle }))
      }))
      this.counts.deleted += reply.Successful?.length ?? 0
      for (const failed of reply.Failed ?? []) {
        const entry = batch[Number(failed.Id)]
        if (entry === undefined) continue
        if (failed.SenderFault === true) this.#abandon(entry, `${failed.Code ?? 'error'}: ${failed.Message ?? ''}`)
        else retry.push(entry)
      }
    } catch (error) {
      this.#options.logger.warn({ err: error, count: batch.length }, 'DeleteMessageBatch failed; will retry')
      retry.push(...batch)
    }
    const again = retry.filter((entry) => {
      entry.attempts += 1
      if (entry.attempts < this.#options.maxAttempts) return true
      this.#abandon(entry, `still failing after ${entry.attempts} attempts`)
      return false
    })
    if (again.length === 0) return
    this.counts.retried += again.length
    await sleep(Math.min(50 * 2 ** Math.max(...again.map((e) => e.attempts)), 2000))
    if (this.#closed) return
    this.#pending.push(...again)
    this.#sendAll()
  }

  #abandon (entry: PendingDelete, reason: string): void {
    this.counts.abandoned += 1
    this.#options.logger.warn({ messageId: entry.messageId, reason },
      'SQS did not delete an acknowledged message; it will be received again and written to Kafka a second time')
  }

  /** Stops sending; call after flush(). Whatever is still pending is given up (those messages come back). */
  close (): void {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#pending = []
  }
}

async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
