/**
 * Receives messages with long polls and hands them on as records; deletes a message only once the
 * runtime reports that Kafka acknowledged its record (commitRecord). Failed SQS calls are retried by one
 * RetryPolicy; an error retrying cannot fix, or retries used up, makes poll() throw and the task fail.
 */
import { queueLogger } from './queue-logger.ts'
import type { Message, SQSClient } from '@aws-sdk/client-sqs'
import type { ConnectorConfig, PluginLogger, RecordMetadata, SourceTask, SourceTaskContext } from '../../connect/connector.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import { ConcurrentReceives, type ReceivedBatch } from './concurrent-receives.ts'
import { parseSqsSourceConfig, type FifoPartitioning, type SqsSourceConfig } from './config.ts'
import type { SqsHotPath } from './hot-path.ts'
import { InFlightMessages } from './in-flight.ts'
import { MessageDeleter } from './message-deleter.ts'
import { PoisonRouter, type PoisonSettings } from './poison.ts'
import { QueueDepthPoller } from './queue-depth.ts'
import { locateQueue } from './queue-url.ts'
import { Receiver } from './receiver.ts'
import { ReleaseWaiters } from './release-waiters.ts'
import { toSourceRecord } from './record-mapper.ts'
import { RetryPolicy } from './retry-policy.ts'
import { createSqsClients, resolveRegion } from './sqs-client.ts'
import type { SqsCallContext } from './sqs-errors.ts'
import { SqsMetrics } from './sqs-metrics.ts'
import { VERSION } from './version.ts'
import { VisibilityKeeper } from './visibility-keeper.ts'
import { resolveVisibilityTimeout } from './visibility-timeout.ts'

/** How long close() spends making unacknowledged messages visible again (the runtime gives close() a slice of the shutdown timeout). */
const RELEASE_BUDGET_MS = 3000

export class SqsSourceTask implements SourceTask {
  #config: SqsSourceConfig | undefined
  #client: SQSClient | undefined
  #receiver: Receiver | undefined
  /** sqs.receive.concurrency long polls of #receiver, in completion order. */
  #receives: ConcurrentReceives | undefined
  #deleter: MessageDeleter | undefined
  #visibility: VisibilityKeeper | undefined
  #logger: PluginLogger | undefined
  #poison: PoisonRouter | undefined
  #metrics = new SqsMetrics()
  /** Task 0 only: the queue's depth for the metrics. */
  #queueDepth: QueueDepthPoller | undefined
  /** `sqs.fifo.partitioning`, or none for a standard queue. */
  #partitioning: FifoPartitioning = 'none'
  readonly #abort = new AbortController()
  /**
   * Ends the HTTP request of a pending long poll. Separate from #abort: on stop, poll() returns at once but the
   * long poll is let run until close(), because SQS would otherwise hand the messages we release to the
   * abandoned request (hidden again for the full timeout). close() releases what it returns too.
   */
  readonly #receiveAbort = new AbortController()
  #pendingReceive: Promise<Message[]> | undefined
  /** Messages handed out as records and not yet acknowledged by Kafka. */
  readonly #inFlight = new InFlightMessages()
  /** Who waits for the delete of which record (released()). */
  readonly #releases = new ReleaseWaiters()
  #closed = false

  version (): string {
    return VERSION
  }

