/**
 * The Camel peer of the benchmarks: Apache Camel 4.18.0's aws2-sqs consumer as a Kafka Connect source connector
 * (infra/camel-peer/*.java, built like Camel's Kafka Connector aws-sqs-source, whose own artifacts the registry here
 * does not serve) on the real Apache Kafka Connect 4.4.0 worker of infra/connect-worker.ts, loaded through
 * plugin.path. Provisioning resolves the Camel jars (infra/maven/camel-peer), compiles the connector against them and
 * Connect's API, and lays out the plugin folder in the download cache; a second call does nothing.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { startConnectWorker } from './connect-worker.ts'
import { installOnce } from './install-lock.ts'
import { ensureMavenLib } from './maven.ts'
import { cacheDir, projectRoot } from './paths.ts'

const run = promisify(execFile)

export const CAMEL_VERSION = '4.18.0'
const SOURCES = ['CamelSqsSourceConnector.java', 'CamelSqsSourceConfig.java', 'CamelSqsSourceTask.java']
const sourceDir = join(projectRoot, 'infra', 'camel-peer')
const CONNECTOR_CLASS = 'local.sqsconnect.bench.camel.CamelSqsSourceConnector'
const PLUGIN_NAME = 'camel-aws-sqs-source-peer'
const RUNNING_TIMEOUT_MS = 60_000

/**
 * The flags Kafka's bin/connect-standalone.sh starts a worker with (KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS),
 * so the peer runs as its users would run it: G1, full JIT, a 256 MiB initial and 2 GiB maximum heap.
 */
