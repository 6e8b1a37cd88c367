/**
 * Connect's topic creation for source tasks (KIP-158, TopicCreation and WorkerSourceTask.maybeCreateTopic): before
 * the first record for a topic is written, the task checks whether the topic exists and, if not, creates it with
 * the settings of the first topic.creation group whose include pattern matches and no exclude pattern does (the
 * default group otherwise). A topic that exists is left as it is; each topic is checked once per task.
 */
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import type { Logger } from './logging.ts'
import type { TopicAdmin } from './topic-admin.ts'
import type { TopicCreationConfig, TopicCreationGroup } from './topic-creation-config.ts'

export interface TopicCreationOptions {
  readonly config: TopicCreationConfig
  readonly admin: TopicAdmin
  readonly logger: Logger
}

/** The group whose settings a new topic gets: the first matching named group, else the default group (last). */
export function groupFor (topic: string, groups: readonly TopicCreationGroup[]): TopicCreationGroup | undefined {
  const named = groups.slice(0, -1).find((g) => g.include.some((r) => r.test(topic)) && !g.exclude.some((r) => r.test(topic)))
  return named ?? groups.at(-1)
}

export class TopicCreation {
  readonly #o: TopicCreationOptions
  /** Topics known to exist (found or created). */
  readonly #known = new Set<string>()

  constructor (options: TopicCreationOptions) {
    this.#o = options
  }

  get enabled (): boolean {
    return this.#o.config.enabled
  }

  /** Makes sure `topic` exists when topic creation is on; a no-op when it is off or the topic was seen before. */
  async ensure (topic: string): Promise<void> {
    if (!this.enabled || this.#known.has(topic)) return
    const { admin, logger } = this.#o
    const group = groupFor(topic, this.#o.config.groups)
    if (group === undefined) return
    const spec = { name: topic, partitions: group.partitions, replicationFactor: group.replicationFactor, configs: group.topicConfigs }
    try {
      logger.info({ topic }, `The task will send records to topic '${topic}' for the first time. Checking whether topic exists`)
      if (await admin.topicExists(topic)) {
        logger.info({ topic }, `Topic '${topic}' already exists.`)
      } else {
        const outcome = await admin.createTopic(spec)
        logger.info({ topic, group: group.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor, configs: spec.configs },
          outcome === 'created' ? `Created topic '${topic}' using creation group ${group.name}` : `Found existing topic '${topic}'`)
      }
    } catch (error) {
      throw new SqsConnectError(ErrorCodes.KAFKA_TOPIC_CREATION_FAILED,
        `Task failed to create new topic ${topic} (topic.creation group ${group.name}: partitions ${spec.partitions}, replication factor ${spec.replicationFactor}` +
        `${Object.keys(spec.configs).length > 0 ? `, configs ${JSON.stringify(spec.configs)}` : ''}): ${(error as Error).message}. ` +
        'Ensure that the task is authorized to create topics (CreateTopics on the cluster or topic) and that the settings fit the cluster (a replication factor ' +
        'above the number of brokers is refused), or create the topic yourself, and restart the task. Its messages stay in SQS.',
        { cause: error, subject: topic })
    }
    this.#known.add(topic)
  }
}
