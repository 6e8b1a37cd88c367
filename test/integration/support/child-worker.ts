/**
 * The real CLI (`bin/sqs-connect.js standalone`) as a child process, for what a worker reads only at start
 * (NODE_EXTRA_CA_CERTS): properties files in a temp dir, output captured, killed when the test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { fileURLToPath } from 'node:url'
import { stringify } from 'dot-properties'

const BIN = fileURLToPath(new URL('../../../bin/sqs-connect.js', import.meta.url))

export interface ChildWorker {
  readonly child: ChildProcess
  /** stdout and stderr so far, interleaved as they arrived. */
  output: () => string
  /** Resolves with the output once it matches `pattern`; rejects after `timeoutMs` or when the process exits first. */
  waitForOutput: (pattern: RegExp, timeoutMs: number) => Promise<string>
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code (null after a signal). */
  stop: () => Promise<number | null>
}

/** Starts `sqs-connect standalone worker.properties connector.properties` with `env` added to this process's env. */
export async function startChildWorker (workerProps: Record<string, string>, connectorProps: Record<string, string>, env: Record<string, string>): Promise<ChildWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'sqs-connect-child-'))
  await writeFile(join(dir, 'worker.properties'), stringify(workerProps))
  await writeFile(join(dir, 'connector.properties'), stringify(connectorProps))
  const child = spawn(process.execPath, [BIN, 'standalone', join(dir, 'worker.properties'), join(dir, 'connector.properties')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let output = ''
  const append = (chunk: Buffer): void => { output += chunk.toString('utf8') }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let stopping: Promise<number | null> | undefined
  const stop = (): Promise<number | null> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        const code = await exited
        clearTimeout(timer)
        await rm(dir, { recursive: true, force: true })
        return code
      }
      await rm(dir, { recursive: true, force: true })
      return await exited
    })()
    return stopping
  }
  after(async () => { await stop() })
  const waitForOutput = async (pattern: RegExp, timeoutMs: number): Promise<string> => {
    const deadline = Date.now() + timeoutMs
    while (!pattern.test(output)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The worker exited (${child.exitCode ?? child.signalCode ?? '?'}) before its output matched ${String(pattern)}:\n${output.slice(-3000)}`)
      if (Date.now() > deadline) throw new Error(`No output matching ${String(pattern)} within ${timeoutMs} ms:\n${output.slice(-3000)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return output
  }
  return { child, output: () => output, waitForOutput, stop }
}
