/** ReceiveMessage long polls for one task, retried under the task's RetryPolicy. */
import { randomUUID } from 'node:crypto'
import type { Message, ReceiveMessageRequest } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'
import type { SqsSourceConfig } from './config.ts'
import type { SqsHotPath } from './hot-path.ts'
import { locateQueue } from './queue-url.ts'
import type { RetryPolicy } from './retry-policy.ts'
import { classifySqsError, describeSqsError, type SqsCallContext } from './sqs-errors.ts'

export interface ReceiverOptions {
  /** The client of the call (sqs.client). */
  readonly sqs: SqsHotPath
  readonly config: SqsSourceConfig
  readonly retryPolicy: RetryPolicy
  readonly context: SqsCallContext
  readonly logger: PluginLogger
  /** Aborts a pending long poll and any retry wait (task stop). */
  readonly signal: AbortSignal
}

export class Receiver {
  readonly #o: ReceiverOptions
  readonly #fifo: boolean

  constructor (options: ReceiverOptions) {
    this.#o = options
    this.#fifo = locateQueue(options.config.queueUrl).fifo
  }

  /** One long poll; throws an SqsConnectError when it cannot succeed. */
  async receive (): Promise<Message[]> {
    const { sqs, config, context, logger } = this.#o
    // FIFO: every retry of this logical receive carries the same attempt id, so when a reply was lost SQS
    // returns the messages it already handed out instead of hiding them (and their group) until they time out.
    const attemptId = this.#fifo ? { ReceiveRequestAttemptId: randomUUID() } : {}
    const request: ReceiveMessageRequest = {
      QueueUrl: config.queueUrl,
      MaxNumberOfMessages: config.maxMessages,
      WaitTimeSeconds: config.waitTimeSeconds,
      ...(config.visibilityTimeoutSeconds > 0 ? { VisibilityTimeout: config.visibilityTimeoutSeconds } : {}),
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      ...attemptId
    }
    // The client checks each body's MD5 inside the call (hot-path.ts), so a mismatch is retried like any transient failure.
    const reply = await this.#o.retryPolicy.run(async (abortSignal) => await sqs.receiveMessage(request, abortSignal), {
      operation: 'ReceiveMessage',
      signal: this.#o.signal,
      classify: (error) => classifySqsError(error, 'ReceiveMessage', context),
      describe: (error) => describeSqsError(error, context),
      onRetry: ({ retry, delayMs, kind, error }) => logger.warn({ err: describeSqsError(error, context), retry, retryInMs: delayMs, kind },
        'ReceiveMessage failed; retrying with backoff')
    })
    const messages = reply.Messages ?? []
    if (messages.length > 0) logger.debug({ received: messages.length, messageIds: messages.map((m) => m.MessageId) }, 'ReceiveMessage answered')
    return messages
  }
}
