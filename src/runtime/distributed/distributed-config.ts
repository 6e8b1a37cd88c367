/** The worker properties of distributed mode (Connect's DistributedConfig), parsed as data. */
import { kafkaTopicName, nonEmptyString, oneOf, parseConfigOrThrow, range, type ConfigKey, type ConfigValue, type Validator } from '../../connect/config/config-def.ts'

/** -1 (the broker's default) or at least 1, as Connect allows. */
const replicationFactor: Validator = Object.assign(
  (value: ConfigValue) => (typeof value === 'number' && value !== -1 && value < 1 ? 'Replication factor must be positive, or -1 to use the broker\'s default' : undefined),
  { describe: '-1 or at least 1' }
)
const partitions: Validator = Object.assign(
  (value: ConfigValue) => (typeof value === 'number' && value !== -1 && value < 1 ? 'Number of partitions must be positive, or -1 to use the broker\'s default' : undefined),
  { describe: '-1 or at least 1' }
)

const rf = (name: string, what: string): ConfigKey => ({
  name, type: 'SHORT', defaultValue: 3, validator: replicationFactor, importance: 'LOW',
  documentation: `Replication factor of the ${what} topic when the worker creates it; -1 uses the broker's default. Above the cluster's broker count it is lowered to that count with a warning.`
})

export const distributedConfigKeys: readonly ConfigKey[] = [
  { name: 'group.id', type: 'STRING', validator: nonEmptyString, importance: 'HIGH', documentation: 'The Connect cluster this worker belongs to (its Kafka group).' },
  { name: 'config.storage.topic', type: 'STRING', validator: kafkaTopicName, importance: 'HIGH', documentation: 'Compacted topic, one partition, holding connector and task configs and target states.' },
  { name: 'offset.storage.topic', type: 'STRING', validator: kafkaTopicName, importance: 'HIGH', documentation: 'Compacted topic for source offsets (created; SQS has no offsets to store).' },
  { name: 'status.storage.topic', type: 'STRING', validator: kafkaTopicName, importance: 'HIGH', documentation: 'Compacted topic holding connector and task statuses.' },
  rf('config.storage.replication.factor', 'config'),
  rf('offset.storage.replication.factor', 'offset'),
  rf('status.storage.replication.factor', 'status'),
  { name: 'offset.storage.partitions', type: 'INT', defaultValue: 25, validator: partitions, importance: 'LOW', documentation: 'Partitions of the offset topic when the worker creates it.' },
  { name: 'status.storage.partitions', type: 'INT', defaultValue: 5, validator: partitions, importance: 'LOW', documentation: 'Partitions of the status topic when the worker creates it.' },
  { name: 'session.timeout.ms', type: 'INT', defaultValue: 10_000, validator: range(1, 2_147_483_647), importance: 'HIGH', documentation: 'A worker that sends no heartbeat for this long leaves the group; its work is reassigned.' },
  { name: 'heartbeat.interval.ms', type: 'INT', defaultValue: 3000, validator: range(1, 2_147_483_647), importance: 'HIGH', documentation: 'Time between heartbeats to the group coordinator.' },
  { name: 'rebalance.timeout.ms', type: 'INT', defaultValue: 60_000, validator: range(1, 2_147_483_647), importance: 'MEDIUM', documentation: 'How long each worker may take to rejoin during a rebalance.' },
  {
    name: 'scheduled.rebalance.max.delay.ms', type: 'INT', defaultValue: 300_000, validator: range(0, 2_147_483_647), importance: 'LOW',
    documentation: 'How long the work of a departed worker is held for it to come back before it is given to the others.'
  },
  { name: 'connect.protocol', type: 'STRING', defaultValue: 'sessioned', validator: oneOf(['eager', 'compatible', 'sessioned']), importance: 'LOW', documentation: 'The group protocol: eager, compatible or sessioned.' },
  { name: 'worker.sync.timeout.ms', type: 'INT', defaultValue: 3000, validator: range(1, 2_147_483_647), importance: 'MEDIUM', documentation: 'How long a worker waits to read the config topic up to date before it leaves and rejoins.' }
]

export interface DistributedConfig {
  readonly groupId: string
  readonly configTopic: string
  readonly offsetTopic: string
  readonly statusTopic: string
  readonly configReplicationFactor: number
  readonly offsetReplicationFactor: number
  readonly statusReplicationFactor: number
  readonly offsetPartitions: number
  readonly statusPartitions: number
  readonly sessionTimeoutMs: number
  readonly heartbeatIntervalMs: number
  readonly rebalanceTimeoutMs: number
  readonly scheduledRebalanceMaxDelayMs: number
  readonly protocol: 'eager' | 'compatible' | 'sessioned'
  readonly workerSyncTimeoutMs: number
}

/** Throws one config error naming every missing or bad property. */
export function parseDistributedConfig (props: Readonly<Record<string, string>>): DistributedConfig {
  const v = parseConfigOrThrow('Worker configuration', distributedConfigKeys, props)
  return {
    groupId: v['group.id'] as string,
    configTopic: v['config.storage.topic'] as string,
    offsetTopic: v['offset.storage.topic'] as string,
    statusTopic: v['status.storage.topic'] as string,
    configReplicationFactor: v['config.storage.replication.factor'] as number,
    offsetReplicationFactor: v['offset.storage.replication.factor'] as number,
    statusReplicationFactor: v['status.storage.replication.factor'] as number,
    offsetPartitions: v['offset.storage.partitions'] as number,
    statusPartitions: v['status.storage.partitions'] as number,
    sessionTimeoutMs: v['session.timeout.ms'] as number,
    heartbeatIntervalMs: v['heartbeat.interval.ms'] as number,
    rebalanceTimeoutMs: v['rebalance.timeout.ms'] as number,
    scheduledRebalanceMaxDelayMs: v['scheduled.rebalance.max.delay.ms'] as number,
    protocol: v['connect.protocol'] as DistributedConfig['protocol'],
    workerSyncTimeoutMs: v['worker.sync.timeout.ms'] as number
  }
}
