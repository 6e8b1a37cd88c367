/**
 * Configuration as data, after Kafka's ConfigDef: each property is one definition from which
 * parsing, validation (with Kafka's error wording) and documentation are produced.
 */
import { configError, type SqsConnectError } from '../../errors.ts'

export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD'
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW'
export type ConfigValue = string | number | boolean | string[] | null

/** Throws a message (without the property prefix) when the parsed value is not allowed. */
export type Validator = ((value: ConfigValue) => string | undefined) & { readonly describe: string }

export interface ConfigKey {
  readonly name: string
  readonly type: ConfigType
  /** undefined means required: there is no default. */
  readonly defaultValue?: ConfigValue
  readonly validator?: Validator
  readonly importance: Importance
  readonly documentation: string
  readonly group?: string
  readonly displayName?: string
}

export interface ConfigProblem {
  readonly name: string
  readonly message: string
}

/** Kafka's ConfigDef.Range. */
export function range (min: number, max: number): Validator {
  const check = (value: ConfigValue): string | undefined => {
    if (typeof value !== 'number') return undefined
    if (value < min) return `Value must be at least ${min}`
    if (value > max) return `Value must be no more than ${max}`
    return undefined
  }
  return Object.assign(check, { describe: `[${min},...,${max}]` })
}

/** Kafka's ConfigDef.NonEmptyString. */
export const nonEmptyString: Validator = Object.assign(
  (value: ConfigValue) => (typeof value === 'string' && value.trim() === '' ? 'String must be non-empty' : undefined),
  { describe: 'non-empty string' }
)

function parseValue (key: ConfigKey, raw: string): ConfigValue {
  const text = raw.trim()
  switch (key.type) {
    case 'BOOLEAN':
      if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true'
      throw new Error('Expected value to be either true or false')
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      if (!/^[+-]?\d+$/.test(text)) throw new Error(`Not a number of type ${key.type}`)
      const n = Number(text)
      const limit = key.type === 'INT' ? 2 ** 31 : key.type === 'SHORT' ? 2 ** 15 : 2 ** 63
      if (n < -limit || n >= limit) throw new Error(`Not a number of type ${key.type}`)
      return n
    }
    case 'DOUBLE': {
      const n = Number(text)
      if (text === '' || Number.isNaN(n)) throw new Error('Not a number of type DOUBLE')
      return n
    }
    case 'LIST':
      return text === '' ? [] : text.split(/\s*,\s*/)
    case 'PASSWORD':
      return raw
    case 'STRING':
    case 'CLASS':
      return text
  }
}

/** A password shown in errors and logs; Kafka prints [hidden]. */
function shown (key: ConfigKey, raw: string): string {
  return key.type === 'PASSWORD' ? '[hidden]' : raw
}

export interface ParsedConfig {
  readonly values: Readonly<Record<string, ConfigValue>>
  readonly problems: readonly ConfigProblem[]
}

/** Parses and validates `props` against `keys`; collects every problem instead of stopping at the first. */
export function parseConfig (keys: readonly ConfigKey[], props: Readonly<Record<string, string>>): ParsedConfig {
  const values: Record<string, ConfigValue> = {}
  const problems: ConfigProblem[] = []
  for (const key of keys) {
    const raw = props[key.name]
    if (raw === undefined) {
      if (key.defaultValue === undefined) {
        problems.push({ name: key.name, message: `Missing required configuration "${key.name}" which has no default value.` })
        continue
      }
      values[key.name] = key.defaultValue
      continue
    }
    let value: ConfigValue
    try {
      value = parseValue(key, raw)
    } catch (error) {
      problems.push({ name: key.name, message: `Invalid value ${shown(key, raw)} for configuration ${key.name}: ${(error as Error).message}` })
      continue
    }
    const complaint = key.validator?.(value)
    if (complaint !== undefined) {
      problems.push({ name: key.name, message: `Invalid value ${shown(key, raw)} for configuration ${key.name}: ${complaint}` })
      continue
    }
    values[key.name] = value
  }
  return { values, problems }
}

/** One error listing every problem, named after the first property at fault. */
export function problemsError (what: string, problems: readonly ConfigProblem[]): SqsConnectError {
  const lines = problems.map((p) => `  ${p.name}: ${p.message}`).join('\n')
  return configError(problems[0]?.name ?? what, `${what} is invalid and contains the following ${problems.length} error(s):\n${lines}`)
}

/** parseConfig that throws a config error naming each bad property. */
export function parseConfigOrThrow (what: string, keys: readonly ConfigKey[], props: Readonly<Record<string, string>>): Readonly<Record<string, ConfigValue>> {
  const parsed = parseConfig(keys, props)
  if (parsed.problems.length > 0) throw problemsError(what, parsed.problems)
  return parsed.values
}
