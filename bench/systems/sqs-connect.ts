/**
 * sqs-connect as users run it: `sqs-connect standalone worker.properties connector.properties` in its own Node
 * process (bin/sqs-connect.js with its shebang's node flags and environment, from the cached bundle), JsonConverter
 * without schemas, `tasks.max` tasks with RECEIVE_CONCURRENCY long polls each.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'dot-properties'
import { freePorts, LOOPBACK } from '../../infra/ports.ts'
import { binCommand, binLaunch } from '../../infra/sqs-connect-bin.ts'
import { startNodeProcess, STOP_GRACE_MS } from './node-process.ts'
import type { BenchSystem, SystemRunOptions } from './system.ts'

/** sqs.receive.concurrency per task; the ceiling runs tasks × this many receive loops. */
export const RECEIVE_CONCURRENCY = 4

export function workerProperties (options: SystemRunOptions, restPort: number): Record<string, string> {
  return {
    'bootstrap.servers': options.kafkaBootstrap,
    listeners: `http://${LOOPBACK}:${restPort}`,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'offset.storage.file.filename': join(options.runDir, 'connect.offsets')
  }
}

export function connectorProperties (options: SystemRunOptions): Record<string, string> {
  return {
    name: 'bench-sqs-source',
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
    'tasks.max': String(options.tasks),
    'kafka.topic': options.topic,
    'sqs.url': options.queueUrl,
    'sqs.endpoint.url': options.sqsEndpoint,
    'sqs.region': 'us-east-1',
    'aws.access.key.id': 'local',
    'aws.secret.key.id': 'local',
    'sqs.messages.max': '10',
    'sqs.waittime.seconds': '20',
    'sqs.receive.concurrency': String(RECEIVE_CONCURRENCY)
  }
}

/** How the bin's shebang starts node, for the settings table. */
function shebang (): string {
  const launch = binLaunch()
  return [...Object.entries(launch.env).map(([k, v]) => `${k}=${v}`), 'node', ...launch.nodeFlags].join(' ')
}

export const sqsConnect: BenchSystem = {
  name: 'sqs-connect',
  provision: async () => {},
  start: async (options) => {
    const [restPort] = await freePorts(1) as [number]
    const worker = join(options.runDir, 'worker.properties')
    const connector = join(options.runDir, 'connector.properties')
    const workerProps = workerProperties(options, restPort)
    const connectorProps = connectorProperties(options)
    await writeFile(worker, `${stringify(workerProps)}\n`)
    await writeFile(connector, `${stringify(connectorProps)}\n`)
    const command = binCommand(['standalone', worker, connector])
    const proc = startNodeProcess('sqs-connect', options.runDir, command.args, { ...command.env, SQS_CONNECT_LOG_LEVEL: 'warn' })
    const shown = (props: Record<string, string>, skip: readonly string[]): Record<string, string> =>
      Object.fromEntries(Object.entries(props).filter(([k]) => !skip.includes(k)))
    return {
      pids: () => (proc.pid === undefined ? [] : [proc.pid]),
      settings: {
        ...shown(workerProps, ['bootstrap.servers', 'listeners', 'offset.storage.file.filename']),
        ...shown(connectorProps, ['name', 'connector.class', 'kafka.topic', 'sqs.url', 'sqs.endpoint.url', 'aws.access.key.id', 'aws.secret.key.id']),
        producer: 'defaults (linger.ms=5, batch.size=524288, acks=all, compression none)',
        node: shebang(),
        'log level': 'warn'
      },
      stop: async () => { await proc.stop(STOP_GRACE_MS) }
    }
  }
}
