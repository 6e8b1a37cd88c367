/**
 * moto (PyPI `moto[server]`), a second SQS-compatible server next to ElasticMQ, so the connector is proven
 * against two implementations. It runs from a venv in the shared download cache, on a free loopback port,
 * in a run dir of its own under .infra-run/moto/ (the Kafka/ElasticMQ run tooling ignores that dir).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { reapOwnedRuns, type OwnedRunState } from './owned-runs.ts'
import { runRoot } from './paths.ts'
import { pipVenv } from './pip-venv.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess, readFrom } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { removeRunDir, removeRunDirAtExit } from './run-state.ts'
import type { MotoOptions, MotoServer } from './types.ts'

/** The pinned moto release (5.2.x needs Python >= 3.9). */
export const MOTO_VERSION = '5.2.5'
/** moto's fixed account (QueueUrls are http://127.0.0.1:<port>/123456789012/<name>); the region follows the request. */
export const MOTO_ACCOUNT_ID = '123456789012'
/** The SenderId moto puts on every message. */
export const MOTO_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU'

/** moto's venv, in the shared download cache like the Maven downloads (infra/pip-venv.ts). */
const motoVenv = pipVenv({ name: 'moto', version: MOTO_VERSION, requirement: `moto[server]==${MOTO_VERSION}`, binary: 'moto_server' })
/** Run dirs of moto servers; no run.json inside, so run-state's reaper and `infra status` details skip them. */
const motoRunRoot = join(runRoot, 'moto')

const READY_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5_000

/** Returns the venv that holds moto[server]==MOTO_VERSION, creating it on first use. */
export const ensureMotoVenv = motoVenv.ensure

/** Installs moto (once) so startMoto() needs nothing from the network; a second call installs nothing. */
export async function provisionMoto (): Promise<void> {
  await ensureMotoVenv()
}

/** What a moto run dir records about itself, for the reaper of runs whose owner died. */
interface MotoRunState extends OwnedRunState {
  startedAt: string
  endpoint: string
  port: number
  venv: string
}

/**
 * The exact command line of the moto server of a run (/proc/<pid>/cmdline is NUL-separated): a recycled pid
 * matches it only if it is a moto of this venv on the same port, which the dead run's server held.
 */
function commandMarker (venv: string, port: number): string {
  return [join(venv, 'bin', 'moto_server'), '-H', LOOPBACK, '-p', String(port), ''].join('\0')
}

/** Stops the moto servers of runs whose owning process died without its exit hooks (SIGKILL, OOM). */
export async function reapStaleMotoRuns (log: (line: string) => void = () => {}): Promise<void> {
  await reapOwnedRuns<MotoRunState>({
    what: 'moto',
    root: motoRunRoot,
    stateFile: 'moto.json',
    pidFile: 'moto.pid',
    marker: (state) => commandMarker(state.venv, state.port),
    settle: async (runDir, state) => {
      if (state.keep) await writeFile(join(runDir, 'moto.json'), JSON.stringify({ ...state, owner: null }, null, 2) + '\n')
      else await removeRunDir(runDir)
    }
  }, log)
}

function newRunDir (): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
  return join(motoRunRoot, `run-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`)
}

/** True when the server answers a ListQueues over SQS's JSON protocol (what the AWS SDK v3 speaks). */
async function answersSqs (endpoint: string): Promise<boolean> {
  const reply = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonSQS.ListQueues',
      // moto picks the service from the signature's credential scope; unsigned requests go to its S3 (ListBuckets XML).
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0'
    },
    body: '{}',
    signal: AbortSignal.timeout(2000)
  })
  if (!reply.ok || !(reply.headers.get('content-type') ?? '').includes('x-amz-json')) return false
  // moto leaves QueueUrls out when there are none, so any JSON object is a valid answer.
  const body = await reply.json() as unknown
  return typeof body === 'object' && body !== null
}

class LocalMoto implements MotoServer {
  readonly endpoint: string
  readonly region = 'us-east-1'
  readonly accountId = MOTO_ACCOUNT_ID
  readonly runDir: string
  readonly #proc: ManagedProcess
  readonly #keep: boolean
  readonly #log: (line: string) => void
  #stopping: Promise<void> | undefined
  // Runs after process.ts's exit backstop has SIGKILLed moto; the reaper removes what this cannot.
  readonly #removeOnExit = (): void => { removeRunDirAtExit(this.runDir) }

