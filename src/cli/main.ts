/** The `sqs-connect` command line. */
import { parseArgs } from 'node:util'
import { SqsConnectError } from '../errors.ts'
import { VERSION } from '../connectors/sqs/version.ts'
import { runStandalone } from './standalone.ts'

const HELP = `sqs-connect ${VERSION} — a Kafka Connect compatible runtime with the Amazon SQS source connector

Usage:
  sqs-connect standalone WORKER.properties [CONNECTOR.(properties|json)...]
      Run a standalone worker until SIGTERM or SIGINT, with the given connectors (none is
      fine). Connector files are Java .properties or JSON, flat or {"name":..,"config":{..}}.
      The Kafka Connect REST API listens on the worker's listeners (default http://:8083):
      create, configure, pause, resume, stop, restart and delete connectors there
      (docs/rest-api.md). Connectors created over REST live until deleted or until the
      worker stops; they are not stored. Worker properties for the REST API: listeners,
      rest.advertised.host.name, rest.advertised.port, rest.advertised.listener,
      topic.tracking.enable, topic.tracking.allow.reset.
  sqs-connect distributed WORKER.properties
      Run one worker of a cluster (Kafka Connect's distributed mode) until SIGTERM or SIGINT.
      Workers with the same group.id share connectors through Kafka: configs, target states
      and statuses live in config.storage.topic, status.storage.topic (and
      offset.storage.topic), created compacted when missing; the group's leader assigns
      connectors and tasks. Create connectors over REST on any worker (docs/distributed.md).
  sqs-connect validate CONNECTOR.(properties|json) [CONNECTOR...]
      Print Connect's validation answer (ConfigInfos JSON) for each connector config;
      exit status 1 when any property is wrong.
  sqs-connect quickstart
      Start local Kafka and ElasticMQ, replay the quick start and print the records.
  sqs-connect --help | --version
      This text, or the version.

Environment:
  AWS_REGION              region for SQS (else taken from sqs.url)
  AWS_ACCESS_KEY_ID, ...  the AWS SDK's default credential chain
  SQS_CONNECT_LOG_LEVEL   trace|debug|info|warn|error (default info); logs are JSON on stderr
`

// The AWS SDK warns on Node 20 that releases after January 2027 need Node 22. Our SDK version is pinned
// (docs/architecture.md), so the warning tells users nothing they can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

async function main (argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } } })
  const [command, ...rest] = positionals
  if (values.version === true) { console.log(VERSION); return 0 }
  if (values.help === true || command === undefined || command === 'help') { console.log(HELP); return 0 }
  if (command === 'standalone') {
    const [workerFile, ...connectorFiles] = rest
    if (workerFile === undefined) { console.error('standalone needs a worker properties file\n\n' + HELP); return 2 }
    const handle = await runStandalone(workerFile, connectorFiles)
    await handle.stopped
    // Everything was closed in order; exit now rather than wait for idle keep-alive sockets to time out.
    process.exit(0)
  }
  if (command === 'distributed') {
    const [workerFile, ...extra] = rest
    if (workerFile === undefined || extra.length > 0) { console.error('distributed needs exactly one worker properties file (connectors are created over REST)\n\n' + HELP); return 2 }
    const { runDistributed } = await import('./distributed.ts')
    const handle = await runDistributed(workerFile)
    await handle.stopped
    process.exit(0)
  }
  if (command === 'validate') {
    if (rest.length === 0) { console.error('validate needs at least one connector file\n\n' + HELP); return 2 }
    const { runValidate } = await import('./validate.ts')
    return await runValidate(rest)
  }
  if (command === 'quickstart') {
    const { runQuickstart } = await import('./quickstart.ts')
    await runQuickstart()
    return 0
  }
  console.error(`Unknown command ${command}\n\n${HELP}`)
  return 2
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (error instanceof SqsConnectError) console.error(`sqs-connect: ${error.code}: ${error.message}`)
  else console.error('sqs-connect: unexpected error:', error)
  process.exitCode = 1
}
