/** What benchmark scenarios share: an in-process worker on the local servers, queues, topics and a read_committed tail. */
import { randomUUID } from 'node:crypto'
import { builtInPlugins } from '../src/cli/plugins.ts'
import { KafkaAdmin } from '../src/kafka/admin.ts'
import { CommittedLogReader } from '../src/kafka/committed-log-reader.ts'
import { createLogger } from '../src/runtime/logging.ts'
import { parseWorkerConfig } from '../src/runtime/worker-config.ts'
import { Worker } from '../src/runtime/worker.ts'

export interface BenchEnv {
  readonly kafkaBootstrap: string
  readonly sqsEndpoint: string
}

/** A measured row: one mode of one scenario. */
export interface BenchRow {
  readonly scenario: string
  readonly mode: string
  /** Rounds alternate the order of the modes. */
  readonly round?: number
  readonly messages: number
  readonly messagesPerSecond?: number
  readonly p50Ms?: number
  readonly p99Ms?: number
}

export async function createTopic (bootstrap: string, prefix: string, partitions: number): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`
  const admin = new KafkaAdmin([bootstrap])
  try {
    await admin.ensureTopic({ name, partitions })
  } finally {
    await admin.close()
  }
  return name
}

/** A standalone-style worker in this process with JsonConverter and one SQS connector. */
export async function startConnector (env: BenchEnv, queueUrl: string, topic: string, workerProps: Record<string, string>, connectorProps: Record<string, string>): Promise<Worker> {
  const worker = new Worker({
    config: parseWorkerConfig({
      'bootstrap.servers': env.kafkaBootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      ...workerProps
    }),
    plugins: builtInPlugins(),
    logger: createLogger(process.env.SQS_CONNECT_LOG_LEVEL ?? 'warn')
  })
  await worker.startConnector({
    name: `bench-${randomUUID().slice(0, 8)}`,
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
    'kafka.topic': topic,
    'sqs.url': queueUrl,
    ...connectorProps
  })
  return worker
}

/**
 * Tails `topic` as a read_committed consumer and calls `onRecord` with each record's value and the time it became
 * visible; stop() ends it.
 */
export function tailCommitted (bootstrap: string, topic: string, onRecord: (value: Buffer | null, seenAt: number) => void): { stop: () => Promise<void> } {
  const reader = new CommittedLogReader([bootstrap], 'bench-tail', topic)
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      await reader.catchUp((e) => onRecord(e.value, Date.now()), 60_000)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await loop.catch(() => {})
      await reader.close()
    }
  }
}

export function percentile (sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
