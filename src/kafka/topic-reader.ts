/** Reads a topic from the beginning (a throwaway consumer group), for the quickstart and tests. */
import { randomUUID } from 'node:crypto'
import { Consumer, FetchIsolationLevels, MessagesStreamModes } from '@platformatic/kafka'

export interface ReadRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
  readonly timestamp: bigint
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>
}

export interface ReadOptions {
  /** Stop once this many records arrived. */
  readonly count: number
  /** Give up waiting after this long and return what arrived. */
  readonly timeoutMs: number
  /**
   * Kafka's isolation.level; read_committed (the client's default) by default. For topics written in transactions,
   * src/kafka/committed-log-reader.ts is exact: the client's own filter can drop or fail on aborted transactions that
   * span fetch responses.
   */
  readonly isolationLevel?: 'read_committed' | 'read_uncommitted'
}

/** Collects records of `topic` from offset 0 until `count` arrived or the time is up. */
export async function readTopic (bootstrapServers: readonly string[], topic: string, options: ReadOptions): Promise<ReadRecord[]> {
  const consumer = new Consumer({
    clientId: 'sqs-connect-reader',
    groupId: `sqs-connect-reader-${randomUUID()}`,
    bootstrapBrokers: [...bootstrapServers],
    maxWaitTime: 200,
    timeout: 10_000,
    autocommit: false,
    isolationLevel: options.isolationLevel === 'read_uncommitted' ? FetchIsolationLevels.READ_UNCOMMITTED : FetchIsolationLevels.READ_COMMITTED
  })
  const records: ReadRecord[] = []
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST })
    const deadline = setTimeout(() => { void stream.close() }, options.timeoutMs)
    try {
      for await (const message of stream) {
        records.push({
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          timestamp: message.timestamp,
          // The client hands Kafka nulls over as undefined or null; keep them distinct from empty bytes.
          key: message.key ?? null,
          value: message.value ?? null,
          headers: [...message.headers].map(([k, v]) => [k.toString('utf8'), v ?? null] as const)
        })
        if (records.length >= options.count) break
      }
    } finally {
      clearTimeout(deadline)
      await stream.close()
    }
  } finally {
    await consumer.close(true)
  }
  return records
}
