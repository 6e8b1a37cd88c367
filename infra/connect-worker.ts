/**
 * A real Apache Kafka Connect 4.4.0 standalone worker (org.apache.kafka.connect.cli.ConnectStandalone) from
 * Maven Central jars (infra/maven/connect-worker), with its REST API on a free loopback port, for comparing
 * its REST answers with ours. Extra plugin classes (a compiled test connector) go on its classpath.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { classpath, javaBinary, kafkaLog4j2 } from './jvm.ts'
import { ensureMavenLib } from './maven.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { SideRun } from './side-run.ts'

export interface ConnectWorkerOptions {
  readonly bootstrap: string
  /** Folders or jars added to the classpath: plugins such as a test connector. */
  readonly extraClasspath?: readonly string[]
  /** Worker properties on top of the defaults below (listeners, ssl.*, rest.extension.classes ...). */
  readonly workerProperties?: Readonly<Record<string, string>>
  /** JVM options such as -Djava.security.auth.login.config=... (what users put in KAFKA_OPTS). */
  readonly jvmOptions?: readonly string[]
  /**
   * Heap, GC and JIT flags in place of the defaults (a small heap, serial GC and C1 only: quick to start, right for
   * tests); a benchmark passes those of Kafka's own start scripts.
   */
  readonly jvmTuning?: readonly string[]
  /** How the readiness probe reaches the REST API; `fetch` to 127.0.0.1 by default. */
  readonly probe?: (baseUrl: string) => Promise<boolean>
  readonly log?: (line: string) => void
}

export interface ConnectWorker {
  /** http(s)://127.0.0.1:<port> of the REST API. */
  readonly url: string
  readonly logFile: string
  /** Pid of the worker JVM while it runs. */
  readonly pid: () => number | undefined
  /** Stops the JVM and removes its run dir; idempotent. */
  stop (): Promise<void>
}

const READY_TIMEOUT_MS = 120_000
const STOP_GRACE_MS = 10_000
const TEST_JVM_TUNING = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']


const render = (props: Readonly<Record<string, string>>): string =>
  Object.entries(props).map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`).join('\n') + '\n'

/** Starts the worker (no connectors) and resolves once GET / answers. */
export async function startConnectWorker (options: ConnectWorkerOptions): Promise<ConnectWorker> {
  const log = options.log ?? (() => {})
  const lib = await ensureMavenLib('connect-worker')
  const run = await SideRun.create('connect-worker', log)
  const [port] = await freePorts(1)
  const https = Object.keys(options.workerProperties ?? {}).some((k) => k.startsWith('listeners.https.') || k.startsWith('ssl.keystore'))
  const url = `${https ? 'https' : 'http'}://${LOOPBACK}:${port!}`
  const props = {
    'bootstrap.servers': options.bootstrap,
    listeners: url,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.storage.file.filename': join(run.dir, 'connect.offsets'),
    'offset.flush.interval.ms': '1000',
    'plugin.discovery': 'hybrid_warn',
    ...options.workerProperties
  }
  await mkdir(run.dir, { recursive: true })
  const workerFile = join(run.dir, 'connect-standalone.properties')
  const log4j = join(run.dir, 'log4j2.properties')
  await writeFile(workerFile, render(props))
  await writeFile(log4j, kafkaLog4j2())
  const cp = [classpath(lib), ...(options.extraClasspath ?? [])].join(delimiter)
  const proc = new ManagedProcess({
    name: 'connect-worker',
    command: javaBinary(),
    args: [...(options.jvmTuning ?? TEST_JVM_TUNING), '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${log4j}`,
      ...(options.jvmOptions ?? []), '-cp', cp, 'org.apache.kafka.connect.cli.ConnectStandalone', workerFile],
    cwd: run.dir,
    logFile: join(run.dir, 'connect.log'),
    pidFile: join(run.dir, 'connect.pid')
  })
  await run.track(join(run.dir, 'connect.pid'), workerFile)
  const probe = options.probe ?? (async (base: string) => (await fetch(`${base}/`, { signal: AbortSignal.timeout(2000) })).status === 200)
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= proc.stop(STOP_GRACE_MS).then(async () => { await run.remove() })
    await stopping
  }
  proc.start()
  try {
    await waitUntilReady(proc, async () => await probe(url), { timeoutMs: READY_TIMEOUT_MS, log })
  } catch (error) {
    await stop()
    throw error
  }
  log(`connect worker ready on ${url}`)
  return { url, logFile: proc.spec.logFile, pid: () => proc.pid, stop }
}
