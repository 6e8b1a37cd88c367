/** Topic administration the CLI and tests need: create (idempotently), list, change a topic's configs. */
import { Admin, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka'
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

  async listTopics (): Promise<string[]> {
    return await this.#admin.listTopics()
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#admin.close()
  }
}
