/** Topic administration the CLI, the runtime (topic creation, error messages) and tests need: create, list, describe, configs, limits, sizes, quotas. */
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

  /**
   * Creates the topic as given (-1 partitions or replication factor: the broker's default);
   * 'existing' when a topic of that name exists already, which is left as it is.
   */
  async createTopic (spec: TopicSpec): Promise<'created' | 'existing'> {
    try {
      await this.#admin.createTopics({
        topics: [spec.name],
        partitions: spec.partitions ?? -1,
        replicas: spec.replicationFactor ?? -1,
        configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value }))
      })
      return 'created'
    } catch (error) {
      if (protocolErrorIds(error).includes('TOPIC_ALREADY_EXISTS')) return 'existing'
      throw error
    }
  }

  /** True when the cluster has the topic (fresh metadata, without creating it). */
  async topicExists (name: string): Promise<boolean> {
    return (await this.#admin.listTopics({ includeInternals: true })).includes(name)
  }

  /** The brokers the cluster metadata lists. */
  async brokerCount (): Promise<number> {
    return (await this.#admin.metadata({ topics: [], forceUpdate: true })).brokers.size
  }

  /** Partition count and the replica count of partition 0, from fresh metadata. */
  async describeTopic (name: string): Promise<{ partitions: number, replicationFactor: number }> {
    const metadata = await this.#admin.metadata({ topics: [name], forceUpdate: true })
    const topic = metadata.topics.get(name)
    if (topic === undefined) throw new Error(`Topic ${name} is not in the cluster metadata`)
    return { partitions: topic.partitionsCount, replicationFactor: topic.partitions[0]?.replicas.length ?? 0 }
  }

  /** Topic config values by name, as the broker reports them (defaults included). */
  async topicConfigs (name: string, keys: readonly string[]): Promise<Record<string, string | null>> {
    const [description] = await this.#admin.describeConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: name, configurationKeys: [...keys] }]
    })
    return Object.fromEntries((description?.configs ?? []).map((c) => [c.name, c.value ?? null]))
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
