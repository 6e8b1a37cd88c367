/** A single-node Apache Kafka 4.x (KRaft, combined broker+controller) on loopback ports, run from cached jars. */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ManagedProcess, readFrom } from './process.ts'
import { fetchMetadata } from './kafka-probe.ts'
import { LOOPBACK, waitForPortsFree } from './ports.ts'
import { waitUntilReady } from './readiness.ts'
import { classpath, javaBinary, kafkaLog4j2, runJavaTool, TOOL_JVM_FLAGS } from './jvm.ts'
import type { KafkaExtraListener, KafkaServer } from './types.ts'

export interface KafkaLaunch {
  libDir: string
  /** This server's own folder inside the run dir (config, data, log). */
  dir: string
  /** The run dir, for the pid file. */
  runDir: string
  brokerPort: number
  controllerPort: number
  properties: Record<string, string>
  extraListener?: KafkaExtraListener | undefined
  detached: boolean
  log: (line: string) => void
}

const NODE_ID = 1
const READY_TIMEOUT_MS = 90_000
const STOP_GRACE_MS = 10_000
const STARTED_LINE = 'Kafka Server started' // KafkaBroker.STARTED_MESSAGE

/** Broker JVM flags: small heap for a 2-core box, no CPU-heavy tuning so benchmarks stay honest. */
const BROKER_JVM_FLAGS = ['-Xms128m', '-Xmx768m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true']

/** The broker settings this tooling uses; `overrides` (StartOptions.kafkaProperties) win. */
export function serverProperties (dataDir: string, brokerPort: number, controllerPort: number, overrides: Record<string, string>,
  extra?: KafkaExtraListener): Record<string, string> {
  const extraListener = extra === undefined ? '' : `,${extra.name}://${LOOPBACK}:${extra.port}`
  return {
    'process.roles': 'broker,controller',
    'node.id': String(NODE_ID),
    // Static quorum: a restart finds the same voter set in the same data dir, nothing to re-bootstrap.
    'controller.quorum.voters': `${NODE_ID}@${LOOPBACK}:${controllerPort}`,
    'controller.listener.names': 'CONTROLLER',
    listeners: `PLAINTEXT://${LOOPBACK}:${brokerPort},CONTROLLER://${LOOPBACK}:${controllerPort}${extraListener}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${brokerPort}${extra === undefined ? '' : `,${extra.name}://${extra.advertised}`}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${extra === undefined ? '' : `,${extra.name}:PLAINTEXT`}`,
    'log.dirs': dataDir,
    'num.partitions': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    // After a SIGKILL the restarted controller keeps the dead incarnation's registration until its session
    // expires (DUPLICATE_BROKER_REGISTRATION): 9 s by default. 5 s still tolerates long GC/CPU stalls.
    'broker.session.timeout.ms': '5000',
    'broker.heartbeat.interval.ms': '1000',
    // Tests create their topics; auto-creation would let a first produce race the leader election.
    'auto.create.topics.enable': 'false',
    // SQS bodies reach 1 MiB and the record also carries key and headers.
    'message.max.bytes': '2097152',
    'num.network.threads': '2',
    'num.io.threads': '2',
    'num.recovery.threads.per.data.dir': '1',
    // The cleaner is needed (Connect's compacted topics) but its default 128 MiB buffer is not.
    'log.cleaner.dedupe.buffer.size': String(16 * 1024 * 1024),
    ...overrides
  }
}

function renderProperties (props: Record<string, string>): string {
  const escape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
  return Object.entries(props).map(([key, value]) => `${escape(key)}=${escape(value)}`).join('\n') + '\n'
}

/** A random KRaft cluster id in Kafka's Uuid form (22 chars of base64url), made without starting a JVM. */
function clusterId (): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id // Kafka avoids a leading '-' so the id is never read as a CLI flag
  }
}

class LocalKafka implements KafkaServer {
  readonly bootstrap: string
  readonly #launch: KafkaLaunch
  readonly #proc: ManagedProcess

  constructor (launch: KafkaLaunch, proc: ManagedProcess) {
    this.#launch = launch
    this.#proc = proc
    this.bootstrap = `${LOOPBACK}:${launch.brokerPort}`
  }

  get pid (): number | undefined { return this.#proc.pid }
  get logFile (): string { return this.#proc.spec.logFile }

  async start (): Promise<void> {
    if (this.#proc.running) return
    const began = Date.now()
    // The ports stay reserved only by convention while the broker is down; name a taker (or a lingering JVM)
    // clearly instead of letting the broker die on a bind error.
    const extra = this.#launch.extraListener
    await waitForPortsFree([this.#launch.brokerPort, this.#launch.controllerPort, ...extra === undefined ? [] : [extra.port]], 15_000)
    this.#proc.start()
    await waitUntilReady(this.#proc, () => this.#isReady(), { timeoutMs: READY_TIMEOUT_MS, log: this.#launch.log })
    this.#launch.log(`kafka ready on ${this.bootstrap} (pid ${this.pid ?? '?'}) in ${Date.now() - began} ms`)
  }

  async stop (): Promise<void> {
    if (!this.#proc.running) return
    const began = Date.now()
    await this.#proc.stop(STOP_GRACE_MS)
    this.#launch.log(`kafka stopped in ${Date.now() - began} ms`)
  }

  async kill (): Promise<void> {
    await this.#proc.kill()
    this.#launch.log('kafka killed (SIGKILL)')
  }

  /** Ready = the broker lists itself in Metadata (registered, unfenced) and logged that startup finished. */
  async #isReady (): Promise<boolean> {
    const metadata = await fetchMetadata(this.#launch.brokerPort, 2000)
    if (!metadata.brokers.some((b) => b.nodeId === NODE_ID)) return false
    return (await readFrom(this.logFile, this.#proc.logOffset)).includes(STARTED_LINE)
  }
}

/** Writes config, formats the storage once and starts the broker; resolves when it is ready. */
export async function launchKafka (launch: KafkaLaunch): Promise<KafkaServer> {
  const { dir, libDir } = launch
  await mkdir(dir, { recursive: true })
  const log4j = join(dir, 'log4j2.properties')
  const config = join(dir, 'server.properties')
  const dataDir = join(dir, 'data')
  await writeFile(log4j, kafkaLog4j2('logger.state.name = state.change.logger\nlogger.state.level = WARN\n'))
  await writeFile(config, renderProperties(serverProperties(dataDir, launch.brokerPort, launch.controllerPort, launch.properties, launch.extraListener)))
  const logOption = `-Dlog4j2.configurationFile=${log4j}`
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    const began = Date.now()
    await runJavaTool('kafka-storage-format', [...TOOL_JVM_FLAGS, logOption, '-cp', classpath(libDir),
      'kafka.tools.StorageTool', 'format', '--cluster-id', clusterId(), '--config', config, '--ignore-formatted'], 60_000)
    launch.log(`kafka storage formatted in ${Date.now() - began} ms`)
  }
  const proc = new ManagedProcess({
    name: 'kafka',
    command: javaBinary(),
    args: [...BROKER_JVM_FLAGS, logOption, '-cp', classpath(libDir), 'kafka.Kafka', config],
    cwd: dir,
    logFile: join(dir, 'kafka.log'),
    pidFile: join(launch.runDir, 'kafka.pid'),
    detached: launch.detached
  })
  const server = new LocalKafka(launch, proc)
  try {
    await server.start()
  } catch (error) {
    await proc.kill()
    throw error
  }
  return server
}
