/**
 * toxiproxy (Go module github.com/Shopify/toxiproxy/v2), a TCP proxy that injects faults (latency, resets,
 * timeouts, outages) between a client and a real server. Built once with `go install` into the shared
 * download cache; each server runs on a free loopback port in a run dir of its own under .infra-run/toxiproxy/,
 * and is driven through its HTTP admin API with fetch.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { findGo, runGo } from './go-tool.ts'
import { installOnce } from './install-lock.ts'
import { reapOwnedRuns, type OwnedRunState } from './owned-runs.ts'
import { cacheDir, runRoot } from './paths.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess, readFrom } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { removeRunDir, removeRunDirAtExit } from './run-state.ts'

/** The pinned release (its go.mod needs Go >= 1.23). */
export const TOXIPROXY_VERSION = '2.12.0'
const MODULE = 'github.com/Shopify/toxiproxy/v2'

/** Where the binary lives: shared by every checkout on this machine, like the Maven downloads. */
export const toxiproxyHome = join(cacheDir, `toxiproxy-${TOXIPROXY_VERSION}`)
const binary = join(toxiproxyHome, 'bin', 'toxiproxy-server')
const completeMarker = join(toxiproxyHome, '.complete')
const installLock = join(cacheDir, `toxiproxy-${TOXIPROXY_VERSION}.lock`)
const toxiproxyRunRoot = join(runRoot, 'toxiproxy')

const READY_TIMEOUT_MS = 30_000
const STOP_GRACE_MS = 5_000
const INSTALL_WAIT_MS = 10 * 60_000
const API_TIMEOUT_MS = 10_000

/** A fault toxiproxy applies to the traffic of one proxy (see toxiproxy's README for every type's attributes). */
export interface Toxic {
  readonly name: string
  readonly type: 'latency' | 'timeout' | 'reset_peer' | 'bandwidth' | 'limit_data' | 'slicer' | 'slow_close'
  /** downstream: server to client (the default); upstream: client to server. */
  readonly stream?: 'upstream' | 'downstream'
  /** The share of connections affected, 0..1 (default 1). */
  readonly toxicity?: number
  readonly attributes: Readonly<Record<string, number>>
}

/** One listening port of a toxiproxy server, forwarding to `upstream`. */
export interface ToxiproxyProxy {
  readonly name: string
  /** host:port it listens on. */
  readonly listen: string
  /** http://host:port, for clients that take an endpoint URL. */
  readonly url: string
  addToxic (toxic: Toxic): Promise<void>
  removeToxic (name: string): Promise<void>
  /** Disabled: the port refuses connections and open ones are closed, as a server that is down. */
  setEnabled (enabled: boolean): Promise<void>
}

export interface ToxiproxyServer {
  /** The admin API, http://127.0.0.1:<port>. */
  readonly apiUrl: string
  readonly pid: number | undefined
  readonly logFile: string
  /** A proxy on a free loopback port; `upstream` is host:port or an http(s) URL. */
  createProxy (name: string, upstream: string): Promise<ToxiproxyProxy>
  /** Removes every toxic and enables every proxy again. */
  reset (): Promise<void>
  /** Idempotent; stops exactly this process and removes its run dir unless kept. */
  stop (): Promise<void>
}

export interface ToxiproxyOptions {
  log?: (line: string) => void
  keepRunDir?: boolean
}

function installed (): boolean {
  return existsSync(completeMarker) && existsSync(binary)
}

/** Returns the toxiproxy-server binary, building it on first use (`go install`, about 30 s); later calls build nothing. */
export const ensureToxiproxy = installOnce({ what: 'toxiproxy', lockFile: installLock, waitMs: INSTALL_WAIT_MS, installed, install, result: binary })

/** Builds toxiproxy (once) so startToxiproxy() needs nothing from the network. */
export async function provisionToxiproxy (): Promise<void> {
  await ensureToxiproxy()
}

async function install (): Promise<void> {
  const go = await findGo('toxiproxy (the fault-injection proxy of the tests) is built from source')
  await rm(toxiproxyHome, { recursive: true, force: true })
  const bin = join(toxiproxyHome, 'bin')
  await mkdir(bin, { recursive: true })
  await runGo(go, ['install', `${MODULE}/cmd/server@v${TOXIPROXY_VERSION}`], { cwd: toxiproxyHome, what: `toxiproxy v${TOXIPROXY_VERSION}`, env: { GOBIN: bin } })
  await rename(join(bin, 'server'), binary)
  await writeFile(completeMarker, `${MODULE}@v${TOXIPROXY_VERSION} built ${new Date().toISOString()}\n`)
}

/** What a toxiproxy run dir records about itself, for the reaper of runs whose owner died. */
interface ToxiproxyRunState extends OwnedRunState {
  startedAt: string
  apiUrl: string
  port: number
}

/** The exact command line of the server of a run, so a recycled pid is never taken for it. */
function commandMarker (port: number): string {
  return [binary, '-host', LOOPBACK, '-port', String(port), ''].join('\0')
}

/** Stops the toxiproxy servers of runs whose owning process died without its exit hooks (SIGKILL, OOM). */
export async function reapStaleToxiproxyRuns (log: (line: string) => void = () => {}): Promise<void> {
  await reapOwnedRuns<ToxiproxyRunState>({
    what: 'toxiproxy',
    root: toxiproxyRunRoot,
    stateFile: 'toxiproxy.json',
    pidFile: 'toxiproxy.pid',
    marker: (state) => commandMarker(state.port),
    settle: async (runDir, state) => { if (!state.keep) await removeToxiproxyRunDir(runDir) }
  }, log)
}

async function removeToxiproxyRunDir (runDir: string): Promise<void> {
  await removeRunDir(runDir)
  await rmdir(toxiproxyRunRoot).catch(() => {})
}

