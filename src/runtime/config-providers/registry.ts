/**
 * The config providers a worker can name in `config.providers.<name>.class`, by Kafka class name or
 * Connect's aliases (FileConfigProvider, File, ...), and their set-up from worker properties:
 *   config.providers=file,env
 *   config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
 *   config.providers.file.param.allowed.paths=/etc/kafka/secrets
 */
import { parseConfigOrThrow, type ConfigKey } from '../../connect/config/config-def.ts'
import { configError, SqsConnectError } from '../../errors.ts'
import { aliasesOf } from '../plugins.ts'
import type { ConfigProvider, ConfigProviderFactory } from './config-provider.ts'
import { DirectoryConfigProvider } from './directory-config-provider.ts'
import { EnvVarConfigProvider } from './env-var-config-provider.ts'
import { FileConfigProvider } from './file-config-provider.ts'

export const CONFIG_PROVIDERS_CONFIG = 'config.providers'

/** The worker property listing the provider names (Kafka's WorkerConfig.CONFIG_PROVIDERS_CONFIG). */
export const configProvidersKey: ConfigKey = {
  name: CONFIG_PROVIDERS_CONFIG, type: 'LIST', defaultValue: [], importance: 'LOW',
  documentation: 'Comma-separated names of ConfigProvider classes, loaded and used in the order specified. A ConfigProvider replaces ' +
    'variable references such as ${file:/path/secrets.properties:key} in worker and connector configurations, for externalized secrets.'
}

/** The properties of one named provider; only the class is fixed, parameters are free-form. */
export function providerKeys (name: string): ConfigKey[] {
  return [{ name: `${CONFIG_PROVIDERS_CONFIG}.${name}.class`, type: 'CLASS', importance: 'LOW', documentation: `Class name or alias of the config provider "${name}".` }]
}

interface ConfigProviderPlugin {
  readonly className: string
  readonly create: ConfigProviderFactory
}

const BUILT_IN: readonly ConfigProviderPlugin[] = [
  { className: 'org.apache.kafka.common.config.provider.FileConfigProvider', create: (params) => new FileConfigProvider(params) },
  { className: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider', create: (params) => new EnvVarConfigProvider(params) },
  { className: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider', create: (params) => new DirectoryConfigProvider(params) }
]

const BY_NAME = new Map(BUILT_IN.flatMap((p) => [p.className, ...aliasesOf(p.className, 'ConfigProvider')].map((n) => [n, p] as const)))

/** The plugin for a class name or alias; a config error on `property` listing the known ones otherwise. */
function pluginFor (property: string, className: string): ConfigProviderPlugin {
  const plugin = BY_NAME.get(className)
  if (plugin === undefined) {
    const known = BUILT_IN.map((p) => `${p.className} (or ${aliasesOf(p.className, 'ConfigProvider').join(', ')})`).join('; ')
    throw configError(property, `Invalid value ${className} for configuration ${property}: Failed to find any class that implements ConfigProvider ` +
      `and which name matches ${className}, available ConfigProviders are: ${known}`)
  }
  return plugin
}

/** `config.providers.<name>.param.*` with the prefix removed. */
function paramsOf (name: string, props: Readonly<Record<string, string>>): Record<string, string> {
  const prefix = `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`
  return Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith(prefix) && k.length > prefix.length).map(([k, v]) => [k.slice(prefix.length), v]))
}

/** Instantiates every provider `config.providers` names, keyed by name; a config error naming the property at fault. */
export function createConfigProviders (props: Readonly<Record<string, string>>): ReadonlyMap<string, ConfigProvider> {
  const names = parseConfigOrThrow('Worker configuration', [configProvidersKey], props)[CONFIG_PROVIDERS_CONFIG] as string[]
  const providers = new Map<string, ConfigProvider>()
  for (const name of names) {
    const className = parseConfigOrThrow('Worker configuration', providerKeys(name), props)[`${CONFIG_PROVIDERS_CONFIG}.${name}.class`] as string
    const plugin = pluginFor(`${CONFIG_PROVIDERS_CONFIG}.${name}.class`, className)
    try {
      providers.set(name, plugin.create(paramsOf(name, props)))
    } catch (error) {
      if (!(error instanceof SqsConnectError)) throw error
      const property = `${CONFIG_PROVIDERS_CONFIG}.${name}.param.${error.subject ?? ''}`
      throw configError(property, `${property}: ${error.message}`)
    }
  }
  return providers
}
