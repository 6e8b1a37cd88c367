/**
 * Runs the real `sqs-connect` command line as a child process, as users run it (bin/sqs-connect.js with its shebang's
 * node flags, so from the cached bundle); stopped when the calling test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { fileURLToPath } from 'node:url'
import { stringify } from 'dot-properties'
import { binCommand, SQS_CONNECT_BIN } from '../../../infra/sqs-connect-bin.ts'

export const BIN = SQS_CONNECT_BIN
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface CliRun { readonly code: number | null, readonly signal: NodeJS.Signals | null, readonly stdout: string, readonly stderr: string }

export interface CliProcess {
  readonly child: ChildProcess
  /** Resolves when the process exited. */
  readonly done: Promise<CliRun>
  /** stdout and stderr so far, interleaved as they arrived. */
  output (): string
  stderr (): string
  /** Resolves with the output once it matches `pattern`; rejects after `timeoutMs` or when the process exits first. */
  waitForOutput (pattern: RegExp, timeoutMs: number): Promise<string>
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the result. */
  stop (graceMs?: number): Promise<CliRun>
}

export interface CliOptions {
  /** Added to this process's environment, or the whole environment with `inheritEnv: false`. Logs are at info unless set. */
  readonly env?: NodeJS.ProcessEnv
  readonly inheritEnv?: boolean
  readonly cwd?: string
  /** False: the caller stops the process itself (scripts outside node:test); default true, stopped when the calling test ends. */
  readonly stopWhenTestEnds?: boolean
}

/** Starts `sqs-connect args...`. */
export function startCli (args: readonly string[], options: CliOptions = {}): CliProcess {
  const command = binCommand(args)
  const given = options.inheritEnv === false ? options.env : { ...process.env, SQS_CONNECT_LOG_LEVEL: 'info', ...options.env }
  const env = { ...command.env, ...(given ?? process.env) }
  const child = spawn(process.execPath, command.args, { stdio: ['ignore', 'pipe', 'pipe'], env, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) })
  let stdout = ''
  let stderr = ''
  let output = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); output += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); output += d.toString() })
  const done = new Promise<CliRun>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })))
  const stop = async (graceMs = 10_000): Promise<CliRun> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    try {
      return await done
    } finally {
      clearTimeout(timer)
    }
  }
  const waitForOutput = async (pattern: RegExp, timeoutMs: number): Promise<string> => {
    const deadline = Date.now() + timeoutMs
    while (!pattern.test(output)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The worker exited (${child.exitCode ?? child.signalCode ?? '?'}) before its output matched ${String(pattern)}:\n${output.slice(-3000)}`)
      if (Date.now() > deadline) throw new Error(`No output matching ${String(pattern)} within ${timeoutMs} ms:\n${output.slice(-3000)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return output
  }
  if (options.stopWhenTestEnds !== false) after(async () => { await stop() })
  return { child, done, output: () => output, stderr: () => stderr, waitForOutput, stop }
}

/** Writes files into a fresh temporary directory and returns their paths, in the given order. */
export async function writeTempFiles (files: Readonly<Record<string, string>>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sqs-connect-cli-'))
  const paths: string[] = []
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text)
    paths.push(join(dir, name))
  }
  return paths
}

/** Where a test worker's REST API listens: loopback, a free port (never Connect's default 0.0.0.0:8083, which parallel runs would share). */
export const TEST_LISTENERS = 'http://127.0.0.1:0'

/** A standalone worker's properties for the test Kafka with JsonConverter keys and values. */
export function workerProperties (bootstrap: string, extra = ''): string {
  return `bootstrap.servers=${bootstrap}\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n` +
    `value.converter=org.apache.kafka.connect.json.JsonConverter\noffset.storage.file.filename=/tmp/unused.offsets\nlisteners=${TEST_LISTENERS}\n${extra}`
}

/** `sqs-connect standalone` with a worker and a connector given as property maps; `env` is added to this process's. */
export async function startStandalone (workerProps: Record<string, string>, connectorProps: Record<string, string>, env: NodeJS.ProcessEnv = {},
  options: Omit<CliOptions, 'env'> = {}): Promise<CliProcess> {
  const [worker, connector] = await writeTempFiles({ 'worker.properties': stringify({ listeners: TEST_LISTENERS, ...workerProps }), 'connector.properties': stringify(connectorProps) })
  return startCli(['standalone', worker as string, connector as string], { ...options, env })
}
