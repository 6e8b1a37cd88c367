/**
 * Receives messages with long polls and hands them on as records; deletes a message only once the
 * runtime reports that Kafka acknowledged its record (commitRecord). Failed SQS calls are retried by one
 * RetryPolicy; an error retrying cannot fix, or retries used up, makes poll() throw and the task fail.
 */
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs'
import type { ConnectorConfig, PluginLogger, RecordMetadata, SourceTask, SourceTaskContext } from '../../connect/connector.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import { parseSqsSourceConfig, type SqsSourceConfig } from './config.ts'
import { MessageDeleter } from './message-deleter.ts'
import { locateQueue } from './queue-url.ts'
import { toSourceRecord } from './record-mapper.ts'
import { RetryPolicy } from './retry-policy.ts'
import { createSqsClient, resolveRegion } from './sqs-client.ts'
import { classifySqsError, describeSqsError, type SqsCallContext } from './sqs-errors.ts'
import { VERSION } from './version.ts'

export class SqsSourceTask implements SourceTask {
  #config: SqsSourceConfig | undefined
  #client: SQSClient | undefined
  #deleter: MessageDeleter | undefined
  #logger: PluginLogger | undefined
  #abort = new AbortController()
  #retryPolicy: RetryPolicy | undefined
  #callContext: SqsCallContext | undefined
  /** Receipt handles of records handed out and not yet acknowledged. */
  readonly #receipts = new WeakMap<SourceRecord, { messageId: string, receiptHandle: string }>()
  #closed = false

  version (): string {
    return VERSION
  }

  async start (config: ConnectorConfig, context: SourceTaskContext): Promise<void> {
    this.#config = parseSqsSourceConfig(config)
    const location = locateQueue(this.#config.queueUrl)
    this.#client = await createSqsClient(this.#config, location)
    this.#logger = context.logger
    this.#retryPolicy = RetryPolicy.fromConfig(this.#config)
    this.#callContext = callContext(this.#config, resolveRegion(this.#config, location))
    this.#deleter = new MessageDeleter({
      client: this.#client, queueUrl: this.#config.queueUrl, logger: context.logger, retryPolicy: this.#retryPolicy, context: this.#callContext
    })
    this.#logger.info({ queueUrl: this.#config.queueUrl, fifo: location.fifo }, 'SQS source task started')
  }

  async poll (): Promise<SourceRecord[]> {
    const config = this.#config
    const client = this.#client
    if (config === undefined || client === undefined) throw new SqsConnectError(ErrorCodes.TASK_FAILED, 'SqsSourceTask.poll() was called before start()')
    if (this.#abort.signal.aborted) return []
    // A delete that can never succeed (e.g. sqs:DeleteMessage denied) would turn every message into a duplicate.
    const deleteFailure = this.#deleter?.failure
    if (deleteFailure !== undefined) throw deleteFailure
    let messages: Message[]
    try {
      messages = await this.#receive(config, client)
    } catch (error) {
      if (this.#abort.signal.aborted) return []
      throw error
    }
    return messages.map((message) => {
      const record = toSourceRecord(config.queueUrl, config.topic, message, { traceparent: config.traceparent, logger: this.#logger })
      this.#receipts.set(record, { messageId: message.MessageId ?? '', receiptHandle: message.ReceiptHandle ?? '' })
      return record
    })
  }

  /** One ReceiveMessage long poll, retried under the policy; throws an SqsConnectError when it cannot succeed. */
  async #receive (config: SqsSourceConfig, client: SQSClient): Promise<Message[]> {
    const context = this.#callContext!
    const reply = await this.#retryPolicy!.run((abortSignal) => client.send(new ReceiveMessageCommand({
      QueueUrl: config.queueUrl,
      MaxNumberOfMessages: config.maxMessages,
      WaitTimeSeconds: config.waitTimeSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All']
    }), abortSignal === undefined ? {} : { abortSignal }), {
      operation: 'ReceiveMessage',
      signal: this.#abort.signal,
      classify: (error) => classifySqsError(error, 'ReceiveMessage', context),
      describe: (error) => describeSqsError(error, context),
      onRetry: ({ retry, delayMs, kind, error }) => this.#logger?.warn({ err: describeSqsError(error, context), retry, retryInMs: delayMs, kind },
        'ReceiveMessage failed; retrying with backoff')
    })
    return reply.Messages ?? []
  }

  commitRecord (record: SourceRecord, _metadata: RecordMetadata): void {
    const receipt = this.#receipts.get(record)
    // After close() the SQS client is gone; the message simply comes back (a duplicate, never a loss).
    if (receipt === undefined || this.#closed) return
    this.#receipts.delete(record)
    this.#deleter?.enqueue(receipt.messageId, receipt.receiptHandle)
  }

  async commit (): Promise<void> {
    await this.#deleter?.flush()
  }

  stop (): void {
    this.#abort.abort()
  }

  /** Releases the client; the runtime calls commit() first, so deletes still pending here are given up. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#abort.abort()
    this.#deleter?.close()
    this.#client?.destroy()
    const counts = this.#deleter?.counts
    this.#logger?.info({ ...counts }, 'SQS source task closed')
  }
}

/** Where calls go and with which identity, for error messages; no secret in it except in `secrets`, which is what gets hidden. */
function callContext (config: SqsSourceConfig, region: string): SqsCallContext {
  const credentialsSource = config.accessKeyId !== '' && config.secretAccessKey !== ''
    ? 'aws.access.key.id / aws.secret.key.id'
    : `sqs.credentials.provider.class (${config.credentialsProviderClass})`
  return { queueUrl: config.queueUrl, region, credentialsSource, secrets: [config.secretAccessKey, config.proxyPassword] }
}
