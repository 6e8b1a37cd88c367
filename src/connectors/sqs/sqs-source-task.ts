/**
 * Receives messages with long polls and hands them on as records; deletes a message only once the
 * runtime reports that Kafka acknowledged its record (commitRecord). Failed SQS calls are retried by one
 * RetryPolicy; an error retrying cannot fix, or retries used up, makes poll() throw and the task fail.
 */
import type { Message, SQSClient } from '@aws-sdk/client-sqs'
import type { ConnectorConfig, PluginLogger, RecordMetadata, SourceTask, SourceTaskContext } from '../../connect/connector.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import { ConcurrentReceives } from './concurrent-receives.ts'
import { parseSqsSourceConfig, type SqsSourceConfig } from './config.ts'
import { InFlightMessages } from './in-flight.ts'
import { MessageDeleter } from './message-deleter.ts'
import { locateQueue } from './queue-url.ts'
import { Receiver } from './receiver.ts'
import { toSourceRecord } from './record-mapper.ts'
import { RetryPolicy } from './retry-policy.ts'
import { createSqsClient, resolveRegion } from './sqs-client.ts'
import type { SqsCallContext } from './sqs-errors.ts'
import { VERSION } from './version.ts'

export class SqsSourceTask implements SourceTask {
  #config: SqsSourceConfig | undefined
  #client: SQSClient | undefined
  #receiver: Receiver | undefined
  /** sqs.receive.concurrency long polls of #receiver, in completion order. */
  #receives: ConcurrentReceives | undefined
  #deleter: MessageDeleter | undefined
  #logger: PluginLogger | undefined
  readonly #abort = new AbortController()
  /** Messages handed out as records and not yet acknowledged by Kafka. */
  readonly #inFlight = new InFlightMessages()
  #closed = false

  version (): string {
    return VERSION
  }

  async start (config: ConnectorConfig, context: SourceTaskContext): Promise<void> {
    this.#config = parseSqsSourceConfig(config)
    const location = locateQueue(this.#config.queueUrl)
    this.#client = await createSqsClient(this.#config, location)
    this.#logger = context.logger
    const retryPolicy = RetryPolicy.fromConfig(this.#config)
    const callContext = sqsCallContext(this.#config, resolveRegion(this.#config, location))
    this.#receiver = new Receiver({ client: this.#client, config: this.#config, retryPolicy, context: callContext, logger: context.logger, signal: this.#abort.signal })
    const receiver = this.#receiver
    this.#receives = new ConcurrentReceives(async () => await receiver.receive(), this.#config.receiveConcurrency)
    this.#deleter = new MessageDeleter({
      client: this.#client, queueUrl: this.#config.queueUrl, logger: context.logger, retryPolicy, context: callContext
    })
    this.#logger.info({ queueUrl: this.#config.queueUrl, fifo: location.fifo }, 'SQS source task started')
  }

  async poll (): Promise<SourceRecord[]> {
    const config = this.#config
    const receives = this.#receives
    if (config === undefined || receives === undefined) throw new SqsConnectError(ErrorCodes.TASK_FAILED, 'SqsSourceTask.poll() was called before start()')
    if (this.#abort.signal.aborted) return []
    // A delete that can never succeed (e.g. sqs:DeleteMessage denied) would turn every message into a duplicate.
    const deleteFailure = this.#deleter?.failure
    if (deleteFailure !== undefined) throw deleteFailure
    let messages: Message[]
    try {
      messages = await receives.next()
    } catch (error) {
      if (this.#abort.signal.aborted) return []
      throw error
    }
    const receivedAt = Date.now()
    return messages.map((message) => {
      const record = toSourceRecord(config.queueUrl, config.topic, message, { traceparent: config.traceparent, logger: this.#logger })
      this.#inFlight.add(record, message, receivedAt)
      return record
    })
  }

  commitRecord (record: SourceRecord, _metadata: RecordMetadata): void {
    const message = this.#inFlight.take(record)
    // After close() the SQS client is gone; the message simply comes back (a duplicate, never a loss).
    if (message === undefined || this.#closed) return
    this.#deleter?.enqueue(message.messageId, message.receiptHandle)
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
    this.#logger?.info({ ...counts, unacknowledged: this.#inFlight.size }, 'SQS source task closed')
  }
}

/** Where calls go and with which identity, for error messages; no secret in it except in `secrets`, which is what gets hidden. */
export function sqsCallContext (config: SqsSourceConfig, region: string): SqsCallContext {
  const credentialsSource = config.accessKeyId !== '' && config.secretAccessKey !== ''
    ? 'aws.access.key.id / aws.secret.key.id'
    : `sqs.credentials.provider.class (${config.credentialsProviderClass})`
  return { queueUrl: config.queueUrl, region, credentialsSource, secrets: [config.secretAccessKey, config.proxyPassword] }
}
