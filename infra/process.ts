/**
 * Child processes of the infra tooling: each runs in its own process group with its output in a log file,
 * stops with SIGTERM then SIGKILL, and is killed by exit/signal backstops if its owner dies first.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'

export interface ProcessSpec {
  /** Short name for logs and errors, e.g. 'kafka'. */
  name: string
  command: string
  args: string[]
  cwd: string
  logFile: string
  /** Rewritten with the pid at every start, for `infra down`, `status` and the stale-run reaper. */
  pidFile: string
  /** True: the process outlives this Node process (CLI `up`), so no backstop kills it. */
  detached?: boolean
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A process started by this tooling; start() may be called again after it stopped (same spec, same log). */
export class ManagedProcess {
  readonly spec: ProcessSpec
  #child: ChildProcess | undefined
  #exited: Promise<void> = Promise.resolve()
  #logOffset = 0

  constructor (spec: ProcessSpec) {
    this.spec = spec
  }

  /** The pid of the running process (also its process group id), undefined when not running. */
  get pid (): number | undefined {
    return this.running ? this.#child?.pid : undefined
  }

  /** True from start() until the process has exited. */
  get running (): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
  }

  /** Size of the log file when the current incarnation started; readiness checks read only what follows. */
  get logOffset (): number {
    return this.#logOffset
  }

  /** Spawns the process in a new process group (and session), appending stdout and stderr to the log file. */
  start (): void {
    if (this.running) return
    this.#logOffset = fileSize(this.spec.logFile)
    // The child writes straight into the file, so it keeps logging after a detached parent has exited.
    const fd = openSync(this.spec.logFile, 'a')
    let child: ChildProcess
    try {
      child = spawn(this.spec.command, this.spec.args, { cwd: this.spec.cwd, detached: true, stdio: ['ignore', fd, fd], ...(this.spec.env === undefined ? {} : { env: { ...process.env, ...this.spec.env } }) })
    } finally {
      closeSync(fd)
    }
    this.#exited = new Promise((resolve) => {
      child.once('exit', () => { backstop.delete(this); resolve() })
      child.once('error', () => { backstop.delete(this); resolve() })
    })
    if (child.pid === undefined) throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Could not start ${this.spec.name}: ${this.spec.command} did not spawn`, { subject: this.spec.name })
    this.#child = child
    writeFileSync(this.spec.pidFile, `${child.pid}\n`)
    if (this.spec.detached === true) child.unref()
    else backstop.add(this)
  }

  /** Resolves once the current incarnation has exited. */
  exited (): Promise<void> {
    return this.#exited
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop (graceMs: number): Promise<void> {
    const pid = this.pid
    if (pid === undefined) return this.#exited
    signalGroup(pid, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs)
    await this.#exited
    clearTimeout(timer)
  }

  /** SIGKILL to the process group, as a crash would; resolves when the process is gone. */
  async kill (): Promise<void> {
    const pid = this.pid
    if (pid !== undefined) signalGroup(pid, 'SIGKILL')
    await this.#exited
  }

  /** Synchronous SIGKILL for exit handlers, where nothing can be awaited. */
  killNow (): void {
    const pid = this.pid
    if (pid !== undefined) signalGroup(pid, 'SIGKILL')
  }

  /** The last lines this incarnation wrote to its log. */
  logTail (lines = 40): string {
    return tailOfFile(this.spec.logFile, lines, this.#logOffset)
  }
}

function fileSize (file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup (pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // ESRCH: already exited. Fall back to the single pid in case it is not (or no longer) a group leader.
    try { process.kill(pgid, signal) } catch { /* gone */ }
  }
}

/** Last `lines` lines of a file, read from `fromOffset` on (at most the final 64 KiB). */
export function tailOfFile (file: string, lines: number, fromOffset = 0): string {
  try {
    const text = readFileSync(file)
    const start = Math.max(fromOffset, text.length - 65536)
    return text.subarray(start).toString('utf8').split('\n').slice(-lines - 1).join('\n').trimEnd()
  } catch {
    return '(no log)'
  }
}

/** Reads a file from `offset` to its end, e.g. to look for a log line of the current incarnation. */
export async function readFrom (file: string, offset: number): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    if (size <= offset) return ''
    const buffer = Buffer.alloc(size - offset)
    await handle.read(buffer, 0, buffer.length, offset)
    return buffer.toString('utf8')
  } finally {
    await handle.close()
  }
}

const HAS_PROC = existsSync('/proc/self/stat')

/**
 * True when `pid` runs and is not a zombie. kill(pid, 0) is not enough: here PID 1 reaps orphans lazily,
 * so a dead orphan can linger as a zombie for seconds.
 */
export function isAlive (pid: number): boolean {
  if (!HAS_PROC) {
    try { process.kill(pid, 0); return true } catch (error) { return (error as NodeJS.ErrnoException).code === 'EPERM' }
  }
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').charAt(0)
    return state !== 'Z' && state !== 'X'
  } catch {
    return false
  }
}

/** True when `pid` is alive and its command line contains `marker` (a run dir path), so it is not a reused pid. */
export function isOurProcess (pid: number, marker: string): boolean {
  try {
    if (!isAlive(pid)) return false
    const cmdline = HAS_PROC ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' })
    return cmdline.includes(marker)
  } catch {
    return false
  }
}

/** Stops a process known only by pid (e.g. from a pid file): SIGTERM, then SIGKILL after `graceMs`. */
export async function stopPid (pid: number, marker: string, graceMs: number): Promise<boolean> {
  if (!isOurProcess(pid, marker)) return false
  signalGroup(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (isOurProcess(pid, marker) && Date.now() < deadline) await sleep(50)
  if (isOurProcess(pid, marker)) signalGroup(pid, 'SIGKILL')
  while (isOurProcess(pid, marker) && Date.now() < deadline + 5000) await sleep(50)
  return true
}

/**
 * Backstop: children of a Node process that exits, or dies of SIGINT/SIGTERM, are killed with it.
 * The listeners exist only while a child runs, so they never change how an idle process reacts to signals.
 */
class Backstop {
  readonly #live = new Set<ManagedProcess>()
  readonly #onExit = (): void => { for (const proc of this.#live) proc.killNow() }
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    // Another listener means someone else runs a graceful shutdown (which may call stop()); the exit hook
    // still catches anything left. Alone, we kill and re-raise so the default exit-by-signal still happens.
    if (process.listenerCount(signal) > 1) return
    this.#onExit()
    this.#uninstall()
    process.kill(process.pid, signal)
  }

  add (proc: ManagedProcess): void {
    if (this.#live.size === 0) {
      process.on('exit', this.#onExit)
      process.on('SIGINT', this.#onSignal)
      process.on('SIGTERM', this.#onSignal)
    }
    this.#live.add(proc)
  }

  delete (proc: ManagedProcess): void {
    if (this.#live.delete(proc) && this.#live.size === 0) this.#uninstall()
  }

  #uninstall (): void {
    process.off('exit', this.#onExit)
    process.off('SIGINT', this.#onSignal)
    process.off('SIGTERM', this.#onSignal)
  }
}

const backstop = new Backstop()