  constructor (endpoint: string, runDir: string, proc: ManagedProcess, keep: boolean, log: (line: string) => void) {
    this.endpoint = endpoint
    this.runDir = runDir
    this.#proc = proc
    this.#keep = keep
    this.#log = log
    if (!keep) process.once('exit', this.#removeOnExit)
  }

  get pid (): number | undefined { return this.#proc.pid }
  get logFile (): string { return this.#proc.spec.logFile }

  async reset (): Promise<void> {
    const reply = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST', signal: AbortSignal.timeout(10_000) })
    if (!reply.ok) throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `moto reset answered HTTP ${reply.status}`, { subject: 'moto' })
  }

  stop (): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop (): Promise<void> {
    const began = Date.now()
    process.off('exit', this.#removeOnExit)
    await this.#proc.stop(STOP_GRACE_MS)
    if (this.#keep) await markOwnerless(this.runDir)
    else await removeMotoRunDir(this.runDir)
    this.#log(`moto stopped in ${Date.now() - began} ms`)
  }
}

async function markOwnerless (runDir: string): Promise<void> {
  const file = join(runDir, 'moto.json')
  const state = JSON.parse(await readFile(file, 'utf8')) as MotoRunState
  await writeFile(file, JSON.stringify({ ...state, owner: null }, null, 2) + '\n')
}

async function removeMotoRunDir (runDir: string): Promise<void> {
  await removeRunDir(runDir)
  // Drop the parent too when this was its last run, so `infra status` lists no empty moto dir.
  await rmdir(motoRunRoot).catch(() => {})
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` in its own process group (installing moto first if needed);
 * resolves when it answers ListQueues. stop() is idempotent and stops exactly that process.
 */
export async function startMoto (opts: MotoOptions = {}): Promise<MotoServer> {
  const log = opts.log ?? ((): void => {})
  const began = Date.now()
  await reapStaleMotoRuns(log)
  const venv = await ensureMotoVenv()
  const runDir = opts.runDir ?? newRunDir()
  const keep = opts.keepRunDir === true
  for (let attempt = 1; ; attempt++) {
    await mkdir(runDir, { recursive: true })
    const [port] = await freePorts(1) as [number]
    const endpoint = `http://${LOOPBACK}:${port}`
    const state: MotoRunState = { owner: process.pid, keep, startedAt: new Date().toISOString(), endpoint, port, venv }
    // Written before moto starts, so the reaper can find it even if this process dies mid-start.
    await writeFile(join(runDir, 'moto.json'), JSON.stringify(state, null, 2) + '\n')
    const proc = new ManagedProcess({
      name: 'moto',
      command: join(venv, 'bin', 'moto_server'),
      args: ['-H', LOOPBACK, '-p', String(port)],
      cwd: runDir,
      logFile: join(runDir, 'moto.log'),
      pidFile: join(runDir, 'moto.pid')
    })
    proc.start()
    try {
      // The log line proves that this process bound the port, so whatever else might answer there is ruled out.
      const ready = async (): Promise<boolean> =>
        (await readFrom(proc.spec.logFile, proc.logOffset)).includes(`Running on ${endpoint}`) && await answersSqs(endpoint)
      await waitUntilReady(proc, ready, { timeoutMs: READY_TIMEOUT_MS, fatal: /Address already in use/, log })
    } catch (error) {
      await proc.kill()
      // The chosen port is released before moto binds it, so something else may take it meanwhile: retry that alone.
      const portTaken = /Address already in use/.test(String((error as Error).message))
      if (!keep || portTaken) await removeMotoRunDir(runDir)
      if (!portTaken || attempt >= 3) throw error
      log(`port ${port} was taken before moto bound it; retrying with a new port (attempt ${attempt + 1})`)
      continue
    }
    log(`moto ready on ${endpoint} (pid ${proc.pid ?? '?'}) in ${Date.now() - began} ms`)
    return new LocalMoto(endpoint, runDir, proc, keep, log)
  }
}
