/**
 * Poison messages: a message received more often than `sqs.poison.receive.count.max` allows (or, with
 * poison handling on, one that cannot become a record at all) is not written to `kafka.topic`. With the
 * `dlq` action it becomes a record on `sqs.poison.dlq.topic` with `__sqs.poison.*` headers saying why,
 * deleted from SQS once Kafka acknowledged it like any record; with `redrive` it is neither written nor
 * deleted, so the queue's RedrivePolicy moves it to the SQS dead-letter queue. docs/poison-messages.md.
 */
import type { Message } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'
import { Headers } from '../../connect/data/headers.ts'
import { Schemas } from '../../connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../connect/data/source-record.ts'
import { configError, ErrorCodes, hasCode } from '../../errors.ts'
import type { PoisonAction } from './config.ts'
import { messageHeaders, type HeaderOptions } from './message-headers.ts'
import type { SqsMetrics } from './sqs-metrics.ts'

/** Header names on a DLQ record, after Connect's `__connect.errors.*` context headers. */
export const POISON_HEADERS = {
  /** `RECEIVE_COUNT_EXCEEDED` or `MESSAGE_INVALID`. */
  reason: '__sqs.poison.reason',
  /** Human-readable: which count passed which limit, or why the message cannot become a record. */
  reasonMessage: '__sqs.poison.reason.message',
  /** ApproximateReceiveCount of the receive that judged it (absent when the message did not carry one). */
  receiveCount: '__sqs.poison.receive.count',
  receiveCountMax: '__sqs.poison.receive.count.max',
  queueUrl: '__sqs.poison.queue.url',
  messageId: '__sqs.poison.message.id',
  /** The topic the record would have gone to: kafka.topic. */
  topic: '__sqs.poison.topic'
} as const

export type PoisonReason = 'RECEIVE_COUNT_EXCEEDED' | 'MESSAGE_INVALID'

export interface PoisonSettings {
  readonly queueUrl: string
  /** kafka.topic. */
  readonly topic: string
  /** 0: poison handling is off. */
  readonly receiveCountMax: number
  readonly action: PoisonAction
  readonly dlqTopic: string
}

export interface PoisonVerdict {
  readonly reason: PoisonReason
  readonly detail: string
  readonly receiveCount: number | undefined
}

/** ApproximateReceiveCount as a number, or undefined when absent or not a positive integer. */
export function receiveCountOf (message: Message): number | undefined {
  const text = message.Attributes?.ApproximateReceiveCount
  return text !== undefined && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined
}

/** Whether a message that mapped to a record is poison; undefined when it is not (or handling is off). */
export function judgeReceiveCount (message: Message, settings: PoisonSettings): PoisonVerdict | undefined {
  const receiveCount = receiveCountOf(message)
  if (settings.receiveCountMax <= 0 || receiveCount === undefined || receiveCount <= settings.receiveCountMax) return undefined
  return {
    reason: 'RECEIVE_COUNT_EXCEEDED',
    detail: `ApproximateReceiveCount ${receiveCount} is above sqs.poison.receive.count.max ${settings.receiveCountMax}`,
    receiveCount
  }
}

/** The verdict for a message that could not become a record: `error` says why. */
export function invalidMessageVerdict (message: Message, error: Error): PoisonVerdict {
  return { reason: 'MESSAGE_INVALID', detail: error.message, receiveCount: receiveCountOf(message) }
}

/** The message's record, or (when it could not be built) null key and the body as an optional string value. */
function dlqContent (message: Message, mapped: SourceRecord | undefined): Pick<SourceRecord, 'keySchema' | 'key' | 'valueSchema' | 'value'> {
  if (mapped !== undefined) return { keySchema: mapped.keySchema, key: mapped.key, valueSchema: mapped.valueSchema, value: mapped.value }
  return { keySchema: null, key: null, valueSchema: Schemas.OPTIONAL_STRING, value: message.Body ?? null }
}

/**
 * The record for the DLQ topic: the key and value the message would have had (see dlqContent for one that
 * could not be mapped), its usual headers, then the `__sqs.poison.*` headers.
 */
