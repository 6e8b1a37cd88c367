/**
 * Validates a connector configuration as Connect's AbstractHerder.validateConnectorConfig does:
 * framework properties, then the connector's own (Connector.config() and Connector.validate()),
 * merged into Connect's ConfigInfos answer. Startup uses the same answer, so `validate` and `start`
 * never disagree.
 */
import { problemsError, validateConfigKeys } from '../connect/config/config-def.ts'
import { configInfos, configInfosProblems, groupsOf, type ConfigInfos } from '../connect/config/config-infos.ts'
import { configError, type SqsConnectError } from '../errors.ts'
import { connectorConfigKeys } from './connector-config.ts'
import { producerOverrideProblems, type OverridePolicy } from './producer-config.ts'
import type { PluginRegistry } from './plugins.ts'
import { parseTopicCreationConfig } from './topic-creation-config.ts'
import { validateTransforms } from './transform-validation.ts'

/** A connector config as the REST API receives it: JSON may carry null values. */
export type RawConnectorConfig = Readonly<Record<string, string | null>>

const NULL_VALUE = 'Null value can not be supplied as the configuration value.'

function withoutNulls (props: RawConnectorConfig): Record<string, string> {
  const strings: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) if (value !== null) strings[key] = value
  return strings
}

/**
 * Connect's ConfigInfos for `props`; throws only when no connector class is named or none is found.
 * producer.override.* / admin.override.* are checked against the worker's override policy (All when none is known).
 */
export function validateConnectorConfig (plugins: PluginRegistry, props: RawConnectorConfig, overridePolicy: OverridePolicy = 'All'): ConfigInfos {
  const connectorClass = props['connector.class']
  if (connectorClass === undefined || connectorClass === null) {
    throw configError('connector.class', 'Connector config contains no connector type: set connector.class, e.g. io.confluent.connect.sqs.source.SqsSourceConnector')
  }
  const connector = plugins.connector(connectorClass).create()
  const strings = withoutNulls(props)
  const connectorKeys = connector.config()
  const transforms = validateTransforms(strings)
  const keys = [...connectorConfigKeys, ...transforms.keys, ...connectorKeys]
  const values = [...validateConfigKeys(connectorConfigKeys, strings), ...transforms.values, ...connector.validate(strings)]
  for (const problem of producerOverrideProblems(strings, overridePolicy)) {
    values.push({ name: problem.name, value: strings[problem.name] ?? null, errors: [problem.message], visible: true })
  }
  for (const [name, value] of Object.entries(props)) {
    if (value !== null) continue
    const existing = values.find((v) => v.name === name)
    if (existing !== undefined) existing.errors.push(NULL_VALUE)
    else values.push({ name, value: null, errors: [NULL_VALUE], visible: true })
  }
  const groups = [...new Set([...groupsOf(connectorConfigKeys), ...transforms.groups, ...groupsOf(connectorKeys)])]
  return configInfos(connectorClass, { keys, values }, groups)
}

/**
 * Everything wrong with a connector config, as one error listing every problem (null when none):
 * Connect's validation plus the topic creation groups, which Connect checks when the connector starts.
 */
export function connectorConfigError (plugins: PluginRegistry, props: Readonly<Record<string, string>>, workerAllowsTopicCreation = true, overridePolicy: OverridePolicy = 'All'): SqsConnectError | null {
  const infos = validateConnectorConfig(plugins, props, overridePolicy)
  const topicCreation = parseTopicCreationConfig(props, workerAllowsTopicCreation)
  const problems = [
    ...configInfosProblems(infos),
    ...topicCreation.values.flatMap((value) => value.errors.map((message) => ({ name: value.name, message })))
  ]
  if (problems.length === 0) return null
  return problemsError(`Connector configuration${props.name === undefined ? '' : ` of ${props.name}`}`, problems)
}
