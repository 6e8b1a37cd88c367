/** Runs the real CLI (`bin/sqs-connect.js`) as a child process with an environment and working directory of its own. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../../bin/sqs-connect.js', import.meta.url))
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface ChildResult { readonly code: number | null, readonly signal: NodeJS.Signals | null, readonly stdout: string, readonly stderr: string }

export interface CliChild {
  readonly child: ChildProcess
  /** Resolves when the process exited. */
  readonly done: Promise<ChildResult>
  /** Everything written so far to stdout and stderr. */
  output (): string
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the result. */
  stop (graceMs?: number): Promise<ChildResult>
}

/** Starts `sqs-connect args...` with exactly `env` (nothing inherited but what the caller passes). */
export function startCli (args: readonly string[], options: { env: NodeJS.ProcessEnv, cwd: string }): CliChild {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env, cwd: options.cwd })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const done = new Promise<ChildResult>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })))
  const stop = async (graceMs = 10_000): Promise<ChildResult> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    try {
      return await done
    } finally {
      clearTimeout(timer)
    }
  }
  return { child, done, output: () => stdout + stderr, stop }
}
