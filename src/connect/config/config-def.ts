/**
 * Configuration as data, after Kafka's ConfigDef: each property is one definition from which
 * parsing, validation (with Kafka's error wording) and documentation are produced.
 */
import { configError, type SqsConnectError } from '../../errors.ts'

export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD'
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW'
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG'
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
  /** Position within the group, from 1; Connect shows -1 when a key has none. */
  readonly orderInGroup?: number
  readonly width?: Width
  readonly displayName?: string
  /** Names of the properties whose validity depends on this one. */
  readonly dependents?: readonly string[]
}

export interface ConfigProblem {
  readonly name: string
  readonly message: string
}

/** Kafka's ConfigDef.Range. */
export function range (min: number, max: number): Validator {
  const check = (value: ConfigValue): string | undefined => {
    if (value === null) return 'Value must be non-null'
    if (typeof value !== 'number') return undefined
    if (value < min) return `Value must be at least ${min}`
    if (value > max) return `Value must be no more than ${max}`
    return undefined
  }
  return Object.assign(check, { describe: `[${min},...,${max}]` })
}

/** Kafka's ConfigDef.Range.atLeast. */
export function atLeast (min: number): Validator {
  const check = (value: ConfigValue): string | undefined => {
    if (value === null) return 'Value must be non-null'
    return typeof value === 'number' && value < min ? `Value must be at least ${min}` : undefined
  }
  return Object.assign(check, { describe: `[${min},...]` })
}

/** An absolute URL with one of the given schemes; `optional` also lets the empty string through. */
export function urlWithScheme (schemes: readonly string[], optional = false): Validator {
  const check = (value: ConfigValue): string | undefined => {
    if (typeof value !== 'string') return undefined
    if (value === '') return optional ? undefined : 'String must be non-empty'
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return `Expected an absolute URL such as ${schemes[0] ?? 'https'}://host:port`
    }
    const scheme = url.protocol.replace(/:$/, '')
    if (!schemes.includes(scheme)) return `URL scheme must be one of ${schemes.join(', ')}, not ${scheme}`
    if (url.hostname === '') return 'URL must name a host'
    return undefined
  }
  return Object.assign(check, { describe: `${optional ? 'empty or ' : ''}a ${schemes.join('/')} URL` })
}

/** Kafka's ConfigDef.ValidString.in: one of a fixed set (case-sensitive). */
export function oneOf (allowed: readonly string[]): Validator {
  const check = (value: ConfigValue): string | undefined =>
    typeof value === 'string' && !allowed.includes(value) ? `String must be one of: ${allowed.join(', ')}` : undefined
  return Object.assign(check, { describe: `[${allowed.join(', ')}]` })
}

/** A legal Kafka topic name: 1 to 249 of ASCII letters, digits, '.', '_' and '-', and not "." or "..". */
export const kafkaTopicName: Validator = Object.assign(
  (value: ConfigValue) => {
    if (typeof value !== 'string') return undefined
    if (value.trim() === '') return 'String must be non-empty'
    if (value === '.' || value === '..') return 'A topic cannot be named "." or ".."'
    if (value.length > 249) return `A topic name can have at most 249 characters, this one has ${value.length}`
    const bad = /[^a-zA-Z0-9._-]/.exec(value)
    if (bad !== null) return `A topic name may contain only ASCII letters, digits, '.', '_' and '-', not ${JSON.stringify(bad[0])}`
    return undefined
  },
  { describe: 'a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)' }
)

/** An AWS region name such as us-east-1 or us-gov-west-1; the empty string when `optional`. */
export function awsRegion (optional: boolean): Validator {
  return Object.assign(
    (value: ConfigValue) => {
      if (typeof value !== 'string' || (optional && value === '')) return undefined
      return /^[a-z]{2,}(?:-[a-z0-9]+)+$/.test(value) ? undefined : 'Expected an AWS region name such as us-east-1'
    },
    { describe: `${optional ? 'empty or ' : ''}an AWS region name such as us-east-1` }
  )
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

/** Kafka's ConfigDef.convertToString: how values and defaults appear in validation results. */
export function renderValue (type: ConfigType | undefined, value: ConfigValue | undefined): string | null {
  if (value === null || value === undefined) return null
  if (type === 'PASSWORD') return '[hidden]'
  if (Array.isArray(value)) return value.join(',')
  return String(value)
}

/** Kafka's ConfigValue: one property's parsed value and every problem found with it. */
export interface ValidatedValue {
  readonly name: string
  value: ConfigValue
  readonly errors: string[]
  /** The text as given, for properties that have no definition. */
  readonly raw?: string
  visible: boolean
}

/**
 * Kafka's ConfigDef.validateAll: every defined key gets a result, parse errors and validator
 * complaints are both collected (the validator also sees null after a failed parse, as in Kafka).
 */
export function validateConfigKeys (keys: readonly ConfigKey[], props: Readonly<Record<string, string>>): ValidatedValue[] {
  return keys.map((key) => evaluateKey(key, props[key.name], 'validate'))
}

/**
 * One property's value and problems. 'validate' is Kafka's ConfigDef.validateAll (defaults are validated too,
 * and the validator also sees null after a failed parse); 'parse' is Kafka's parse at start-up, which stops at
 * the first problem and takes defaults as they are.
 */
function evaluateKey (key: ConfigKey, raw: string | undefined, mode: 'validate' | 'parse'): ValidatedValue {
  const result: ValidatedValue = { name: key.name, value: null, errors: [], visible: true }
  if (raw !== undefined) {
    try {
      result.value = parseValue(key, raw)
    } catch (error) {
      result.errors.push(`Invalid value ${shown(key, raw)} for configuration ${key.name}: ${(error as Error).message}`)
      if (mode === 'parse') return result
    }
  } else if (key.defaultValue === undefined) {
    result.errors.push(`Missing required configuration "${key.name}" which has no default value.`)
    if (mode === 'parse') return result
  } else {
    result.value = key.defaultValue
    if (mode === 'parse') return result
  }
  const complaint = key.validator?.(result.value)
  if (complaint !== undefined) {
    const given = result.value === null ? 'null' : raw === undefined ? renderValue(key.type, result.value) : shown(key, raw)
    result.errors.push(`Invalid value ${given} for configuration ${key.name}: ${complaint}`)
  }
  return result
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
    const result = evaluateKey(key, props[key.name], 'parse')
    const message = result.errors[0]
    if (message === undefined) values[key.name] = result.value
    else problems.push({ name: key.name, message })
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