  async start (config: ConnectorConfig, context: SourceTaskContext): Promise<void> {
    this.#config = parseSqsSourceConfig(config)
    const location = locateQueue(this.#config.queueUrl)
    const clients = await createSqsClients(this.#config, location)
    this.#client = clients.sdk
    const sqs = clients.hotPath
    const logger = queueLogger(context.logger, this.#config.queueUrl)
    this.#logger = logger
    this.#metrics = new SqsMetrics(context.metrics)
    const metrics = this.#metrics
    this.#partitioning = location.fifo ? this.#config.fifoPartitioning : 'none'
    const retryPolicy = RetryPolicy.fromConfig(this.#config)
    const callContext = sqsCallContext(this.#config, resolveRegion(this.#config, location))
    this.#receiver = new Receiver({ sqs, config: this.#config, retryPolicy, context: callContext, logger, signal: this.#receiveAbort.signal })
    const receiver = this.#receiver
    this.#receives = new ConcurrentReceives(async () => {
      const messages = await receiver.receive()
      metrics.received(messages)
      return messages
    }, this.#config.receiveConcurrency)
    this.#deleter = new MessageDeleter({
      sqs, queueUrl: this.#config.queueUrl, logger, retryPolicy, context: callContext, metrics
    })
    this.#poison = new PoisonRouter({ settings: poisonSettings(this.#config), headerOptions: { traceparent: this.#config.traceparent, logger }, logger, metrics })
    if (context.taskId === 0) {
      this.#queueDepth = new QueueDepthPoller({ client: this.#client, queueUrl: this.#config.queueUrl, intervalMs: this.#config.queueDepthIntervalMs, context: callContext, logger, metrics })
      this.#queueDepth.start()
    }
    this.#visibility = await this.#startVisibilityKeeper(this.#config, this.#client, sqs, retryPolicy, callContext)
    const c = this.#config
    // What the task connects with, never the secrets themselves: which credentials, which proxy and user.
    logger.debug({ credentials: c.accessKeyId !== '' ? 'aws.access.key.id' : c.credentialsProviderClass, proxy: c.proxyUrl === '' ? null : new URL(c.proxyUrl).origin, proxyUser: c.proxyUser, region: callContext.region, endpoint: c.endpointUrl, client: c.client }, 'SQS client settings')
    this.#logger.info({ fifo: location.fifo, partitioning: this.#partitioning }, 'SQS source task started')
  }

  /** Heartbeats for messages Kafka is slow to acknowledge, and their release on stop or failure (docs/visibility.md). */
  async #startVisibilityKeeper (config: SqsSourceConfig, client: SQSClient, sqs: SqsHotPath, retryPolicy: RetryPolicy, context: SqsCallContext): Promise<VisibilityKeeper> {
    const logger = this.#logger ?? quietLogger
    const timeoutSeconds = config.heartbeat
      ? await resolveVisibilityTimeout({ client, queueUrl: config.queueUrl, configuredSeconds: config.visibilityTimeoutSeconds, context, logger, signal: this.#abort.signal })
      : 0
    // A heartbeat retried longer than a quarter of the timeout would come too late anyway; the next tick tries again.
    const heartbeatPolicy = RetryPolicy.fromConfig({ maxRetries: retryPolicy.maxRetries, maxRetryTimeMs: Math.min(retryPolicy.maxRetryTimeMs, Math.max(1000, timeoutSeconds * 250)) })
    const keeper = new VisibilityKeeper({
      sqs, queueUrl: config.queueUrl, logger, retryPolicy: heartbeatPolicy, context, timeoutSeconds, inFlight: () => this.#inFlight.messages(), metrics: this.#metrics
    })
    keeper.start()
    return keeper
  }

  async poll (): Promise<SourceRecord[]> {
    const config = this.#config
    const receives = this.#receives
    const poison = this.#poison
    if (config === undefined || receives === undefined || poison === undefined) throw new SqsConnectError(ErrorCodes.TASK_FAILED, 'SqsSourceTask.poll() was called before start()')
    if (this.#abort.signal.aborted) return []
    // A delete that can never succeed (e.g. sqs:DeleteMessage denied) would turn every message into a duplicate.
    const deleteFailure = this.#deleter?.failure
    if (deleteFailure !== undefined) throw deleteFailure
    const receiving = receives.next()
    this.#pendingReceive = receiving.then((batch) => batch.messages, () => [])
    let onStop = (): void => {}
    const stopped = new Promise<undefined>((resolve) => { onStop = () => { resolve(undefined) } })
    this.#abort.signal.addEventListener('abort', onStop, { once: true })
    let batch: ReceivedBatch | undefined
    try {
      batch = await Promise.race([receiving, stopped])
    } catch (error) {
      if (this.#abort.signal.aborted) return []
      throw error
    } finally {
      this.#abort.signal.removeEventListener('abort', onStop)
    }
    // Stopped: whatever the pending long poll still returns is released by close().
    if (batch === undefined || this.#abort.signal.aborted) return []
    this.#pendingReceive = undefined
    // Stamped when the receive finished, not now: with sqs.receive.concurrency > 1 its messages may have waited
    // here, and their visibility timeout was running meanwhile (the heartbeat must count from the receive).
    const { messages, receivedAt } = batch
    return messages.flatMap((message) => {
      // A poison message becomes a record for the DLQ topic, or none at all (left for the queue's redrive policy).
      const record = poison.route(message, () => toSourceRecord(config.queueUrl, config.topic, message, { traceparent: config.traceparent, logger: this.#logger, partitioning: this.#partitioning }))
      if (record === undefined) return []
      this.#inFlight.add(record, message, receivedAt)
      return [record]
    })
  }

  commitRecord (record: SourceRecord, metadata: RecordMetadata | null): void {
    const message = this.#inFlight.take(record)
    if (message !== undefined && metadata !== null) this.#metrics.acknowledged(message.sentAt)
    const settle = this.#releases.settlerFor(record)
    // After close() the SQS client is gone; the message simply comes back (a duplicate, never a loss).
    if (message === undefined || this.#closed || this.#deleter === undefined) {
      settle?.(false)
      return
    }
    this.#deleter.enqueue(message.messageId, message.receiptHandle, settle)
  }

  /** Resolves true once the record's message was deleted, false when its delete was given up (exactly-once mode removes its marker on true). */
  async released (record: SourceRecord): Promise<boolean> {
    if (this.#closed) return false
    return await this.#releases.wait(record)
  }

  /**
   * The runtime dropped the record without writing it (docs/error-handling.md): the message is neither deleted nor
   * made visible at once. It is no longer kept invisible either, so it comes back after its visibility timeout and
   * the queue's redrive policy (or sqs.poison.*) decides its fate; making it visible at once would only make the
   * task fail on it again straight away.
   */
  abandonRecord (record: SourceRecord): void {
    const message = this.#inFlight.take(record)
    if (message !== undefined) this.#logger?.debug({ messageId: message.messageId }, 'Record dropped by the runtime; its message is left in the queue')
  }

  async commit (): Promise<void> {
    await this.#deleter?.flush()
  }

  stop (): void {
    this.#abort.abort()
  }

  async #releaseUnacknowledged (): Promise<void> {
    if (this.#visibility === undefined) return
    // What long polls still outstanding at stop return (the one poll() was waiting on among them).
    const pending = this.#pendingReceive
    const outstanding = this.#receives?.collect()
    const late = pending === undefined && outstanding === undefined
      ? undefined
      : Promise.all([pending ?? [], outstanding ?? []]).then(([a, b]) => uniqueMessages([...a, ...b]))
    await releaseUnacknowledged(this.#visibility, late)
  }

  /** Releases the client; the runtime calls commit() first, so deletes still pending here are given up. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#abort.abort()
    this.#queueDepth?.stop()
    this.#deleter?.close()
    this.#releases.close()
    if (this.#config?.resetOnFailure === true) await this.#releaseUnacknowledged()
    else this.#visibility?.stop()
    this.#receiveAbort.abort()
    this.#client?.destroy()
    const counts = this.#deleter?.counts
    this.#logger?.info({ ...counts, ...this.#poison?.counts, ...this.#visibility?.counts, unacknowledged: this.#inFlight.size }, 'SQS source task closed')
  }
}

const quietLogger = { debug () {}, info () {}, warn () {}, error () {} }

/** Held messages become visible at once; then those a long poll pending at stop took meanwhile (it gets the released ones first). */
async function releaseUnacknowledged (keeper: VisibilityKeeper, pendingReceive: Promise<Message[]> | undefined): Promise<void> {
  const started = Date.now()
  await keeper.release(RELEASE_BUDGET_MS)
  if (pendingReceive === undefined || keeper.counts.released === 0) return
  const left = (): number => RELEASE_BUDGET_MS - (Date.now() - started)
  let timer: NodeJS.Timeout | undefined
  const late = await Promise.race([pendingReceive, new Promise<Message[]>((resolve) => { timer = setTimeout(() => { resolve([]) }, Math.max(0, left())) })])
  clearTimeout(timer)
  if (late.length > 0 && left() > 0) {
    await keeper.release(left(), late.map((m) => ({ messageId: m.MessageId ?? '', receiptHandle: m.ReceiptHandle ?? '', receivedAt: Date.now(), receiveCount: 1 })))
  }
}

function uniqueMessages (messages: readonly Message[]): Message[] {
  const seen = new Set<string>()
  return messages.filter((m) => { const id = m.MessageId ?? ''; if (seen.has(id)) return false; seen.add(id); return true })
}

/** The poison rules of a task's config. */
function poisonSettings (config: SqsSourceConfig): PoisonSettings {
  return { queueUrl: config.queueUrl, topic: config.topic, receiveCountMax: config.poisonReceiveCountMax, action: config.poisonAction, dlqTopic: config.poisonDlqTopic }
}

/** Where calls go and with which identity, for error messages; no secret in it except in `secrets`, which is what gets hidden. */
export function sqsCallContext (config: SqsSourceConfig, region: string): SqsCallContext {
  const credentialsSource = config.accessKeyId !== '' && config.secretAccessKey !== ''
    ? 'aws.access.key.id / aws.secret.key.id'
    : `sqs.credentials.provider.class (${config.credentialsProviderClass})`
  return { queueUrl: config.queueUrl, region, credentialsSource, secrets: [config.secretAccessKey, config.proxyPassword] }
}
