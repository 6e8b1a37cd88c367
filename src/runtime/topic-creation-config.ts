/**
 * Connect's topic creation properties for source connectors (KIP-158): `topic.creation.groups` and
 * `topic.creation.<group>.{include,exclude,replication.factor,partitions,<topic config>}`. Parsed and
 * validated here; creating the topics belongs to the topic creation feature.
 */
import { validateConfigKeys, type ConfigKey, type ConfigValue, type ValidatedValue, type Validator } from '../connect/config/config-def.ts'

export const TOPIC_CREATION_PREFIX = 'topic.creation.'
const DEFAULT_GROUP = 'default'

export interface TopicCreationGroup {
  readonly name: string
  readonly include: readonly RegExp[]
  readonly exclude: readonly RegExp[]
  /** -1: the broker's default. */
  readonly replicationFactor: number
  readonly partitions: number
  /** Every other `topic.creation.<group>.<config>`: passed on as a topic config (e.g. cleanup.policy). */
  readonly topicConfigs: Readonly<Record<string, string>>
}

export interface TopicCreationConfig {
  /** False when no topic.creation.* key is set (or the worker disabled topic creation). */
  readonly enabled: boolean
  /** The default group last: it takes every topic no other group matched. */
  readonly groups: readonly TopicCreationGroup[]
  readonly values: readonly ValidatedValue[]
  readonly keys: readonly ConfigKey[]
}

const minusOneOrPositive = (what: string): Validator => Object.assign(
  (value: ConfigValue) => typeof value === 'number' && value !== -1 && value < 1
    ? `${what} must be positive${what === 'Replication factor' ? ' and not larger than the number of brokers in the Kafka cluster' : ''}, or -1 to use the broker's default`
    : undefined,
  { describe: 'Positive number, or -1 to use the broker\'s default' }
)

const regexList: Validator = Object.assign(
  (value: ConfigValue) => {
    for (const pattern of Array.isArray(value) ? value : []) {
      try {
        new RegExp(pattern)
      } catch (error) {
        return `Syntax error in regular expression: ${(error as Error).message}`
      }
    }
    return undefined
  },
  { describe: 'regular expressions' }
)

const RESERVED = new Set(['include', 'exclude', 'replication.factor', 'partitions'])

function groupKeys (group: string, fallback: { replicationFactor?: number, partitions?: number }): ConfigKey[] {
  const prefix = `${TOPIC_CREATION_PREFIX}${group}.`
  const configGroup = group === DEFAULT_GROUP ? DEFAULT_GROUP : `Topic Creation: ${group}`
  return [
    { name: `${prefix}include`, type: 'LIST', defaultValue: group === DEFAULT_GROUP ? ['.*'] : [], validator: regexList, importance: 'LOW', group: configGroup, orderInGroup: 1, width: 'LONG', displayName: `Inclusion Topic Pattern for ${configGroup}`, documentation: 'Regular expressions of the topic names this group applies to.' },
    { name: `${prefix}exclude`, type: 'LIST', defaultValue: [], validator: regexList, importance: 'LOW', group: configGroup, orderInGroup: 2, width: 'LONG', displayName: `Exclusion Topic Pattern for ${configGroup}`, documentation: 'Regular expressions of the topic names this group does not apply to.' },
    { name: `${prefix}replication.factor`, type: 'SHORT', ...(fallback.replicationFactor === undefined ? {} : { defaultValue: fallback.replicationFactor }), validator: minusOneOrPositive('Replication factor'), importance: 'LOW', group: configGroup, orderInGroup: 3, width: 'LONG', displayName: `Replication Factor for Topics in ${configGroup}`, documentation: 'The replication factor of topics this group creates; -1 for the broker default.' },
    { name: `${prefix}partitions`, type: 'INT', ...(fallback.partitions === undefined ? {} : { defaultValue: fallback.partitions }), validator: minusOneOrPositive('Number of partitions'), importance: 'LOW', group: configGroup, orderInGroup: 4, width: 'LONG', displayName: `Partition Count for Topics in ${configGroup}`, documentation: 'The partition count of topics this group creates; -1 for the broker default.' }
  ]
}

function topicConfigsOf (group: string, props: Readonly<Record<string, string>>): Record<string, string> {
  const prefix = `${TOPIC_CREATION_PREFIX}${group}.`
  const configs: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith(prefix) && !RESERVED.has(key.slice(prefix.length))) configs[key.slice(prefix.length)] = value
  }
  return configs
}

/** Parses the topic creation properties; problems are in `values` (errors per property). */
export function parseTopicCreationConfig (props: Readonly<Record<string, string>>, workerAllowsCreation = true): TopicCreationConfig {
  const used = workerAllowsCreation && Object.keys(props).some((key) => key.startsWith(TOPIC_CREATION_PREFIX))
  if (!used) return { enabled: false, groups: [], values: [], keys: [] }
  const defaultKeys = groupKeys(DEFAULT_GROUP, {})
  const defaultValues = validateConfigKeys(defaultKeys, props)
  const number = (values: readonly ValidatedValue[], suffix: string): number | undefined => {
    const found = values.find((v) => v.name.endsWith(`.${suffix}`))?.value
    return typeof found === 'number' ? found : undefined
  }
  const fallback = { replicationFactor: number(defaultValues, 'replication.factor') ?? -1, partitions: number(defaultValues, 'partitions') ?? -1 }
  const aliases = (props[`${TOPIC_CREATION_PREFIX}groups`] ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '' && a !== DEFAULT_GROUP)
  const keys: ConfigKey[] = [...defaultKeys]
  const values: ValidatedValue[] = [...defaultValues]
  const groups: TopicCreationGroup[] = []
  for (const alias of [...new Set(aliases)]) {
    const aliasKeys = groupKeys(alias, fallback)
    const aliasValues = validateConfigKeys(aliasKeys, props)
    keys.push(...aliasKeys)
    values.push(...aliasValues)
    groups.push(toGroup(alias, aliasValues, props))
  }
  groups.push(toGroup(DEFAULT_GROUP, defaultValues, props))
  return { enabled: true, groups, values, keys }
}

function toGroup (name: string, values: readonly ValidatedValue[], props: Readonly<Record<string, string>>): TopicCreationGroup {
  const get = (suffix: string): ConfigValue => values.find((v) => v.name === `${TOPIC_CREATION_PREFIX}${name}.${suffix}`)?.value ?? null
  const patterns = (suffix: string): RegExp[] => {
    const list = get(suffix)
    if (!Array.isArray(list)) return []
    return list.flatMap((p) => { try { return [new RegExp(`^(?:${p})$`)] } catch { return [] } })
  }
  return {
    name,
    include: patterns('include'),
    exclude: patterns('exclude'),
    replicationFactor: typeof get('replication.factor') === 'number' ? get('replication.factor') as number : -1,
    partitions: typeof get('partitions') === 'number' ? get('partitions') as number : -1,
    topicConfigs: topicConfigsOf(name, props)
  }
}
