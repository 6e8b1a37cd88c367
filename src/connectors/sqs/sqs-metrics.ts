/**
 * The SQS metrics no peer has, published through the runtime's plugin metrics facade (so the connector needs
 * neither the runtime nor a metrics library). The runtime prefixes each name with `sqs_connect_` and adds the
 * connector and task labels; docs/metrics.md lists them all.
 */
import type { Message } from '@aws-sdk/client-sqs'
import { noPluginMetrics, type PluginCounter, type PluginGauge, type PluginHistogram, type PluginMetrics } from '../../connect/plugin-metrics.ts'
import type { PoisonAction } from './config.ts'

/**
 * Seconds from SentTimestamp to Kafka's acknowledgement: from a few ms (a live queue) to an hour (a backlog,
 * redeliveries after a visibility timeout).
 */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600] as const

export class SqsMetrics {
  readonly #receives: PluginCounter
  readonly #received: PluginCounter
  readonly #redelivered: PluginCounter
  readonly #deleted: PluginCounter
  readonly #deleteFailures: PluginCounter
  readonly #extensions: PluginCounter
  readonly #extensionFailures: PluginCounter
  readonly #released: PluginCounter
  readonly #releaseFailures: PluginCounter
  readonly #poison: PluginCounter
  readonly #queue: PluginGauge
  readonly #latency: PluginHistogram

  constructor (metrics: PluginMetrics = noPluginMetrics) {
    const counter = (name: string, help: string, labelNames: readonly string[] = []): PluginCounter => metrics.counter({ name, help, labelNames })
    this.#receives = counter('sqs_receives_total', 'ReceiveMessage calls that succeeded, by result: empty or messages', ['result'])
    this.#received = counter('sqs_messages_received_total', 'Messages received')
    this.#redelivered = counter('sqs_messages_redelivered_total', 'Messages received with an ApproximateReceiveCount above 1 (delivered before)')
    this.#deleted = counter('sqs_messages_deleted_total', 'Messages deleted after Kafka acknowledged their record')
    this.#deleteFailures = counter('sqs_delete_failures_total', 'Deletes given up (refused for good or retries used up): those messages come back as duplicates')
    this.#extensions = counter('sqs_visibility_extensions_total', 'Visibility timeout extensions by the heartbeat (one per message per extension)')
    this.#extensionFailures = counter('sqs_visibility_extension_failures_total',
      'Messages whose visibility extension failed: refused receipt handles, and messages of heartbeat calls that failed')
    this.#released = counter('sqs_messages_released_total', 'Messages made visible again at once when the task stopped or failed')
    this.#releaseFailures = counter('sqs_release_failures_total', 'Messages that could not be released on stop or failure (they come back after their visibility timeout)')
    this.#poison = counter('sqs_poison_messages_total', 'Poison messages, by action: dlq (written to sqs.poison.dlq.topic) or redrive (left to the queue)', ['action'])
    this.#queue = metrics.gauge({
      name: 'sqs_queue_messages',
      help: 'The queue\'s approximate message counts from GetQueueAttributes, by state: visible, not_visible (in flight), delayed',
      labelNames: ['state']
    })
    this.#latency = metrics.histogram({
      name: 'sqs_end_to_end_latency_seconds',
      help: 'Seconds from a message\'s SentTimestamp to Kafka\'s acknowledgement of its record',
      buckets: LATENCY_BUCKETS_SECONDS
    })
    for (const result of ['empty', 'messages']) this.#receives.inc(0, { result })
    for (const action of ['dlq', 'redrive']) this.#poison.inc(0, { action })
  }

  /** One ReceiveMessage call returned these messages. */
  received (messages: readonly Message[]): void {
    this.#receives.inc(1, { result: messages.length === 0 ? 'empty' : 'messages' })
    if (messages.length === 0) return
    this.#received.inc(messages.length)
    const redelivered = messages.filter((m) => Number(m.Attributes?.ApproximateReceiveCount ?? '1') > 1).length
    if (redelivered > 0) this.#redelivered.inc(redelivered)
  }

  deleted (count: number): void { if (count > 0) this.#deleted.inc(count) }
  deleteFailed (count: number): void { if (count > 0) this.#deleteFailures.inc(count) }
  extended (count: number): void { if (count > 0) this.#extensions.inc(count) }
  extensionFailed (count: number): void { if (count > 0) this.#extensionFailures.inc(count) }
  released (count: number): void { if (count > 0) this.#released.inc(count) }
  releaseFailed (count: number): void { if (count > 0) this.#releaseFailures.inc(count) }
  poison (action: PoisonAction): void { this.#poison.inc(1, { action }) }

  /** Kafka acknowledged the record of a message sent at `sentAt` (ms since the epoch), at `now`. */
  acknowledged (sentAt: number | undefined, now: number = Date.now()): void {
    if (sentAt === undefined || !Number.isFinite(sentAt)) return
    // SentTimestamp is the SQS server's clock: a skew must not make a latency negative.
    this.#latency.observe(Math.max(0, now - sentAt) / 1000)
  }

  queueDepth (visible: number, notVisible: number, delayed: number): void {
    this.#queue.set(visible, { state: 'visible' })
    this.#queue.set(notVisible, { state: 'not_visible' })
    this.#queue.set(delayed, { state: 'delayed' })
  }
}
