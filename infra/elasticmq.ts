/** ElasticMQ (an SQS-compatible server) on a loopback port, run from cached jars with a generated HOCON config. */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ManagedProcess, readFrom } from './process.ts'
import { LOOPBACK } from './ports.ts'
import { waitUntilReady } from './readiness.ts'
import { classpath, javaBinary } from './jvm.ts'
import type { SqsServer } from './types.ts'

export interface ElasticMqLaunch {
  libDir: string
  dir: string
  /** The run dir, for the pid file. */
  runDir: string
  port: number
  region: string
  accountId: string
  detached: boolean
  /** Maximum heap in MiB; 256 unless set (benchmarks prefill queues with hundreds of MiB). */
  heapMb?: number
  log: (line: string) => void
}

const READY_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 10_000
const STARTED_LINE = 'Started SQS rest server, bind address'
const DEFAULT_HEAP_MB = 256
/** The heap the benchmarks give ElasticMQ: it keeps every message of every queue in memory, and they prefill hundreds of MiB. */
export const BENCH_SQS_HEAP_MB = 1536
const JVM_FLAGS = ['-Xms64m', '-XX:+UseSerialGC', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true']

/** The server config: QueueUrls are http://127.0.0.1:<port>/<accountId>/<name>, no queues exist up front. */
export function elasticMqConfig (port: number, region: string, accountId: string): string {
  // -Dconfig.file replaces application.conf, so include it for its pekko settings (21 s request timeout
  // for 20 s long polls). Its pekko.loglevel=DEBUG only makes work for a filter that drops it, hence INFO.
  return `include classpath("application.conf")
pekko.loglevel = "INFO"
node-address { protocol = "http", host = "${LOOPBACK}", port = ${port}, context-path = "" }
rest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "${LOOPBACK}", sqs-limits = strict }
generate-node-address = false
aws { region = "${region}", accountId = "${accountId}" }
queues {}
`
}

async function answersSqs (endpoint: string): Promise<boolean> {
  const health = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2000) })
  if (!health.ok) return false
  // /health answers before the SQS routes are proven; one ListQueues over the JSON protocol is the real check.
  const list = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
    body: '{}',
    signal: AbortSignal.timeout(2000)
  })
  return list.ok && 'QueueUrls' in (await list.json() as object)
}

class LocalElasticMq implements SqsServer {
  readonly endpoint: string
  readonly #proc: ManagedProcess
  readonly #log: (line: string) => void

  constructor (endpoint: string, proc: ManagedProcess, log: (line: string) => void) {
    this.endpoint = endpoint
    this.#proc = proc
    this.#log = log
  }

  get pid (): number | undefined { return this.#proc.pid }
  get logFile (): string { return this.#proc.spec.logFile }

  async stop (): Promise<void> {
    if (!this.#proc.running) return
    const began = Date.now()
    await this.#proc.stop(STOP_GRACE_MS)
    this.#log(`elasticmq stopped in ${Date.now() - began} ms`)
  }
}

/** Writes the config and starts ElasticMQ; resolves when it answers ListQueues. */
export async function launchElasticMq (launch: ElasticMqLaunch): Promise<SqsServer> {
  await mkdir(launch.dir, { recursive: true })
  const config = join(launch.dir, 'elasticmq.conf')
  await writeFile(config, elasticMqConfig(launch.port, launch.region, launch.accountId))
  const proc = new ManagedProcess({
    name: 'elasticmq',
    command: javaBinary(),
    args: [...JVM_FLAGS, `-Xmx${launch.heapMb ?? DEFAULT_HEAP_MB}m`, `-Dconfig.file=${config}`, '-cp', classpath(launch.libDir), 'org.elasticmq.server.Main'],
    cwd: launch.dir,
    logFile: join(launch.dir, 'elasticmq.log'),
    pidFile: join(launch.runDir, 'elasticmq.pid'),
    detached: launch.detached
  })
  const endpoint = `http://${LOOPBACK}:${launch.port}`
  const began = Date.now()
  proc.start()
  try {
    // A failed bind is only logged; ElasticMQ keeps running, and whatever holds the port might answer /health.
    // So the log must show that this process bound the port, and must not show the failure.
    const ready = async (): Promise<boolean> =>
      (await readFrom(proc.spec.logFile, proc.logOffset)).includes(`${STARTED_LINE} ${LOOPBACK}:${launch.port}`) && await answersSqs(endpoint)
    await waitUntilReady(proc, ready, { timeoutMs: READY_TIMEOUT_MS, fatal: /Cannot start SQS rest server|Bind failed/, log: launch.log })
  } catch (error) {
    await proc.kill()
    throw error
  }
  launch.log(`elasticmq ready on ${endpoint} (pid ${proc.pid ?? '?'}) in ${Date.now() - began} ms`)
  return new LocalElasticMq(endpoint, proc, launch.log)
}
