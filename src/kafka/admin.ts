/** Topic administration the CLI, the runtime's error messages and tests need: create (idempotently), list, configs, limits, sizes, quotas. */
import { Admin, ClientQuotaEntityTypes, ClientQuotaKeys, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka'
import { protocolErrorIds } from './errors.ts'

export interface TopicSpec {
  readonly name: string
  readonly partitions?: number
  readonly replicationFactor?: number
  readonly configs?: Readonly<Record<string, string>>
}

/** A short-lived admin connection; close() is idempotent. */
export class KafkaAdmin {
  readonly #admin: Admin
  #closed = false

  constructor (bootstrapServers: readonly string[], clientId = 'sqs-connect-admin') {
    this.#admin = new Admin({ clientId, bootstrapBrokers: [...bootstrapServers], timeout: 10_000, retries: 5, retryDelay: 500 })
  }

  /** Creates the topic unless it exists already. */
  async ensureTopic (spec: TopicSpec): Promise<void> {
    try {
      await this.#admin.createTopics({
        topics: [spec.name],
        partitions: spec.partitions ?? 1,
        replicas: spec.replicationFactor ?? 1,
        configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value }))
      })
    } catch (error) {
      if (!protocolErrorIds(error).includes('TOPIC_ALREADY_EXISTS')) throw error
    }
  }

  /** Sets topic-level configs (e.g. max.message.bytes), leaving the others as they are. */
  async setTopicConfigs (name: string, configs: Readonly<Record<string, string>>): Promise<void> {
    await this.#admin.incrementalAlterConfigs({
      resources: [{
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: name,
        configs: Object.entries(configs).map(([key, value]) => ({ name: key, value, configOperation: IncrementalAlterConfigOperationTypes.SET }))
      }]
    })
  }

  /** The cluster id the brokers report (GET / shows it as kafka_cluster_id). */
  async clusterId (): Promise<string> {
    return (await this.#admin.metadata({ topics: [] })).id
  }

  async listTopics (): Promise<string[]> {
    return await this.#admin.listTopics()
  }

  /** The topic's max.message.bytes (the most bytes of one record batch the broker takes), when the broker says. */
  async topicMaxMessageBytes (topic: string): Promise<number | undefined> {
    const [description] = await this.#admin.describeConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['max.message.bytes'] }]
    })
    const value = description?.configs.find((c) => c.name === 'max.message.bytes')?.value
    return value === undefined || value === null ? undefined : Number(value)
  }

  /** Bytes on disk of each partition of `topic` (summed over log dirs), by partition number. */
  async partitionSizes (topic: string, partitions: readonly number[] = [0]): Promise<Map<number, bigint>> {
    const sizes = new Map<number, bigint>()
    const brokers = await this.#admin.describeLogDirs({ topics: [{ name: topic, partitions: [...partitions] }] })
    for (const broker of brokers) {
      for (const dir of broker.results) {
        for (const t of dir.topics) {
          if (t.name !== topic) continue
          for (const p of t.partitions) sizes.set(p.partitionIndex, (sizes.get(p.partitionIndex) ?? 0n) + p.partitionSize)
        }
      }
    }
    return sizes
  }

  /** Throttles what producers with this client id may write (a broker quota), in bytes per second. */
  async limitProducerRate (clientId: string, bytesPerSecond: number): Promise<void> {
    await this.#admin.alterClientQuotas({
      entries: [{
        entities: [{ entityType: ClientQuotaEntityTypes.CLIENT_ID, entityName: clientId }],
        ops: [{ key: ClientQuotaKeys.PRODUCER_BYTE_RATE, value: bytesPerSecond, remove: false }]
      }]
    })
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#admin.close()
  }
}
