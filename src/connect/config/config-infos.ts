/**
 * Connect's validation answer (ConfigInfos, as `PUT /connector-plugins/{plugin}/config/validate`
 * returns it): each block of definitions and validated values becomes entries in Connect's order,
 * with Connect's field names and key order, and passwords shown as [hidden].
 */
import { renderValue, type ConfigKey, type ValidatedValue } from './config-def.ts'

export interface ConfigKeyInfo {
  readonly name: string
  readonly type: string
  readonly required: boolean
  readonly default_value: string | null
  readonly importance: string
  readonly documentation: string
  readonly group: string | null
  /** Kafka 4.x (ConfigKeyInfo became a record) writes `order_in_group` here; 3.x wrote `order` last. */
  readonly order_in_group: number
  readonly width: string
  readonly display_name: string
  readonly dependents: readonly string[]
}

export interface ConfigValueInfo {
  readonly name: string
  readonly value: string | null
  readonly recommended_values: readonly string[]
  readonly errors: readonly string[]
  readonly visible: boolean
}

export interface ConfigInfo {
  readonly definition: ConfigKeyInfo | null
  readonly value: ConfigValueInfo | null
}

export interface ConfigInfos {
  readonly name: string
  readonly error_count: number
  readonly groups: readonly string[]
  readonly configs: readonly ConfigInfo[]
}

/** One part of the answer: the definitions of a config, the values validated against them, their groups. */
export interface ValidationBlock {
  readonly keys: readonly ConfigKey[]
  readonly values: readonly ValidatedValue[]
}

/** AbstractHerder.convertConfigKey. */
export function configKeyInfo (key: ConfigKey): ConfigKeyInfo {
  const required = key.defaultValue === undefined
  return {
    name: key.name,
    type: key.type,
    required,
    default_value: required ? null : renderValue(key.type, key.defaultValue),
    importance: key.importance,
    documentation: key.documentation,
    group: key.group ?? null,
    order_in_group: key.orderInGroup ?? -1,
    width: key.width ?? 'NONE',
    display_name: key.displayName ?? key.name,
    dependents: key.dependents ?? []
  }
}

function configValueInfo (value: ValidatedValue, key: ConfigKey | undefined): ConfigValueInfo {
  return {
    name: value.name,
    value: key === undefined ? (value.raw ?? renderValue(undefined, value.value)) : renderValue(key.type, value.value),
    recommended_values: [],
    errors: value.errors,
    visible: value.visible
  }
}

/** The groups of some definitions, in first-seen order. */
export function groupsOf (keys: readonly ConfigKey[]): string[] {
  return [...new Set(keys.flatMap((key) => key.group === undefined ? [] : [key.group]))]
}

/**
 * AbstractHerder.generateResult: values without a definition come first, then every definition in order
 * with its value (or null); the error count is the number of error messages.
 */
export function configInfos (connectorClass: string, block: ValidationBlock, groups: readonly string[] = groupsOf(block.keys)): ConfigInfos {
  const byName = new Map(block.keys.map((key) => [key.name, key]))
  const valueByName = new Map(block.values.map((value) => [value.name, value]))
  const configs: ConfigInfo[] = []
  let errorCount = 0
  for (const value of block.values) {
    if (byName.has(value.name)) continue
    configs.push({ definition: null, value: configValueInfo(value, undefined) })
    errorCount += value.errors.length
  }
  for (const key of block.keys) {
    const value = valueByName.get(key.name)
    configs.push({ definition: configKeyInfo(key), value: value === undefined ? null : configValueInfo(value, key) })
    errorCount += value?.errors.length ?? 0
  }
  return { name: connectorClass, error_count: errorCount, groups, configs }
}

/** Every error message of an answer, each prefixed with its property. */
export function configInfosProblems (infos: ConfigInfos): Array<{ name: string, message: string }> {
  return infos.configs.flatMap((config) => (config.value?.errors ?? []).map((message) => ({ name: config.value?.name ?? config.definition?.name ?? '', message })))
}
