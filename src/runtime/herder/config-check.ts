/** The check a herder makes before it stores a connector config: Connect's validation, answered with Connect's 400 message. */
import { resolveConfigVariables } from '../config-providers/resolve-config.ts'
import { connectorConfigProblems, validateConnectorConfig, type RawConnectorConfig } from '../config-validation.ts'
import type { ConfigInfos } from '../../connect/config/config-infos.ts'
import type { PluginRegistry } from '../plugins.ts'
import type { WorkerConfig } from '../worker-config.ts'
import { configError } from '../../errors.ts'

/** Resolves the config's variables (a null value stays null); returns the values and the hider of resolved values. */
function resolve (workerConfig: WorkerConfig, props: RawConnectorConfig): { values: Record<string, string | null>, hideValuesIn: (error: unknown) => unknown } {
  const strings: Record<string, string> = {}
  const nulls: Record<string, null> = {}
  for (const [key, value] of Object.entries(props)) {
    if (value === null) nulls[key] = null
    else strings[key] = value
  }
  const what = `Connector configuration${typeof props.name === 'string' ? ` of ${props.name}` : ''}`
  const resolved = resolveConfigVariables(what, strings, workerConfig.configProviders)
  return { values: { ...resolved.values, ...nulls }, hideValuesIn: resolved.hideValuesIn }
}

/**
 * Throws Connect's BadRequestException when the config has errors: "Connector configuration is invalid and contains
 * the following N error(s):" then one line per error. Resolved variable values never appear in the message.
 */
export function checkConnectorConfig (plugins: PluginRegistry, workerConfig: WorkerConfig, props: RawConnectorConfig): void {
  const { values, hideValuesIn } = resolve(workerConfig, props)
  const problems = connectorConfigProblems(plugins, values, workerConfig.topicCreationEnable, workerConfig.overridePolicy)
  if (problems.length === 0) return
  const message = `Connector configuration is invalid and contains the following ${problems.length} error(s):\n` +
    problems.map((p) => p.message).join('\n') +
    '\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`'
  throw hideValuesIn(configError(problems[0]!.name, message))
}

/** Connect's ConfigInfos for PUT /connector-plugins/{plugin}/config/validate, variables resolved as Connect does. */
export function validateWithVariables (plugins: PluginRegistry, workerConfig: WorkerConfig, props: RawConnectorConfig): ConfigInfos {
  const { values, hideValuesIn } = resolve(workerConfig, props)
  try {
    const infos = validateConnectorConfig(plugins, values, workerConfig.overridePolicy)
    // The answer carries values and messages back: show each resolved value as the variable it came from.
    return unresolvedValues(infos, props, hideValuesIn)
  } catch (error) {
    throw hideValuesIn(error)
  }
}

/** Puts the submitted (unresolved) value back into each answered value that came from a variable. */
function unresolvedValues (infos: ConfigInfos, props: RawConnectorConfig, hideValuesIn: (error: unknown) => unknown): ConfigInfos {
  const hide = (message: string): string => (hideValuesIn(new Error(message)) as Error).message
  return {
    ...infos,
    configs: infos.configs.map((config) => {
      const value = config.value
      if (value === null) return config
      const raw = props[value.name]
      const fromVariable = typeof raw === 'string' && raw.includes('${') && value.value !== '[hidden]'
      return { ...config, value: { ...value, value: fromVariable ? raw : value.value, errors: value.errors.map(hide) } }
    })
  }
}