export const CAMEL_WORKER_JVM = ['-Xms256m', '-Xmx2g', '-server', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent']

async function pluginStamp (): Promise<string> {
  const hash = createHash('sha256')
  for (const file of SOURCES) hash.update(await readFile(join(sourceDir, file)))
  hash.update(await readFile(join(projectRoot, 'infra', 'maven', 'camel-peer', 'pom.xml')))
  return hash.digest('hex').slice(0, 12)
}

let pluginPathOf: string | undefined

/** plugin.path for the worker: a folder holding one plugin folder (the Camel jars and the connector's jar). */
export async function provisionCamelPeer (): Promise<string> {
  const root = join(cacheDir, `camel-peer-${CAMEL_VERSION}-${await pluginStamp()}`)
  const ensure = installOnce({
    what: 'the Camel peer connector',
    lockFile: `${root}.lock`,
    waitMs: 15 * 60_000,
    installed: () => existsSync(join(root, '.complete')),
    install: async () => { await buildPlugin(root) },
    result: root
  })
  pluginPathOf = await ensure()
  return pluginPathOf
}

async function buildPlugin (root: string): Promise<void> {
  // One Maven run after the other: two writing ~/.m2 at once can corrupt it.
  const camelLib = await ensureMavenLib('camel-peer')
  const connectLib = await ensureMavenLib('connect-worker')
  await mkdir(cacheDir, { recursive: true })
  const tmp = await mkdtemp(join(cacheDir, 'camel-peer-build-'))
  try {
    const classes = join(tmp, 'classes')
    const plugin = join(tmp, 'plugins', PLUGIN_NAME)
    await mkdir(join(classes, 'META-INF', 'services'), { recursive: true })
    await mkdir(plugin, { recursive: true })
    await tool('javac', ['--release', '17', '-cp', `${join(camelLib, '*')}:${join(connectLib, '*')}`, '-d', classes, ...SOURCES.map((f) => join(sourceDir, f))])
    // A service file lets the worker find the connector without scanning every class (plugin.discovery=service_load).
    await writeFile(join(classes, 'META-INF', 'services', 'org.apache.kafka.connect.source.SourceConnector'), `${CONNECTOR_CLASS}\n`)
    await tool('jar', ['--create', '--file', join(plugin, 'camel-sqs-source-peer.jar'), '-C', classes, '.'])
    for (const jar of await readdir(camelLib)) await copyFile(join(camelLib, jar), join(plugin, jar))
    await rm(root, { recursive: true, force: true })
    await cp(join(tmp, 'plugins'), root, { recursive: true })
    await writeFile(join(root, '.complete'), `Camel ${CAMEL_VERSION} aws2-sqs peer built ${new Date().toISOString()}\n`)
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}

async function tool (name: string, args: string[]): Promise<void> {
  try {
    await run(name, args, { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const detail = error as { stdout?: string, stderr?: string, message?: string }
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Building the Camel peer connector: ${name} failed: ${`${detail.stderr ?? ''}${detail.stdout ?? ''}`.trim() || String(detail.message)}`,
      { subject: 'camel-peer', cause: error })
  }
}

export interface CamelPeerOptions {
  readonly kafkaBootstrap: string
  readonly sqsEndpoint: string
  readonly queueUrl: string
  readonly topic: string
  readonly tasks: number
  /** Parallel ReceiveMessage loops per task (camel.component.aws2-sqs.concurrentConsumers); default 1. */
  readonly receiveLoopsPerTask?: number
  /** Where the worker's log is copied when it stops. */
  readonly runDir: string
  readonly log?: (line: string) => void
}

export interface CamelPeer {
  readonly pid: () => number | undefined
  /** Worker and connector settings, secrets left out. */
  readonly settings: Readonly<Record<string, string>>
  stop: () => Promise<void>
}

/** Worker settings besides bootstrap.servers, listeners and the offsets file. */
export function camelWorkerSettings (pluginPath: string): Record<string, string> {
  return {
    'plugin.path': pluginPath,
    'plugin.discovery': 'service_load',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    // connect-standalone.properties' value; records are acknowledged to the task per record, not per flush.
    'offset.flush.interval.ms': '10000'
  }
}

/** The connector's settings: throughput knobs of the reference recipe, the kamelet's defaults elsewhere. */
export function camelConnectorSettings (options: Pick<CamelPeerOptions, 'sqsEndpoint' | 'queueUrl' | 'topic' | 'tasks' | 'receiveLoopsPerTask'>): Record<string, string> {
  const queueName = new URL(options.queueUrl).pathname.split('/').filter((part) => part !== '').at(-1) ?? ''
  const kamelet = 'camel.kamelet.aws-sqs-source.'
  return {
    'connector.class': CONNECTOR_CLASS,
    'tasks.max': String(options.tasks),
    topics: options.topic,
    [`${kamelet}queueNameOrArn`]: queueName,
    [`${kamelet}queueURL`]: options.queueUrl,
    [`${kamelet}region`]: 'us-east-1',
    [`${kamelet}overrideEndpoint`]: 'true',
    [`${kamelet}uriEndpointOverride`]: options.sqsEndpoint,
    [`${kamelet}deleteAfterRead`]: 'true',
    [`${kamelet}maxMessagesPerPoll`]: '10',
    [`${kamelet}greedy`]: 'true',
    [`${kamelet}delay`]: '10',
    [`${kamelet}waitTimeSeconds`]: '1',
    'camel.source.maxBatchPollSize': '1000',
    'camel.source.maxPollDuration': '100',
    // Without it the SQS consumer outruns Kafka, seda:end overflows ('Queue full'), the failed messages come back
    // after their visibility timeout and turn up twice; with it back-pressure reaches the SQS consumer.
    'camel.component.seda.defaultBlockWhenFull': 'true',
    'camel.component.aws2-sqs.concurrentConsumers': String(options.receiveLoopsPerTask ?? 1)
  }
}

const CREDENTIALS = { 'camel.kamelet.aws-sqs-source.accessKey': 'local', 'camel.kamelet.aws-sqs-source.secretKey': 'local' }

/** Starts a worker, creates the connector and resolves once it and all its tasks run. */
export async function startCamelPeer (options: CamelPeerOptions): Promise<CamelPeer> {
  const log = options.log ?? (() => {})
  const pluginPath = pluginPathOf ?? await provisionCamelPeer()
  const workerSettings = camelWorkerSettings(pluginPath)
  const worker = await startConnectWorker({ bootstrap: options.kafkaBootstrap, workerProperties: workerSettings, jvmTuning: CAMEL_WORKER_JVM, log })
  let stopped: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopped ??= (async () => {
      await mkdir(options.runDir, { recursive: true })
      await copyFile(worker.logFile, join(options.runDir, 'camel-connect.log')).catch(() => {})
      await worker.stop()
    })()
    await stopped
  }
  const connector = camelConnectorSettings(options)
  try {
    const name = 'camel-sqs-source'
    const created = await fetch(`${worker.url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, config: { ...connector, ...CREDENTIALS } })
    })
    if (created.status !== 201) throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `The Connect worker refused the Camel peer connector: ${created.status} ${await created.text()}`, { subject: 'camel-peer' })
    await waitForTasks(worker.url, name, options.tasks)
  } catch (error) {
    await stop()
    throw error
  }
  log(`camel peer running ${options.tasks} task(s) on ${worker.url}`)
  const settings: Record<string, string> = {
    'camel.version': CAMEL_VERSION,
    'kafka.connect.version': '4.4.0 (standalone)',
    jvm: CAMEL_WORKER_JVM.join(' '),
    ...Object.fromEntries(Object.entries(workerSettings).filter(([key]) => key !== 'plugin.path').map(([k, v]) => [`worker.${k}`, v])),
    ...Object.fromEntries(Object.entries(connector).map(([k, v]) => [`connector.${k}`, v])),
    'connector.camel.kamelet.aws-sqs-source.accessKey': '(set, hidden)',
    'connector.camel.kamelet.aws-sqs-source.secretKey': '(set, hidden)'
  }
  return { pid: worker.pid, settings, stop }
}

interface ConnectorStatus { connector: { state: string }, tasks: Array<{ state: string, trace?: string }> }

async function waitForTasks (url: string, name: string, tasks: number): Promise<void> {
  const deadline = Date.now() + RUNNING_TIMEOUT_MS
  let last = ''
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/connectors/${name}/status`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined)
    if (response?.status === 200) {
      const status = await response.json() as ConnectorStatus
      last = JSON.stringify(status)
      const failed = status.tasks.find((task) => task.state === 'FAILED')
      if (status.connector.state === 'FAILED' || failed !== undefined) {
        throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `The Camel peer connector failed: ${failed?.trace?.split('\n').slice(0, 8).join('\n') ?? last}`, { subject: 'camel-peer' })
      }
      if (status.connector.state === 'RUNNING' && status.tasks.length === tasks && status.tasks.every((task) => task.state === 'RUNNING')) return
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `The Camel peer connector did not run ${tasks} task(s) within ${RUNNING_TIMEOUT_MS} ms; last status ${last}`, { subject: 'camel-peer' })
}
