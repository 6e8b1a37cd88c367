/** Connect's ConnectorPluginsResource: installed plugins, a connector plugin's config definitions, and config validation. */
import type { FastifyRequest } from 'fastify'
import { configKeyInfo, type ConfigKeyInfo } from '../../connect/config/config-infos.ts'
import { CONVERTER_CLASSES, HEADER_CONVERTER_CLASSES } from '../../connect/converters/index.ts'
import { connectorConfigKeys } from '../../runtime/connector-config.ts'
import type { Herder } from '../../runtime/herder/herder.ts'
import type { ConnectorPlugin, PluginRegistry } from '../../runtime/plugins.ts'
import { CONNECT_VERSION } from '../connect-version.ts'
import { badRequest, notFound } from '../rest-error.ts'
import type { RouteRegistration } from '../rest-server.ts'
import { configMap, queryList } from './request-parsing.ts'

export interface PluginInfo { readonly class: string, readonly type: string, readonly version?: string }

const ALIAS_SUFFIX = 'Connector'

/** Connect's normalizedPluginName: the name without a trailing "Connector". */
function normalized (name: string): string {
  return name.endsWith(ALIAS_SUFFIX) && name.length > ALIAS_SUFFIX.length ? name.slice(0, -ALIAS_SUFFIX.length) : name
}

const simpleName = (className: string): string => className.slice(className.lastIndexOf('.') + 1)

/** Connect's order: connectors (sink, then source), transformations, predicates, converters, header converters; each sorted by class. */
export function pluginInfos (plugins: PluginRegistry, connectorsOnly: boolean): PluginInfo[] {
  const connectors = [...plugins.connectors].sort((a, b) => a.className.localeCompare(b.className))
    .map((p) => ({ class: p.className, type: p.type, version: p.version }))
  if (connectorsOnly) return connectors
  const byClass = (classes: readonly string[], type: string): PluginInfo[] =>
    [...classes].sort().map((c) => ({ class: c, type, version: CONNECT_VERSION }))
  return [...connectors, ...byClass(CONVERTER_CLASSES, 'converter'), ...byClass(HEADER_CONVERTER_CLASSES, 'header_converter')]
}

function findConnector (plugins: PluginRegistry, name: string): ConnectorPlugin | undefined {
  try {
    return plugins.connector(name)
  } catch {
    return undefined
  }
}

/** The plugin's own keys first, then the framework keys it does not define itself (AbstractHerder.connectorPluginConfig). */
export function connectorPluginConfig (plugins: PluginRegistry, name: string): ConfigKeyInfo[] {
  const plugin = findConnector(plugins, name)
  if (plugin === undefined) {
    const other = [...CONVERTER_CLASSES, ...HEADER_CONVERTER_CLASSES].some((c) => c === name || simpleName(c) === name)
    // The built-in converters read their few settings directly and publish no definitions.
    if (other) return []
    throw notFound(`Unknown plugin ${name}.`)
  }
  const own = plugin.create().config()
  const ownNames = new Set(own.map((key) => key.name))
  return [...own, ...connectorConfigKeys.filter((key) => !ownNames.has(key.name))].map(configKeyInfo)
}

export function connectorPluginRoutes (herder: Herder, plugins: PluginRegistry): RouteRegistration {
  return (app) => {
    app.get('/connector-plugins', async (request: FastifyRequest) => {
      const connectorsOnly = queryList(request, 'connectorsOnly')?.[0]?.toLowerCase() !== 'false'
      return pluginInfos(plugins, connectorsOnly)
    })

    app.get('/connector-plugins/:plugin/config', async (request: FastifyRequest) =>
      connectorPluginConfig(plugins, (request.params as { plugin: string }).plugin))

    app.put('/connector-plugins/:plugin/config/validate', async (request: FastifyRequest) => {
      const plugin = (request.params as { plugin: string }).plugin
      const config = configMap(request.body, 'body')
      const included = config['connector.class']
      if (typeof included === 'string' && !normalized(included).endsWith(normalized(plugin))) {
        throw badRequest(`Included connector type ${included} does not match request type ${plugin}`)
      }
      if (typeof included !== 'string') throw badRequest('Connector config contains no connector type: set connector.class, e.g. io.confluent.connect.sqs.source.SqsSourceConnector')
      return herder.validate(config)
    })
  }
}
