/**
 * What a run dir records about itself (run.json, env.json, <service>.pid) and the operations that only need
 * those files: stopping a detached run by pid, listing runs, and reaping runs whose owner died.
 */
import { existsSync, rmSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isAlive, isOurProcess, stopPid } from './process.ts'
import { runRoot } from './paths.ts'
import type { InfraEnv } from './types.ts'

/** The run dir used by `infra up` / `down` / `env`. */
export const currentRunDir = join(runRoot, 'current')

/** The services of a run, each with a `<name>.pid` file in the run dir. */
export const SERVICES = ['kafka', 'elasticmq'] as const
export type ServiceName = (typeof SERVICES)[number]

export interface RunState {
  /** Pid of the Node process whose exit ends this run; null for detached runs (`infra up`) and kept runs. */
  owner: number | null
  /** keepRunDir was asked for: the reaper stops the servers of a dead owner but leaves the dir for reading. */
  keep: boolean
  startedAt: string
  env: InfraEnv
}

/** The settings as environment variables (the names `infra env` prints and env.json holds). */
export function envVars (env: InfraEnv): Record<string, string> {
  return { KAFKA_BOOTSTRAP: env.kafkaBootstrap, SQS_ENDPOINT: env.sqsEndpoint, AWS_REGION: env.region, AWS_ACCOUNT_ID: env.accountId }
}

/** Writes run.json and env.json into the run dir. */
export async function writeRunState (runDir: string, state: RunState): Promise<void> {
  await writeFile(join(runDir, 'run.json'), JSON.stringify(state, null, 2) + '\n')
  await writeFile(join(runDir, 'env.json'), JSON.stringify(envVars(state.env), null, 2) + '\n')
}

/** Reads run.json, or undefined when the dir has none (yet). */
export async function readRunState (runDir: string): Promise<RunState | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as RunState
  } catch {
    return undefined
  }
}

/** Reads the env of a running `infra up` (or any run dir); undefined when there is none. */
export async function readInfraEnv (runDir = currentRunDir): Promise<InfraEnv | undefined> {
  return (await readRunState(runDir))?.env
}

/** The pid recorded for a service, if its pid file exists. */
export async function recordedPid (runDir: string, service: ServiceName): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(join(runDir, `${service}.pid`), 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Pids of the run's services that are alive and still carry the run dir on their command line. */
export async function livePids (runDir: string): Promise<Partial<Record<ServiceName, number>>> {
  const live: Partial<Record<ServiceName, number>> = {}
  for (const service of SERVICES) {
    const pid = await recordedPid(runDir, service)
    if (pid !== undefined && isOurProcess(pid, runDir)) live[service] = pid
  }
  return live
}

/** Stops the processes recorded in a run dir's pid files (verified by command line, never by name). */
export async function stopRunDir (runDir: string, graceMs: number): Promise<number[]> {
  const live = await livePids(runDir)
  const pids = Object.values(live)
  await Promise.all(pids.map((pid) => stopPid(pid, runDir, graceMs)))
  return pids
}

/** Removes a run dir, retrying while a just-killed JVM may still be closing files in it. */
export async function removeRunDir (runDir: string): Promise<void> {
  await rm(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
}

/**
 * The same from a process 'exit' handler, where only synchronous work runs. It must not throw while the
 * process exits: what it cannot remove (a dying server still holding files) the next stale-run reaper does.
 */
export function removeRunDirAtExit (runDir: string): void {
  try { rmSync(runDir, { recursive: true, force: true, maxRetries: 3 }) } catch { /* reaped later */ }
}

/** All run dirs under .infra-run with their state and live pids. */
export async function listRuns (): Promise<Array<{ runDir: string, state: RunState | undefined, live: Partial<Record<ServiceName, number>> }>> {
  if (!existsSync(runRoot)) return []
  // moto, toxiproxy and the helper servers keep their runs in subfolders with their own bookkeeping
  // (moto.ts, toxiproxy.ts, side-run.ts).
  const names = (await readdir(runRoot)).filter((name) => name !== 'moto' && name !== 'toxiproxy' && name !== 'side')
  return Promise.all(names.map(async (name) => {
    const runDir = join(runRoot, name)
    return { runDir, state: await readRunState(runDir), live: await livePids(runDir) }
  }))
}

/**
 * Backstop for owners that died without running exit handlers (SIGKILL, OOM): their servers are orphans.
 * Only runs with a recorded owner that is gone are touched, and only pids whose command line names the run dir.
 */
export async function reapStaleRuns (log: (line: string) => void): Promise<void> {
  for (const { runDir, state } of await listRuns()) {
    if (state === undefined || state.owner === null || isAlive(state.owner)) continue
    const stopped = await stopRunDir(runDir, 3000)
    if (state.keep) await writeRunState(runDir, { ...state, owner: null })
    else await removeRunDir(runDir)
    log(`reaped stale run ${runDir} (owner ${state.owner} gone${stopped.length > 0 ? `, stopped pids ${stopped.join(', ')}` : ''})`)
  }
}
