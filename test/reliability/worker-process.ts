/**
 * The worker under test: the real `sqs-connect standalone` as a child process, as users run it, restartable with
 * the same files after a kill -9. A preloaded probe (memory-probe.mjs) records its heap; RSS comes from /proc.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startStandalone, type CliProcess, type CliRun } from '../integration/support/cli.ts'

const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url))

/** Every worker still running when this process exits is killed, so a failed run leaves no child behind. */
const live = new Set<CliProcess>()
process.once('exit', () => { for (const worker of live) worker.child.kill('SIGKILL') })

export interface MemorySample {
  /** Epoch ms. */
  readonly t: number
  readonly rss: number
  readonly heapUsed: number
  readonly heapTotal: number
  readonly external: number
  readonly arrayBuffers: number
}

export interface WorkerSpec {
  readonly workerProps: Record<string, string>
  readonly connectorProps: Record<string, string>
  /** How often the probe samples memory (default 10 s). */
  readonly memorySampleMs?: number
}

/** VmRSS and VmHWM (peak RSS) of a live process from /proc, in bytes; undefined once it is gone. */
export function procMemory (pid: number): { rss: number, peakRss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? '0') * 1024
    return { rss: kib('VmRSS'), peakRss: kib('VmHWM') }
  } catch {
    return undefined
  }
}

export class WorkerUnderTest {
  readonly #spec: WorkerSpec
  #current: CliProcess | undefined
  #samplesFile = ''
  /** Peak RSS over every life of the worker, from VmHWM read just before each stop or kill. */
  #peakRss = 0
  #lives = 0
  /** Output of the lives that ended, kept short: for the error message of a failed case. */
  #pastOutput = ''

  constructor (spec: WorkerSpec) {
    this.#spec = spec
  }

  get lives (): number { return this.#lives }
  get pid (): number | undefined { return this.#current?.child.pid }
  get peakRss (): number { return Math.max(this.#peakRss, this.#peek()) }

  /** Starts a new life; the caller stops or kills the previous one first. */
  async start (): Promise<void> {
    if (this.#current !== undefined) throw new Error('The worker under test is already running')
    if (this.#samplesFile === '') this.#samplesFile = join(await mkdtemp(join(tmpdir(), 'sqs-connect-reliability-')), 'memory.jsonl')
    const env = {
      SQS_CONNECT_LOG_LEVEL: process.env.SQS_CONNECT_LOG_LEVEL ?? 'warn',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`.trim(),
      SQS_CONNECT_MEMORY_SAMPLES: this.#samplesFile,
      SQS_CONNECT_MEMORY_SAMPLE_MS: String(this.#spec.memorySampleMs ?? 10_000)
    }
    const worker = await startStandalone(this.#spec.workerProps, this.#spec.connectorProps, env, { stopWhenTestEnds: false })
    this.#current = worker
    live.add(worker)
    this.#lives += 1
  }

  /** Throws with the worker's last output when it exited by itself (it should run until stopped or killed). */
  assertAlive (): void {
    const child = this.#current?.child
    if (child === undefined) return
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The worker exited by itself (${child.exitCode ?? child.signalCode ?? '?'}):\n${this.#current?.output().slice(-3000) ?? ''}`)
    }
  }

  /** kill -9, as a crash. */
  async kill (): Promise<CliRun> {
    const worker = this.#take()
    worker.child.kill('SIGKILL')
    return await this.#ended(worker, await worker.done)
  }

  /** SIGTERM (SIGKILL after 20 s); a clean stop exits with 0. */
  async stop (): Promise<CliRun | undefined> {
    if (this.#current === undefined) return undefined
    const worker = this.#take()
    return await this.#ended(worker, await worker.stop(20_000))
  }

  /** Memory samples of every life so far, in time order. */
  async memorySamples (): Promise<MemorySample[]> {
    if (this.#samplesFile === '') return []
    const text = await readFile(this.#samplesFile, 'utf8').catch(() => '')
    return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as MemorySample)
  }

  /** What the current (or last) life wrote, for diagnostics. */
  output (): string {
    return `${this.#pastOutput}${this.#current?.output() ?? ''}`.slice(-4000)
  }

  #take (): CliProcess {
    const worker = this.#current
    if (worker === undefined) throw new Error('The worker under test is not running')
    this.#peakRss = Math.max(this.#peakRss, this.#peek())
    this.#current = undefined
    return worker
  }

  #peek (): number {
    const pid = this.#current?.child.pid
    return pid === undefined ? 0 : procMemory(pid)?.peakRss ?? 0
  }

  async #ended (worker: CliProcess, run: CliRun): Promise<CliRun> {
    live.delete(worker)
    this.#pastOutput = `${this.#pastOutput}${worker.output()}`.slice(-4000)
    return run
  }
}
