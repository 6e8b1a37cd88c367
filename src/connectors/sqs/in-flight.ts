/**
 * The messages a task handed out as records and that Kafka has not acknowledged yet, in receive order:
 * what the deleter deletes on acknowledgement, what visibility management extends or releases.
 */
import type { Message } from '@aws-sdk/client-sqs'
import type { SourceRecord } from '../../connect/data/source-record.ts'

export interface InFlightMessage {
  readonly messageId: string
  readonly receiptHandle: string
  /** When the receive that returned it completed (ms since the epoch). */
  readonly receivedAt: number
  /** FIFO queues only. */
  readonly groupId?: string
  readonly receiveCount: number
  /** SentTimestamp (ms since the epoch), when the message carried it: for the end-to-end latency. */
  readonly sentAt?: number
}

export class InFlightMessages {
  readonly #byRecord = new Map<SourceRecord, InFlightMessage>()

  /** Remembers the message behind `record`. */
  add (record: SourceRecord, message: Message, receivedAt: number): InFlightMessage {
    const groupId = message.Attributes?.MessageGroupId
    const sentAt = Number(message.Attributes?.SentTimestamp)
    const entry: InFlightMessage = {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      receivedAt,
      ...(groupId === undefined ? {} : { groupId }),
      ...(Number.isFinite(sentAt) ? { sentAt } : {}),
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1')
    }
    this.#byRecord.set(record, entry)
    return entry
  }

  /** The message behind an acknowledged record, no longer in flight; undefined when unknown or already taken. */
  take (record: SourceRecord): InFlightMessage | undefined {
    const entry = this.#byRecord.get(record)
    if (entry !== undefined) this.#byRecord.delete(record)
    return entry
  }

  /** Everything still in flight, oldest receive first. */
  messages (): InFlightMessage[] {
    return [...this.#byRecord.values()]
  }

  get size (): number {
    return this.#byRecord.size
  }
}
