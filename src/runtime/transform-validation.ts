/**
 * Validation of `transforms.*` and `predicates.*` as Connect's ConnectorConfig.enrich does it: each
 * alias gets a group (`Transforms: <alias>`, `Predicates: <alias>`), a required `type` key, and its
 * plugin's keys embedded under the alias prefix, validated like any other key. Beyond Connect (which
 * only finds these at task start), a predicate alias missing from `predicates` and a transform whose
 * configure() refuses its properties are reported here too.
 */
import { validateConfigKeys, type ConfigKey, type ValidatedValue } from '../connect/config/config-def.ts'
import { configuredPlugin, aliasList } from './transform-chain.ts'
import { findTransformPlugin } from './transform-plugins.ts'

export interface TransformValidation {
  readonly keys: ConfigKey[]
  readonly values: ValidatedValue[]
  readonly groups: string[]
}

const IMPORTANCE = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const

/** ConfigDef.sortedConfigs for keys without groups: required first, then by importance, then by name. */
function sorted (keys: readonly ConfigKey[]): ConfigKey[] {
  return [...keys].sort((a, b) => {
    const ra = a.defaultValue === undefined ? 0 : 1
    const rb = b.defaultValue === undefined ? 0 : 1
    if (ra !== rb) return ra - rb
    if (a.importance !== b.importance) return IMPORTANCE[a.importance] - IMPORTANCE[b.importance]
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  })
}

/** The keys every transform has implicitly. */
const STAGE_KEYS: readonly ConfigKey[] = [
  { name: 'predicate', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'The alias of a predicate used to determine whether to apply this transformation.' },
  { name: 'negate', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', documentation: 'Whether the configured predicate should be negated.' }
]

function validateAlias (kind: 'transforms' | 'predicates', alias: string, props: Readonly<Record<string, string>>, predicates: ReadonlySet<string>, out: TransformValidation): void {
  const prefix = `${kind}.${alias}.`
  const group = `${kind === 'transforms' ? 'Transforms' : 'Predicates'}: ${alias}`
  const noun = kind === 'transforms' ? 'transformation' : 'predicate'
  out.groups.push(group)
  const typeKey: ConfigKey = {
    name: prefix + 'type', type: 'CLASS', importance: 'HIGH', group, orderInGroup: 0, width: 'LONG',
    displayName: `${noun === 'transformation' ? 'Transformation' : 'Predicate'} type for ${alias}`,
    documentation: `Class for the '${alias}' ${noun}.`
  }
  out.keys.push(typeKey)
  const typeValue: ValidatedValue = { name: typeKey.name, value: props[typeKey.name]?.trim() ?? null, errors: [], visible: true }
  out.values.push(typeValue)
  if (kind === 'transforms' && props[prefix + 'negate'] !== undefined && props[prefix + 'predicate'] === undefined) {
    typeValue.errors.push(`Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`)
  }
  const typeName = props[typeKey.name]
  if (typeName === undefined) {
    typeValue.errors.unshift(`Missing required configuration "${typeKey.name}" which has no default value.`)
    return
  }
  const plugin = findTransformPlugin(typeName)
  if (plugin === undefined || plugin.kind !== noun) {
    typeValue.value = null
    typeValue.errors.unshift(plugin === undefined
      ? `Invalid value ${typeName} for configuration ${typeKey.name}: Class ${typeName} could not be found.`
      : `Invalid value ${typeName} for configuration ${typeKey.name}: ${plugin.className} is a ${plugin.kind}, not a ${noun}.`)
    return
  }
  const pluginKeys = plugin.create().config().filter((k) => kind !== 'transforms' || (k.name !== 'predicate' && k.name !== 'negate'))
  const embedded = sorted([...(kind === 'transforms' ? STAGE_KEYS : []), ...pluginKeys]).map((k, i): ConfigKey => ({
    ...k, name: prefix + k.name, group, orderInGroup: i + 1, displayName: k.displayName ?? k.name
  }))
  const values = validateConfigKeys(embedded, props)
  out.keys.push(...embedded)
  out.values.push(...values)
  if (kind === 'transforms') {
    const predicate = props[prefix + 'predicate']?.trim()
    if (predicate !== undefined && predicate !== '' && !predicates.has(predicate)) {
      values.find((v) => v.name === prefix + 'predicate')?.errors.push(`Predicate ${predicate} is not listed in predicates (${[...predicates].join(',')})`)
    }
  }
  // Only when every key is fine: configure() may refuse combinations no single key shows (e.g. no field to insert).
  if (typeValue.errors.length === 0 && values.every((v) => v.errors.length === 0)) {
    try {
      configuredPlugin(kind, alias, props).close()
    } catch (error) {
      typeValue.errors.push((error as Error).message)
    }
  }
}

/** The ConfigInfos part for every transform and predicate alias of `props`. */
export function validateTransforms (props: Readonly<Record<string, string>>): TransformValidation {
  const out: TransformValidation = { keys: [], values: [], groups: [] }
  const predicates = [...new Set(aliasList(props, 'predicates'))]
  for (const alias of new Set(aliasList(props, 'transforms'))) validateAlias('transforms', alias, props, new Set(predicates), out)
  for (const alias of predicates) validateAlias('predicates', alias, props, new Set(predicates), out)
  return out
}
