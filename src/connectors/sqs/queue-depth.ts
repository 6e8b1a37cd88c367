/**
 * Polls the queue's approximate depth (ApproximateNumberOfMessages, ...NotVisible, ...Delayed) with
 * GetQueueAttributes every `sqs.metrics.queue.depth.interval.ms` for the sqs_queue_messages gauge. One task per
 * connector polls (task 0): the depth is the queue's, not a task's. The call needs sqs:GetQueueAttributes, which
 * Confluent's documented policy lacks: when it is denied, one warning and no more polls. Other failures are
 * logged once per run of failures and tried again at the next interval (no retries in between).
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'
import { ErrorCodes } from '../../errors.ts'
import { classifySqsError, describeSqsError, type SqsCallContext } from './sqs-errors.ts'
import type { SqsMetrics } from './sqs-metrics.ts'

const OPERATION = 'GetQueueAttributes'

export interface QueueDepthOptions {
  readonly client: Pick<SQSClient, 'send'>
  readonly queueUrl: string
  /** Milliseconds between polls; 0 turns polling off. */
  readonly intervalMs: number
  readonly context: SqsCallContext
  readonly logger: PluginLogger
  readonly metrics: SqsMetrics
}

export class QueueDepthPoller {
  readonly #o: QueueDepthOptions
  readonly #abort = new AbortController()
  #timer: NodeJS.Timeout | undefined
  #polling: Promise<void> | undefined
  #denied = false
  #failing = false

  constructor (options: QueueDepthOptions) {
    this.#o = options
  }

  /** Polls now and then every interval (the timer never keeps the process alive); nothing when the interval is 0. */
  start (): void {
    if (this.#o.intervalMs <= 0 || this.#timer !== undefined || this.#abort.signal.aborted) return
    this.#timer = setInterval(() => { void this.poll() }, this.#o.intervalMs)
    this.#timer.unref()
    void this.poll()
  }

  /** Stops polling and ends a call in flight; idempotent. */
  stop (): void {
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#abort.abort()
  }

  /** Whether polls still happen (false once stopped or denied). */
  get active (): boolean {
    return this.#timer !== undefined && !this.#denied
  }

  /** One poll; a poll still running is joined, not doubled. Never throws. */
  async poll (): Promise<void> {
    this.#polling ??= this.#pollOnce().finally(() => { this.#polling = undefined })
    await this.#polling
  }

  async #pollOnce (): Promise<void> {
    if (this.#denied || this.#abort.signal.aborted) return
    const { client, queueUrl, context, logger } = this.#o
    try {
      const reply = await client.send(new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']
      }), { abortSignal: this.#abort.signal })
      const count = (name: string): number => Number(reply.Attributes?.[name as keyof typeof reply.Attributes] ?? Number.NaN)
      this.#o.metrics.queueDepth(count('ApproximateNumberOfMessages'), count('ApproximateNumberOfMessagesNotVisible'), count('ApproximateNumberOfMessagesDelayed'))
      this.#failing = false
    } catch (error) {
      if (this.#abort.signal.aborted) return
      const verdict = classifySqsError(error, OPERATION, context)
      if (!verdict.retry && verdict.error.code === ErrorCodes.SQS_ACCESS_DENIED) {
        this.#denied = true
        this.stop()
        logger.warn({ queueUrl, err: describeSqsError(error, context) },
          'Queue depth metrics are off: grant sqs:GetQueueAttributes on this queue to the connector\'s AWS identity ' +
          `(credentials from ${context.credentialsSource}), or set sqs.metrics.queue.depth.interval.ms=0 to silence this warning`)
        return
      }
      if (!this.#failing) logger.warn({ queueUrl, err: describeSqsError(error, context) }, 'Reading the queue depth failed; trying again at the next interval')
      this.#failing = true
    }
  }
}
