/** The composition root: the connectors this build ships. */
import { SqsSourceConnector, SQS_SOURCE_CONNECTOR_CLASS } from '../connectors/sqs/sqs-source-connector.ts'
import { VERSION } from '../connectors/sqs/version.ts'
import { PluginRegistry } from '../runtime/plugins.ts'

/** A registry holding every built-in connector. */
export function builtInPlugins (): PluginRegistry {
  return new PluginRegistry().register({
    className: SQS_SOURCE_CONNECTOR_CLASS,
    type: 'source',
    version: VERSION,
    taskClass: 'io.confluent.connect.sqs.source.SqsSourceTask',
    create: () => new SqsSourceConnector()
  })
}