export function dlqRecord (message: Message, mapped: SourceRecord | undefined, verdict: PoisonVerdict, settings: PoisonSettings, headerOptions: HeaderOptions): SourceRecord {
  const headers = new Headers()
  for (const header of mapped?.headers ?? messageHeaders(message, headerOptions)) headers.add(header.key, header.schema, header.value)
  headers.addString(POISON_HEADERS.reason, verdict.reason)
  headers.addString(POISON_HEADERS.reasonMessage, verdict.detail)
  if (verdict.receiveCount !== undefined) headers.addString(POISON_HEADERS.receiveCount, String(verdict.receiveCount))
  headers.addString(POISON_HEADERS.receiveCountMax, String(settings.receiveCountMax))
  headers.addString(POISON_HEADERS.queueUrl, settings.queueUrl)
  headers.addString(POISON_HEADERS.messageId, message.MessageId ?? null)
  headers.addString(POISON_HEADERS.topic, settings.topic)
  return sourceRecord({
    sourcePartition: { QueueUrl: settings.queueUrl },
    sourceOffset: { MessageId: message.MessageId ?? null },
    topic: settings.dlqTopic,
    ...dlqContent(message, mapped),
    headers
  })
}

export interface PoisonCounts {
  /** Poison messages written to the DLQ topic (before Kafka acknowledged them). */
  readonly poisonToDlq: number
  /** Poison messages left for the queue's redrive policy (each receive counts). */
  readonly poisonLeftForRedrive: number
}

export interface PoisonRouterOptions {
  readonly settings: PoisonSettings
  readonly headerOptions: HeaderOptions
  readonly logger: PluginLogger
  readonly metrics?: SqsMetrics
}

/** Applies the poison rules to each received message; keeps counts for the task's close log. */
export class PoisonRouter {
  readonly #o: PoisonRouterOptions
  #toDlq = 0
  #leftForRedrive = 0

  constructor (options: PoisonRouterOptions) {
    const { settings } = options
    if (settings.receiveCountMax > 0 && settings.action === 'dlq' && settings.dlqTopic === '') {
      throw configError('sqs.poison.dlq.topic', 'sqs.poison.dlq.topic must be set when sqs.poison.receive.count.max is above 0 and sqs.poison.action is dlq')
    }
    this.#o = options
  }

  get enabled (): boolean {
    return this.#o.settings.receiveCountMax > 0
  }

  get counts (): PoisonCounts {
    return { poisonToDlq: this.#toDlq, poisonLeftForRedrive: this.#leftForRedrive }
  }

  /**
   * The record to hand to the runtime for `message` (its usual one from `map`, or one for the DLQ topic),
   * or undefined when the message is left in the queue for its redrive policy. With poison handling off,
   * or for an error other than an invalid message, `map`'s error is thrown as it is.
   */
  route (message: Message, map: () => SourceRecord): SourceRecord | undefined {
    if (!this.enabled) return map()
    let mapped: SourceRecord
    try {
      mapped = map()
    } catch (error) {
      if (!hasCode(error, ErrorCodes.SQS_MESSAGE_INVALID)) throw error
      return this.#poison(message, undefined, invalidMessageVerdict(message, error))
    }
    const verdict = judgeReceiveCount(message, this.#o.settings)
    return verdict === undefined ? mapped : this.#poison(message, mapped, verdict)
  }

  #poison (message: Message, mapped: SourceRecord | undefined, verdict: PoisonVerdict): SourceRecord | undefined {
    const { settings, logger } = this.#o
    const context = { messageId: message.MessageId, receiveCount: verdict.receiveCount, reason: verdict.reason, action: settings.action }
    if (settings.action === 'redrive') {
      this.#leftForRedrive++
      this.#o.metrics?.poison('redrive')
      logger.warn(context, `Poison message left in the queue for its redrive policy: ${verdict.detail}`)
      return undefined
    }
    this.#toDlq++
    this.#o.metrics?.poison('dlq')
    logger.warn({ ...context, dlqTopic: settings.dlqTopic }, `Poison message written to ${settings.dlqTopic}: ${verdict.detail}`)
    return dlqRecord(message, mapped, verdict, settings, this.#o.headerOptions)
  }
}
