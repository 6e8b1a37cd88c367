/**
 * Kafka's FileConfigProvider: the path is a Java .properties file, the key one of its properties.
 * `${file:/etc/kafka/secrets.properties:aws.secret.key.id}`. Parameter: allowed.paths.
 */
import { readFileSync } from 'node:fs'
import { parse as parseProperties } from 'dot-properties'
import { AllowedPaths, ALLOWED_PATHS_CONFIG } from './allowed-paths.ts'
import { providerFailure, type ConfigData, type ConfigProvider } from './config-provider.ts'

export class FileConfigProvider implements ConfigProvider {
  readonly #allowedPaths: AllowedPaths

  constructor (params: Readonly<Record<string, string>> = {}) {
    this.#allowedPaths = new AllowedPaths(params[ALLOWED_PATHS_CONFIG])
  }

  get (path: string, keys: ReadonlySet<string>): ConfigData {
    if (path === '') return { data: new Map(), whyAbsent: () => 'no file is given: use ${file:PATH:KEY}' }
    const file = this.#allowedPaths.parseUntrustedPath(path)
    if (file === undefined) {
      return { data: new Map(), whyAbsent: () => `The path ${path} is not allowed to be accessed (allowed.paths: ${this.#allowedPaths.describe()})` }
    }
    let properties: Record<string, string>
    try {
      properties = parseProperties(readFileSync(file, 'utf8')) as Record<string, string>
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw providerFailure(`Could not read properties from file ${path}${code === undefined ? '' : ` (${code})`}`, error)
    }
    const data = new Map<string, string>()
    for (const key of keys) {
      const value = properties[key]
      if (value !== undefined) data.set(key, value)
    }
    return { data, whyAbsent: (key) => `the file ${path} has no property "${key}"` }
  }
}