/** One call to the admin API; a non-2xx answer is an error with toxiproxy's own text. */
async function api (apiUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const reply = await fetch(`${apiUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(API_TIMEOUT_MS)
  })
  const text = await reply.text()
  if (!reply.ok) throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `toxiproxy ${method} ${path} answered HTTP ${reply.status}: ${text}`, { subject: 'toxiproxy' })
  return text === '' ? undefined : JSON.parse(text) as unknown
}

/** host:port of an upstream given as host:port or as a URL. */
function hostPort (upstream: string): string {
  if (!/^[a-z]+:\/\//.test(upstream)) return upstream
  const url = new URL(upstream)
  return `${url.hostname}:${url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80'}`
}

class Proxy implements ToxiproxyProxy {
  readonly name: string
  readonly listen: string
  readonly #apiUrl: string

  constructor (apiUrl: string, name: string, listen: string) {
    this.#apiUrl = apiUrl
    this.name = name
    this.listen = listen
  }

  get url (): string { return `http://${this.listen}` }

  async addToxic (toxic: Toxic): Promise<void> {
    await api(this.#apiUrl, 'POST', `/proxies/${this.name}/toxics`, { stream: 'downstream', toxicity: 1, ...toxic })
  }

  async removeToxic (name: string): Promise<void> {
    await api(this.#apiUrl, 'DELETE', `/proxies/${this.name}/toxics/${name}`)
  }

  async setEnabled (enabled: boolean): Promise<void> {
    await api(this.#apiUrl, 'PATCH', `/proxies/${this.name}`, { enabled })
  }
}

class LocalToxiproxy implements ToxiproxyServer {
  readonly apiUrl: string
  readonly #proc: ManagedProcess
  readonly #runDir: string
  readonly #keep: boolean
  readonly #log: (line: string) => void
  #stopping: Promise<void> | undefined
  readonly #removeOnExit = (): void => { removeRunDirAtExit(this.#runDir) }

  constructor (apiUrl: string, runDir: string, proc: ManagedProcess, keep: boolean, log: (line: string) => void) {
    this.apiUrl = apiUrl
    this.#runDir = runDir
    this.#proc = proc
    this.#keep = keep
    this.#log = log
    if (!keep) process.once('exit', this.#removeOnExit)
  }

  get pid (): number | undefined { return this.#proc.pid }
  get logFile (): string { return this.#proc.spec.logFile }

  async createProxy (name: string, upstream: string): Promise<ToxiproxyProxy> {
    // Port 0: toxiproxy binds a free port itself and answers with it, so no other process can take it meanwhile.
    const created = await api(this.apiUrl, 'POST', '/proxies', { name, listen: `${LOOPBACK}:0`, upstream: hostPort(upstream), enabled: true }) as { listen: string }
    return new Proxy(this.apiUrl, name, created.listen)
  }

  async reset (): Promise<void> {
    await api(this.apiUrl, 'POST', '/reset')
  }

  stop (): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop (): Promise<void> {
    process.off('exit', this.#removeOnExit)
    await this.#proc.stop(STOP_GRACE_MS)
    if (!this.#keep) await removeToxiproxyRunDir(this.#runDir)
    this.#log('toxiproxy stopped')
  }
}

function newRunDir (): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
  return join(toxiproxyRunRoot, `run-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`)
}

/**
 * Starts `toxiproxy-server -host 127.0.0.1 -port <free port>` in its own process group (building it first if
 * needed); resolves when its API answers. stop() is idempotent and stops exactly that process.
 */
export async function startToxiproxy (opts: ToxiproxyOptions = {}): Promise<ToxiproxyServer> {
  const log = opts.log ?? ((): void => {})
  const began = Date.now()
  await reapStaleToxiproxyRuns(log)
  await ensureToxiproxy()
  const keep = opts.keepRunDir === true
  for (let attempt = 1; ; attempt++) {
    const runDir = newRunDir()
    await mkdir(runDir, { recursive: true })
    const [port] = await freePorts(1) as [number]
    const apiUrl = `http://${LOOPBACK}:${port}`
    const state: ToxiproxyRunState = { owner: process.pid, keep, startedAt: new Date().toISOString(), apiUrl, port }
    await writeFile(join(runDir, 'toxiproxy.json'), JSON.stringify(state, null, 2) + '\n')
    const proc = new ManagedProcess({
      name: 'toxiproxy',
      command: binary,
      args: ['-host', LOOPBACK, '-port', String(port)],
      cwd: runDir,
      logFile: join(runDir, 'toxiproxy.log'),
      pidFile: join(runDir, 'toxiproxy.pid')
    })
    proc.start()
    try {
      // The log line proves that this process bound the port; then the API must answer.
      const ready = async (): Promise<boolean> =>
        (await readFrom(proc.spec.logFile, proc.logOffset)).includes(`"address":"${LOOPBACK}:${port}"`) &&
        (await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(2000) })).ok
      await waitUntilReady(proc, ready, { timeoutMs: READY_TIMEOUT_MS, fatal: /address already in use/, log })
    } catch (error) {
      await proc.kill()
      const portTaken = /address already in use/.test(String((error as Error).message))
      if (!keep || portTaken) await removeToxiproxyRunDir(runDir)
      if (!portTaken || attempt >= 3) throw error
      log(`port ${port} was taken before toxiproxy bound it; retrying with a new port (attempt ${attempt + 1})`)
      continue
    }
    log(`toxiproxy ready on ${apiUrl} (pid ${proc.pid ?? '?'}) in ${Date.now() - began} ms`)
    return new LocalToxiproxy(apiUrl, runDir, proc, keep, log)
  }
}
