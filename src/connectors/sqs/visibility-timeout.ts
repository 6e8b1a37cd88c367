/**
 * The visibility timeout a task's messages are received with: sqs.visibility.timeout.seconds when set
 * (then passed on every ReceiveMessage), else the queue's own, read once with GetQueueAttributes; when that
 * is not permitted or fails, SQS's default of 30 s is assumed and a warning says how to be exact.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'
import { RetryPolicy } from './retry-policy.ts'
import { classifySqsError, describeSqsError, iamAction, type SqsCallContext } from './sqs-errors.ts'

export const SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30
const OPERATION = 'GetQueueAttributes'

export interface VisibilityTimeoutOptions {
  readonly client: Pick<SQSClient, 'send'>
  readonly queueUrl: string
  /** sqs.visibility.timeout.seconds; 0 means the queue's own. */
  readonly configuredSeconds: number
  readonly context: SqsCallContext
  readonly logger: PluginLogger
  readonly signal?: AbortSignal
  /** Retries of the one GetQueueAttributes call; default a few, within 5 s, so that start() stays quick. */
  readonly retryPolicy?: RetryPolicy
}

export async function resolveVisibilityTimeout (options: VisibilityTimeoutOptions): Promise<number> {
  if (options.configuredSeconds > 0) return options.configuredSeconds
  const { client, queueUrl, context, logger } = options
  const policy = options.retryPolicy ?? new RetryPolicy({ maxRetries: 3, maxRetryTimeMs: 5000 })
  try {
    const reply = await policy.run((abortSignal) => client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }),
      abortSignal === undefined ? {} : { abortSignal }), {
      operation: OPERATION,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      classify: (error) => classifySqsError(error, OPERATION, context),
      describe: (error) => describeSqsError(error, context)
    })
    const seconds = Number(reply.Attributes?.VisibilityTimeout)
    if (Number.isInteger(seconds) && seconds >= 0) return seconds
    logger.warn({ queueUrl, answer: reply.Attributes?.VisibilityTimeout ?? null }, 'The queue reported no usable VisibilityTimeout; assuming 30 s. Set sqs.visibility.timeout.seconds to be exact')
  } catch (error) {
    if (options.signal?.aborted === true) return SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    logger.warn({ queueUrl, err: describeSqsError(error instanceof Error && 'cause' in error && error.cause !== undefined ? error.cause : error, context) },
      `Could not read the queue's visibility timeout (${iamAction(OPERATION)}); assuming the SQS default of 30 s. ` +
      'Set sqs.visibility.timeout.seconds, or grant sqs:GetQueueAttributes, so that heartbeats come in time')
  }
  return SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
}
