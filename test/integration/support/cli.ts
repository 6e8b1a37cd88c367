/** Runs the real `sqs-connect` command line as a child process, as users run it. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../../bin/sqs-connect.js', import.meta.url))

export interface CliRun { code: number | null, stdout: string, stderr: string }

export interface CliProcess {
  readonly child: ChildProcess
  readonly done: Promise<CliRun>
  stderr (): string
}

/** Starts `sqs-connect args...`; env is added to this process's environment (logs at info unless said otherwise). */
export function startCli (args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SQS_CONNECT_LOG_LEVEL: 'info', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const done = new Promise<CliRun>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })))
  return { child, done, stderr: () => stderr }
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

/** A standalone worker's properties for the test Kafka with JsonConverter keys and values. */
export function workerProperties (bootstrap: string, extra = ''): string {
  return `bootstrap.servers=${bootstrap}\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n` +
    `value.converter=org.apache.kafka.connect.json.JsonConverter\noffset.storage.file.filename=/tmp/unused.offsets\n${extra}`
}
