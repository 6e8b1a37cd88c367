/** A benchmarked Node program in its own process (and process group), logging into its run folder. */
import { join } from 'node:path'
import { projectRoot } from '../../infra/paths.ts'
import { ManagedProcess } from '../../infra/process.ts'

export const STOP_GRACE_MS = 15_000

export function startNodeProcess (name: string, runDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ManagedProcess {
  const proc = new ManagedProcess({
    name,
    command: process.execPath,
    args: [...args],
    cwd: projectRoot,
    logFile: join(runDir, `${name}.log`),
    pidFile: join(runDir, `${name}.pid`),
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env }
  })
  proc.start()
  return proc
}
