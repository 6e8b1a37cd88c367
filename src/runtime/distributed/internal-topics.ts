/**
 * Creates the config, offset and status topics when missing, compacted, as Connect's TopicAdmin does; refuses a
 * config topic with more than one partition, as KafkaConfigBackingStore does.
 */
import { KafkaAdmin } from '../../kafka/admin.ts'
import { ErrorCodes, SqsConnectError, configError } from '../../errors.ts'
import type { Logger } from '../logging.ts'
import type { DistributedConfig } from './distributed-config.ts'

interface InternalTopic { readonly property: string, readonly name: string, readonly partitions: number, readonly replicationFactor: number, readonly rfProperty: string }

export function internalTopics (c: DistributedConfig): InternalTopic[] {
  return [
    { property: 'config.storage.topic', name: c.configTopic, partitions: 1, replicationFactor: c.configReplicationFactor, rfProperty: 'config.storage.replication.factor' },
    { property: 'offset.storage.topic', name: c.offsetTopic, partitions: c.offsetPartitions, replicationFactor: c.offsetReplicationFactor, rfProperty: 'offset.storage.replication.factor' },
    { property: 'status.storage.topic', name: c.statusTopic, partitions: c.statusPartitions, replicationFactor: c.statusReplicationFactor, rfProperty: 'status.storage.replication.factor' }
  ]
}

/** Names must differ: Connect refuses one topic for two purposes. */
function checkDistinct (topics: readonly InternalTopic[]): void {
  for (const [i, a] of topics.entries()) {
    const b = topics.slice(i + 1).find((t) => t.name === a.name)
    if (b !== undefined) throw configError(b.property, `${a.property} and ${b.property} both name topic ${a.name}; each internal topic needs its own`)
  }
}

/** A topic just created takes a moment to reach every broker's metadata; readers fail on it until then. */
async function untilKnown (admin: KafkaAdmin, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const known = await admin.describeTopic(name).then((t) => t.partitions > 0, () => false)
    if (known) return
    if (Date.now() > deadline) throw new SqsConnectError(ErrorCodes.KAFKA_UNAVAILABLE, `Topic ${name} was created but does not show in the cluster metadata after ${timeoutMs} ms`, { subject: name, retriable: true })
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export async function ensureInternalTopics (bootstrapServers: readonly string[], config: DistributedConfig, logger: Logger): Promise<void> {
  const topics = internalTopics(config)
  checkDistinct(topics)
  const admin = new KafkaAdmin(bootstrapServers, `${config.groupId}-shared-admin`)
  try {
    const brokers = await admin.brokerCount()
    for (const topic of topics) {
      if (!await admin.topicExists(topic.name)) {
        let replicationFactor = topic.replicationFactor
        if (brokers > 0 && replicationFactor > brokers) {
          logger.warn({ topic: topic.name, replicationFactor, brokers }, `${topic.rfProperty} is ${replicationFactor} but the cluster has ${brokers} broker(s): creating ${topic.name} with replication factor ${brokers}`)
          replicationFactor = brokers
        }
        const created = await admin.createTopic({ name: topic.name, partitions: topic.partitions, replicationFactor, configs: { 'cleanup.policy': 'compact' } })
        if (created === 'created') logger.info({ topic: topic.name, partitions: topic.partitions, replicationFactor }, `Created internal topic ${topic.name} (${topic.property})`)
        await untilKnown(admin, topic.name)
      }
      if (topic.property === 'config.storage.topic') {
        const { partitions } = await admin.describeTopic(topic.name)
        if (partitions !== 1) {
          throw new SqsConnectError(ErrorCodes.CONFIG_INVALID,
            `Topic '${topic.name}' supplied via the 'config.storage.topic' property is required to have a single partition in order to guarantee consistency of connector configurations, but it has ${partitions} partitions. ` +
            'Delete it and let the worker create it, or create it by hand with one partition and cleanup.policy=compact.', { subject: 'config.storage.topic' })
        }
      }
    }
  } finally {
    await admin.close()
  }
}
