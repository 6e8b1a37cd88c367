/** Kafka helpers for tests: unique topics, reading records back, waiting for a condition. */
import { randomUUID } from 'node:crypto'
import { KafkaAdmin } from '../../../src/kafka/admin.ts'
import { readTopic, type ReadRecord } from '../../../src/kafka/topic-reader.ts'

/** A fresh topic named after `prefix`, with `partitions` and topic `configs` (e.g. max.message.bytes). */
export async function createTopic (bootstrap: string, prefix: string, partitions = 1, configs: Record<string, string> = {}): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`
  const admin = new KafkaAdmin([bootstrap])
  try {
    await admin.ensureTopic({ name, partitions, configs })
  } finally {
    await admin.close()
  }
  return name
}

/** Reads until `count` records arrived or `timeoutMs` passed. */
export async function readRecords (bootstrap: string, topic: string, count: number, timeoutMs = 60_000): Promise<ReadRecord[]> {
  return await readTopic([bootstrap], topic, { count, timeoutMs })
}

export interface KeyPayload { QueueUrl: string, MessageId: string, MessageGroupId: string | null }

/** The MessageId inside a JsonConverter (schemas.enable=true) key. */
export function keyPayload (record: ReadRecord): KeyPayload {
  return (JSON.parse(record.key?.toString('utf8') ?? 'null') as { payload: KeyPayload }).payload
}

/** Polls `check` until it returns true or the time is up. */
export async function waitFor (what: string, check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
}
