/**
 * Receives messages with long polls and hands them on as records; deletes a message only once the
 * runtime reports that Kafka acknowledged its record (commitRecord).
 */
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs'
import type { ConnectorConfig, PluginLogger, RecordMetadata, SourceTask, SourceTaskContext } from '../../connect/connector.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import { parseSqsSourceConfig, type SqsSourceConfig } from './config.ts'
import { MessageDeleter } from './message-deleter.ts'
import { proxyFailure } from './proxy.ts'
import { locateQueue } from './queue-url.ts'
import { toSourceRecord } from './record-mapper.ts'
import { createSqsClient } from './sqs-client.ts'
import { VERSION } from './version.ts'

const MAX_BACKOFF_MS = 30_000

export class SqsSourceTask implements SourceTask {
  #config: SqsSourceConfig | undefined
  #client: SQSClient | undefined
  #deleter: MessageDeleter | undefined
  #logger: PluginLogger | undefined
  #abort = new AbortController()
  #failures = 0
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
    this.#deleter = new MessageDeleter({ client: this.#client, queueUrl: this.#config.queueUrl, logger: context.logger })
    this.#logger.info({ queueUrl: this.#config.queueUrl, fifo: location.fifo }, 'SQS source task started')
  }

  async poll (): Promise<SourceRecord[]> {
    const config = this.#config
    const client = this.#client
    if (config === undefined || client === undefined) throw new SqsConnectError(ErrorCodes.TASK_FAILED, 'SqsSourceTask.poll() was called before start()')
    if (this.#abort.signal.aborted) return []
    let messages: Message[]
    try {
      const reply = await client.send(new ReceiveMessageCommand({
        QueueUrl: config.queueUrl,
        MaxNumberOfMessages: config.maxMessages,
        WaitTimeSeconds: config.waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All']
      }), { abortSignal: this.#abort.signal })
      messages = reply.Messages ?? []
      this.#failures = 0
    } catch (error) {
      if (this.#abort.signal.aborted) return []
      // A refused proxy login fails the task: retrying cannot fix a wrong sqs.proxy.user/password.
      const refused = proxyFailure(error)
      if (refused !== undefined) throw refused
      this.#failures += 1
      const delay = Math.min(100 * 2 ** this.#failures, MAX_BACKOFF_MS)
      this.#logger?.warn({ err: error, attempt: this.#failures, retryInMs: delay }, 'ReceiveMessage failed; retrying with backoff')
      await abortableSleep(delay, this.#abort.signal)
      return []
    }
    return messages.map((message) => {
      const record = toSourceRecord(config.queueUrl, config.topic, message)
      this.#receipts.set(record, { messageId: message.MessageId ?? '', receiptHandle: message.ReceiptHandle ?? '' })
      return record
    })
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

async function abortableSleep (ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done (): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
