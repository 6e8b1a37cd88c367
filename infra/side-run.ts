/**
 * Run dirs of the small helper servers (forward proxies, TLS fronts) under .infra-run/side/<run>/: each holds
 * a side.json naming its owner and its processes, so a run whose owner died is stopped and removed by the next one.
 * The Kafka/ElasticMQ tooling ignores this folder, like moto's.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runRoot } from './paths.ts'
import { isAlive, stopPid } from './process.ts'
import { removeRunDir, removeRunDirAtExit } from './run-state.ts'

/** Where helper runs live; also skipped by run-state's listRuns. */
export const sideRunRoot = join(runRoot, 'side')

interface SideRunState {
  owner: number
  startedAt: string
  /** pid file and a string that the process's command line must contain (its config file), per process. */
  processes: Array<{ pidFile: string, marker: string }>
  /** Folders outside the run dir to remove with it (squid's, when the run dir is out of its user's reach). */
  extraDirs: string[]
}

/** One helper run: a folder, the processes started in it, removed on stop() or when this Node process exits. */
export class SideRun {
  readonly dir: string
  readonly #state: SideRunState
  #removed = false
  readonly #removeOnExit = (): void => {
    for (const dir of [this.dir, ...this.#state.extraDirs]) removeRunDirAtExit(dir)
  }

  private constructor (dir: string, state: SideRunState) {
    this.dir = dir
    this.#state = state
    process.once('exit', this.#removeOnExit)
  }

  /** Reaps stale runs, then creates a fresh run dir named after `kind`. */
  static async create (kind: string, log: (line: string) => void = () => {}): Promise<SideRun> {
    await reapStaleSideRuns(log)
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
    const dir = join(sideRunRoot, `${kind}-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`)
    await mkdir(dir, { recursive: true })
    const run = new SideRun(dir, { owner: process.pid, startedAt: new Date().toISOString(), processes: [], extraDirs: [] })
    await run.#save()
    return run
  }

  /** Records a process (before it starts, so a crash mid-start still leaves it findable). */
  async track (pidFile: string, marker: string): Promise<void> {
    this.#state.processes.push({ pidFile, marker })
    await this.#save()
  }

  /** Records a folder outside the run dir that belongs to the run. */
  async trackDir (dir: string): Promise<void> {
    this.#state.extraDirs.push(dir)
    await this.#save()
  }

  /** Removes the run dir (and its extra folders); the caller has stopped the processes. Idempotent. */
  async remove (): Promise<void> {
    if (this.#removed) return
    this.#removed = true
    process.off('exit', this.#removeOnExit)
    for (const dir of [this.dir, ...this.#state.extraDirs]) await removeRunDir(dir)
    await rmdir(sideRunRoot).catch(() => {})
  }

  async #save (): Promise<void> {
    await writeFile(join(this.dir, 'side.json'), JSON.stringify(this.#state, null, 2) + '\n')
  }
}

/** Stops the processes of helper runs whose owner died without its exit hooks (SIGKILL, OOM) and removes the runs. */
export async function reapStaleSideRuns (log: (line: string) => void = () => {}): Promise<void> {
  if (!existsSync(sideRunRoot)) return
  for (const name of await readdir(sideRunRoot)) {
    const dir = join(sideRunRoot, name)
    let state: SideRunState
    try {
      state = JSON.parse(await readFile(join(dir, 'side.json'), 'utf8')) as SideRunState
    } catch {
      continue
    }
    if (isAlive(state.owner)) continue
    for (const { pidFile, marker } of state.processes) {
      const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(pid) && pid > 0) await stopPid(pid, marker, 3000)
    }
    for (const extra of [dir, ...state.extraDirs]) await removeRunDir(extra)
    log(`reaped stale helper run ${dir} (owner ${state.owner} gone)`)
  }
}
