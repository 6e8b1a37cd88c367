/**
 * Kafka's EnvVarConfigProvider: the key is an environment variable, there is no path: `${env:AWS_SECRET}`.
 * Parameter allowlist.pattern: a regular expression a variable's whole name must match to be visible
 * (default: every variable).
 */
import { parameterError, providerFailure, type ConfigData, type ConfigProvider } from './config-provider.ts'

export const ALLOWLIST_PATTERN_CONFIG = 'allowlist.pattern'

export class EnvVarConfigProvider implements ConfigProvider {
  readonly #visible: ReadonlyMap<string, string>
  readonly #pattern: string | undefined

  /** `env` defaults to the process environment, read once, as Kafka reads System.getenv() once. */
  constructor (params: Readonly<Record<string, string>> = {}, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#pattern = params[ALLOWLIST_PATTERN_CONFIG]
    let allowed: RegExp
    try {
      // Java's Matcher.matches(): the pattern must match the whole name.
      allowed = new RegExp(`^(?:${this.#pattern ?? '.*'})$`)
    } catch (error) {
      throw parameterError(ALLOWLIST_PATTERN_CONFIG, `Invalid regular expression ${this.#pattern ?? ''}: ${(error as Error).message}`)
    }
    const visible = new Map<string, string>()
    for (const [name, value] of Object.entries(env)) if (value !== undefined && allowed.test(name)) visible.set(name, value)
    this.#visible = visible
  }

  get (path: string, keys: ReadonlySet<string>): ConfigData {
    if (path !== '') throw providerFailure(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`)
    const data = new Map<string, string>()
    for (const key of keys) {
      const value = this.#visible.get(key)
      if (value !== undefined) data.set(key, value)
    }
    const filter = this.#pattern === undefined ? '' : ` or does not match allowlist.pattern ${this.#pattern}`
    return { data, whyAbsent: (key) => `the environment variable ${key} is not set${filter}` }
  }
}
