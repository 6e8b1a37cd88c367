/**
 * docs/configuration.md, generated from the property definitions. `npm run docs:config` rewrites it;
 * a unit test fails when the committed file differs from what the definitions give.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderConfigDocs, sectionsByGroup } from '../src/connect/config/config-docs.ts'
import { sqsConfigKeys } from '../src/connectors/sqs/config.ts'
import { connectorConfigKeys } from '../src/runtime/connector-config.ts'

export const CONFIG_DOCS_PATH = join(import.meta.dirname, '..', 'docs', 'configuration.md')

const INTRO = [
  'The properties of `io.confluent.connect.sqs.source.SqsSourceConnector` (aliases `SqsSourceConnector`, `SqsSource`).',
  'Names, types and defaults are those of Confluent\'s connector, so an existing connector config works unchanged.',
  'This file is generated from the definitions in `src/connectors/sqs/config.ts` and `src/runtime/connector-config.ts`',
  'by `npm run docs:config`; do not edit it by hand.',
  '',
  'Check a config before running it with `sqs-connect validate connector.properties`: it prints Connect\'s',
  'validation answer (the JSON `PUT /connector-plugins/{plugin}/config/validate` returns) and exits with status 1',
  'when a property is wrong. Every problem is listed at once. A property in the connector\'s own namespaces',
  '(`sqs.*`, `aws.*`, `kafka.*`) that does not exist is an error that names the closest valid property.',
  'Values can come from config providers (`${env:VAR}`, `${file:/path:key}`, `${directory:/path:file}`); see',
  'docs/config-providers.md.'
].join('\n')

const TOPIC_CREATION_INTRO = [
  'Besides `topic.creation.groups`, Connect\'s per-group keys are accepted: `topic.creation.<group>.replication.factor`',
  '(-1 or at least 1), `.partitions` (-1 or at least 1), `.include` and `.exclude` (lists of regular expressions) and any',
  'other `topic.creation.<group>.<topic config>` (for example `cleanup.policy`), which is passed on as a topic config.',
  'Once any `topic.creation.*` key is set, `topic.creation.default.replication.factor` and',
  '`topic.creation.default.partitions` are required. They are validated when the connector starts.'
].join('\n')

export function configDocs (): string {
  const connectorSections = sectionsByGroup(sqsConfigKeys)
  const frameworkSections = sectionsByGroup(connectorConfigKeys).map((section) =>
    section.title === 'Topic Creation' ? { ...section, intro: TOPIC_CREATION_INTRO } : section)
  return renderConfigDocs('Connector configuration reference', INTRO, [
    ...connectorSections,
    ...frameworkSections.map((section) => ({ ...section, title: `Connect: ${section.title}` }))
  ])
}

if (process.argv[1] === import.meta.filename) {
  await writeFile(CONFIG_DOCS_PATH, configDocs())
  console.log(`wrote ${CONFIG_DOCS_PATH}`)
}
