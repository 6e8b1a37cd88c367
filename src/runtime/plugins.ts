/** Connector plugins by class name and alias, as Connect's plugin loader resolves them. */
import type { SourceConnector } from '../connect/connector.ts'
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import { transformPluginInfos, type TransformPluginInfo } from './transform-plugins.ts'

export interface ConnectorPlugin {
  readonly className: string
  readonly type: 'source'
  readonly version: string
  create (): SourceConnector
}

/** Connect's aliases: the simple class name, and the simple name without its type suffix ("Connector", "ConfigProvider"). */
export function aliasesOf (className: string, suffix = 'Connector'): string[] {
  const simple = className.slice(className.lastIndexOf('.') + 1)
  return simple.endsWith(suffix) && simple.length > suffix.length ? [simple, simple.slice(0, -suffix.length)] : [simple]
}

export class PluginRegistry {
  readonly #byName = new Map<string, ConnectorPlugin>()
  readonly #plugins: ConnectorPlugin[] = []

  register (plugin: ConnectorPlugin): this {
    this.#plugins.push(plugin)
    for (const name of [plugin.className, ...aliasesOf(plugin.className)]) this.#byName.set(name, plugin)
    return this
  }

  /** The plugin for connector.class; a clear error listing the known classes otherwise. */
  connector (name: string): ConnectorPlugin {
    const plugin = this.#byName.get(name.trim())
    if (plugin !== undefined) return plugin
    const known = this.#plugins.map((p) => `${p.className} (or ${aliasesOf(p.className).join(', ')})`).join('; ')
    throw new SqsConnectError(ErrorCodes.PLUGIN_NOT_FOUND,
      `Invalid value ${name} for configuration connector.class: Class ${name} could not be found. Known connectors: ${known}`,
      { subject: 'connector.class' })
  }

  get connectors (): readonly ConnectorPlugin[] {
    return this.#plugins
  }

  /** Kafka's SMTs and predicates this runtime ships (types transformation, predicate), as GET /connector-plugins?connectorsOnly=false lists them. */
  get transformations (): readonly TransformPluginInfo[] {
    return transformPluginInfos()
  }
}
