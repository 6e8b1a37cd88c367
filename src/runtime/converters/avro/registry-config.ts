/**
 * The schema registry settings of Confluent's AvroConverter (AbstractKafkaSchemaSerDeConfig and the registry
 * client's), read from the converter's own keys, e.g. `value.converter.schema.registry.url`.
 */
import { booleanConfig, enumConfig, intConfig } from '../../../connect/converters/converter-config.ts'
import { configError } from '../../../errors.ts'

export type SubjectNameStrategy = 'TopicNameStrategy' | 'RecordNameStrategy' | 'TopicRecordNameStrategy'

export interface RegistryEndpoint {
  /** The base URL without user info, e.g. http://127.0.0.1:8081/apis/ccompat/v7; safe to print. */
  readonly url: string
  /** `user:password` taken from the URL (basic.auth.credentials.source=URL). Secret. */
  readonly userInfo: string | undefined
}

export interface RegistryConfig {
  readonly endpoints: readonly RegistryEndpoint[]
  /** `Basic <base64>` or undefined. Secret: never logged. */
  readonly authorization: string | undefined
  readonly autoRegisterSchemas: boolean
  readonly useLatestVersion: boolean
  readonly normalizeSchemas: boolean
  readonly subjectNameStrategy: SubjectNameStrategy
  readonly maxRetries: number
  readonly retriesWaitMs: number
  readonly retriesMaxWaitMs: number
  readonly requestTimeoutMs: number
  /** Most subject/schema ids kept (schemas.cache.config). */
  readonly cacheSize: number
}

const STRATEGY_PACKAGE = 'io.confluent.kafka.serializers.subject.'
const STRATEGIES: readonly SubjectNameStrategy[] = ['TopicNameStrategy', 'RecordNameStrategy', 'TopicRecordNameStrategy']

function strategy (configs: Readonly<Record<string, string>>, key: string, prefix: string): SubjectNameStrategy {
  const raw = configs[key]?.trim()
  if (raw === undefined || raw === '') return 'TopicNameStrategy'
  const simple = raw.startsWith(STRATEGY_PACKAGE) ? raw.slice(STRATEGY_PACKAGE.length) : raw
  const found = STRATEGIES.find((s) => s === simple)
  if (found === undefined) {
    throw configError(`${prefix}.${key}`, `Invalid value ${raw} for configuration ${prefix}.${key}: Class ${raw} could not be found. ` +
      `Accepted: ${STRATEGIES.map((s) => STRATEGY_PACKAGE + s).join(', ')}`)
  }
  return found
}

function endpoints (raw: string | undefined, prefix: string): RegistryEndpoint[] {
  const key = `${prefix}.schema.registry.url`
  if (raw === undefined || raw.trim() === '') {
    throw configError(key, `Missing required configuration "${key}" which has no default value.`)
  }
  return raw.split(',').map((text) => text.trim()).filter((text) => text !== '').map((text) => {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw configError(key, `Invalid value for configuration ${key}: not a URL (${text.replace(/\/\/[^/@]*@/, '//[hidden]@')})`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(key, `Invalid value for configuration ${key}: only http and https URLs are supported`)
    const userInfo = url.username === '' ? undefined : `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    url.username = ''
    url.password = ''
    return { url: url.toString().replace(/\/+$/, ''), userInfo }
  })
}

function authorization (configs: Readonly<Record<string, string>>, prefix: string, urls: readonly RegistryEndpoint[]): string | undefined {
  const sourceKey = 'basic.auth.credentials.source'
  const source = enumConfig(configs, sourceKey, ['URL', 'USER_INFO'] as const, 'URL')
  if (source === 'USER_INFO') {
    const info = configs['basic.auth.user.info'] ?? ''
    if (info === '') return undefined
    if (!info.includes(':')) throw configError(`${prefix}.basic.auth.user.info`, `Invalid value [hidden] for configuration ${prefix}.basic.auth.user.info: expected <username>:<password>`)
    return 'Basic ' + Buffer.from(info, 'utf8').toString('base64')
  }
  const info = urls.find((u) => u.userInfo !== undefined)?.userInfo
  return info === undefined ? undefined : 'Basic ' + Buffer.from(info, 'utf8').toString('base64')
}

/** Reads and checks the registry settings; errors name the full property (`value.converter.schema.registry.url`). */
export function parseRegistryConfig (configs: Readonly<Record<string, string>>, isKey: boolean): RegistryConfig {
  const prefix = isKey ? 'key.converter' : 'value.converter'
  const named = <T>(read: () => T): T => {
    try {
      return read()
    } catch (error) {
      const subject = (error as { subject?: string }).subject
      if (subject === undefined || subject.startsWith(prefix + '.')) throw error
      throw configError(`${prefix}.${subject}`, (error as Error).message.replace(`configuration ${subject}`, `configuration ${prefix}.${subject}`))
    }
  }
  const urls = endpoints(configs['schema.registry.url'], prefix)
  return named(() => ({
    endpoints: urls,
    authorization: authorization(configs, prefix, urls),
    autoRegisterSchemas: booleanConfig(configs, 'auto.register.schemas', true),
    useLatestVersion: booleanConfig(configs, 'use.latest.version', false),
    normalizeSchemas: booleanConfig(configs, 'normalize.schemas', false),
    subjectNameStrategy: strategy(configs, isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy', prefix),
    maxRetries: intConfig(configs, 'max.retries', 3, 0),
    retriesWaitMs: intConfig(configs, 'retries.wait.ms', 1000, 0),
    retriesMaxWaitMs: intConfig(configs, 'retries.max.wait.ms', 20_000, 0),
    requestTimeoutMs: intConfig(configs, 'http.read.timeout.ms', 60_000, 1),
    cacheSize: intConfig(configs, 'schemas.cache.config', 1000, 0)
  }))
}
