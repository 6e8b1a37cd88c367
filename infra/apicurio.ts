/**
 * Apicurio Registry 3.x (Maven Central `io.apicurio:apicurio-registry-app:<v>:tar.gz:all`), a schema registry
 * with a Confluent-compatible API under /apis/ccompat/v7, for the AvroConverter tests. Started by the tests
 * that need it (not by `npm test` for every file), on free loopback ports (HTTP and Quarkus' management port),
 * in a helper run dir under .infra-run/side/ so a run whose owner died is reaped by the next one.
 * Its classes target Java 21, so it runs on the newest JDK >= 21 found (see findJava21).
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ErrorCodes, SqsConnectError } from '../src/errors.ts'
import { installOnce } from './install-lock.ts'
import { cacheDir } from './paths.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess, readFrom } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { SideRun } from './side-run.ts'

const run = promisify(execFile)

export const APICURIO_VERSION = '3.3.3'
const ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`
const apicurioHome = join(cacheDir, `apicurio-${APICURIO_VERSION}`)
const completeMarker = join(apicurioHome, '.complete')
const READY_TIMEOUT_MS = 120_000
const STOP_GRACE_MS = 10_000
const JVM_FLAGS = ['-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true']
const BIND_FAILED = /Port already bound|Address already in use/

export interface SchemaRegistryServer {
  /** The Confluent-compatible base URL, http://127.0.0.1:<port>/apis/ccompat/v7. */
  readonly url: string
  readonly port: number
  readonly logFile: string
  /** Idempotent. */
  stop (): Promise<void>
}

/** The major version `java -version` reports (17, 21, 25), or undefined when it does not run. */
async function javaMajor (java: string): Promise<number | undefined> {
  try {
    const { stderr } = await run(java, ['-version'], { timeout: 20_000 })
    const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr)
    if (match === null) return undefined
    return match[1] === '1' ? Number(match[2]) : Number(match[1])
  } catch {
    return undefined
  }
}

/**
 * A java binary of JDK 21 or newer: SQS_CONNECT_REGISTRY_JAVA, then $JAVA_HOME, then `java` on PATH, then the
 * newest under /usr/lib/jvm (Debian 12 ships only 17, so CI installs one there: see .ci/run).
 */
export async function findJava21 (): Promise<string> {
  const candidates: string[] = []
  if (process.env.SQS_CONNECT_REGISTRY_JAVA !== undefined) candidates.push(process.env.SQS_CONNECT_REGISTRY_JAVA)
  if (process.env.JAVA_HOME !== undefined && process.env.JAVA_HOME !== '') candidates.push(join(process.env.JAVA_HOME, 'bin', 'java'))
  candidates.push('java')
  const jvmRoot = '/usr/lib/jvm'
  if (existsSync(jvmRoot)) for (const dir of readdirSync(jvmRoot).sort().reverse()) candidates.push(join(jvmRoot, dir, 'bin', 'java'))
  let best: { java: string, major: number } | undefined
  for (const java of candidates) {
    const major = await javaMajor(java)
    if (major !== undefined && major >= 21 && (best === undefined || major > best.major)) best = { java, major }
  }
  if (best !== undefined) return best.java
  throw new SqsConnectError(ErrorCodes.INFRA_FAILED,
    `Apicurio Registry ${APICURIO_VERSION} needs Java 21 or newer; none found (tried ${candidates.join(', ')}). ` +
    'Install a JDK 21+ (e.g. into /usr/lib/jvm) or set SQS_CONNECT_REGISTRY_JAVA to its java binary.', { subject: 'apicurio' })
}

function installed (): boolean {
  return existsSync(completeMarker) && existsSync(join(apicurioHome, 'quarkus-run.jar'))
}

async function install (): Promise<void> {
  await rm(apicurioHome, { recursive: true, force: true })
  await mkdir(apicurioHome, { recursive: true })
  try {
    await run('mvn', ['-q', '-B', 'dependency:get', `-Dartifact=${ARTIFACT}`, '-Dtransitive=false'], { maxBuffer: 64 * 1024 * 1024, cwd: apicurioHome })
    const tarball = join(homedir(), '.m2', 'repository', 'io', 'apicurio', 'apicurio-registry-app', APICURIO_VERSION, `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`)
    await run('tar', ['-xzf', tarball, '-C', apicurioHome], { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const detail = error as { stdout?: string, stderr?: string, message?: string }
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Could not fetch ${ARTIFACT} from Maven Central: ${detail.stderr ?? ''}${detail.stdout ?? ''}${detail.message ?? ''}`,
      { subject: 'apicurio', cause: error })
  }
  if (!existsSync(join(apicurioHome, 'quarkus-run.jar'))) {
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `${ARTIFACT} has no quarkus-run.jar at its top level`, { subject: 'apicurio' })
  }
  await writeFile(completeMarker, `${ARTIFACT} unpacked ${new Date().toISOString()}\n`)
}

/** Downloads and unpacks Apicurio once into the shared cache; a second call does nothing. */
export const provisionApicurio = installOnce({
  what: 'apicurio', lockFile: join(cacheDir, `apicurio-${APICURIO_VERSION}.lock`), waitMs: 15 * 60_000, installed, install, result: apicurioHome
})

async function answers (url: string): Promise<boolean> {
  const reply = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) })
  return reply.ok && Array.isArray(await reply.json())
}

/** Starts Apicurio (in-memory storage, so every start is empty) on free loopback ports; resolves when ccompat answers. */
export async function startApicurio (opts: { log?: (line: string) => void } = {}): Promise<SchemaRegistryServer> {
  const log = opts.log ?? ((): void => {})
  const home = await provisionApicurio()
  const java = await findJava21()
  const side = await SideRun.create('apicurio', log)
  for (let attempt = 1; ; attempt++) {
    const [port, management] = await freePorts(2) as [number, number]
    const url = `http://${LOOPBACK}:${port}/apis/ccompat/v7`
    const proc = new ManagedProcess({
      name: 'apicurio',
      command: java,
      args: [...JVM_FLAGS, `-Dquarkus.http.host=${LOOPBACK}`, `-Dquarkus.http.port=${port}`,
        `-Dquarkus.management.host=${LOOPBACK}`, `-Dquarkus.management.port=${management}`,
        '-Dapicurio.datasource.jdbc.initial-size=2', '-Dapicurio.datasource.jdbc.min-size=2', '-jar', join(home, 'quarkus-run.jar')],
      cwd: side.dir,
      logFile: join(side.dir, 'apicurio.log'),
      pidFile: join(side.dir, 'apicurio.pid')
    })
    await side.track(proc.spec.pidFile, `-Dquarkus.http.port=${port}`)
    proc.start()
    try {
      const ready = async (): Promise<boolean> =>
        (await readFrom(proc.spec.logFile, proc.logOffset)).includes(`Listening on: http://${LOOPBACK}:${port}`) && await answers(url)
      await waitUntilReady(proc, ready, { timeoutMs: READY_TIMEOUT_MS, fatal: BIND_FAILED, log })
    } catch (error) {
      await proc.kill()
      if (!BIND_FAILED.test(String((error as Error).message)) || attempt >= 3) {
        await side.remove()
        throw error
      }
      continue
    }
    log(`apicurio ready on ${url} (pid ${proc.pid ?? '?'})`)
    let stopping: Promise<void> | undefined
    return {
      url,
      port,
      logFile: proc.spec.logFile,
      stop: () => {
        stopping ??= proc.stop(STOP_GRACE_MS).then(async () => { await side.remove() })
        return stopping
      }
    }
  }
}
