/**
 * The stale-run reaper shared by servers that keep one run dir each under a root of their own (moto,
 * toxiproxy): a run whose owning process died without its exit hooks (SIGKILL, OOM) has its server stopped
 * and, unless it was kept for reading, its dir removed.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isAlive, stopPid } from './process.ts'

/** What such a run dir records about itself: its owner (null once released) and whether to keep the dir. */
export interface OwnedRunState {
  owner: number | null
  keep: boolean
}

export interface OwnedRuns<S extends OwnedRunState> {
  /** Server name, for the log line. */
  readonly what: string
  readonly root: string
  /** File names inside each run dir. */
  readonly stateFile: string
  readonly pidFile: string
  /** What the server's /proc cmdline must be, so a recycled pid is never stopped. */
  readonly marker: (state: S) => string
  /** Called for a dead owner's run once its server is stopped (remove the dir, or release a kept one). */
  readonly settle: (runDir: string, state: S) => Promise<void>
}

export async function reapOwnedRuns<S extends OwnedRunState> (runs: OwnedRuns<S>, log: (line: string) => void = () => {}): Promise<void> {
  if (!existsSync(runs.root)) return
  for (const name of await readdir(runs.root)) {
    const runDir = join(runs.root, name)
    let state: S
    try {
      state = JSON.parse(await readFile(join(runDir, runs.stateFile), 'utf8')) as S
    } catch {
      continue
    }
    if (state.owner === null || isAlive(state.owner)) continue
    const pid = Number.parseInt(await readFile(join(runDir, runs.pidFile), 'utf8').catch(() => ''), 10)
    const stopped = Number.isInteger(pid) && pid > 0 && await stopPid(pid, runs.marker(state), 3000)
    await runs.settle(runDir, state)
    log(`reaped stale ${runs.what} run ${runDir} (owner ${state.owner} gone${stopped ? `, stopped pid ${pid}` : ''})`)
  }
}
