/** The framework properties every connector has (ConnectorConfig/SourceConnectorConfig). */
import { nonEmptyString, oneOf, parseConfigOrThrow, range, type ConfigKey } from '../connect/config/config-def.ts'

export const connectorConfigKeys: readonly ConfigKey[] = [
  { name: 'name', type: 'STRING', validator: nonEmptyString, importance: 'HIGH', group: 'Common', documentation: 'Globally unique name of this connector.' },
  { name: 'connector.class', type: 'STRING', importance: 'HIGH', group: 'Common', documentation: 'Class name or alias of the connector.' },
  { name: 'tasks.max', type: 'INT', defaultValue: 1, validator: range(1, 2147483647), importance: 'HIGH', group: 'Common', documentation: 'Most tasks to run for this connector.' },
  { name: 'key.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: 'Common', documentation: 'Overrides the worker\'s key converter.' },
  { name: 'value.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: 'Common', documentation: 'Overrides the worker\'s value converter.' },
  { name: 'header.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: 'Common', documentation: 'Overrides the worker\'s header converter.' },
  {
    name: 'config.action.reload', type: 'STRING', defaultValue: 'restart', validator: oneOf(['none', 'restart']), importance: 'LOW', group: 'Common',
    documentation: 'What to do when a config provider reports that resolved values changed. Accepted for compatibility: values are resolved once, at start.'
  }
]

export interface ConnectorFrameworkConfig {
  readonly name: string
  readonly connectorClass: string
  readonly tasksMax: number
}

/** Parses the framework part of a connector config; throws a config error naming the property. */
export function parseConnectorFrameworkConfig (props: Readonly<Record<string, string>>): ConnectorFrameworkConfig {
  const values = parseConfigOrThrow(`Connector configuration${props.name === undefined ? '' : ` of ${props.name}`}`, connectorConfigKeys, props)
  return { name: values.name as string, connectorClass: values['connector.class'] as string, tasksMax: values['tasks.max'] as number }
}
