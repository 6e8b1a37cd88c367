/** The admin calls a task needs (topic creation, the dead-letter topic), on one connection opened at first use. */
import { KafkaAdmin, type TopicSpec } from '../kafka/admin.ts'

export interface TopicAdmin {
  topicExists (name: string): Promise<boolean>
  createTopic (spec: TopicSpec): Promise<'created' | 'existing'>
  brokerCount (): Promise<number>
}

/** Opens the admin connection on first use; close() is idempotent. */
export class LazyTopicAdmin implements TopicAdmin {
  readonly #open: () => TopicAdmin & { close (): Promise<void> }
  #admin: (TopicAdmin & { close (): Promise<void> }) | undefined
  #closed = false

  constructor (open: () => TopicAdmin & { close (): Promise<void> }) {
    this.#open = open
  }

  static forBootstrap (bootstrapServers: readonly string[], clientId: string): LazyTopicAdmin {
    return new LazyTopicAdmin(() => new KafkaAdmin(bootstrapServers, clientId))
  }

  #get (): TopicAdmin {
    if (this.#closed) throw new Error('The task\'s admin client is closed')
    this.#admin ??= this.#open()
    return this.#admin
  }

  async topicExists (name: string): Promise<boolean> { return await this.#get().topicExists(name) }
  async createTopic (spec: TopicSpec): Promise<'created' | 'existing'> { return await this.#get().createTopic(spec) }
  async brokerCount (): Promise<number> { return await this.#get().brokerCount() }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#admin?.close()
  }
}
