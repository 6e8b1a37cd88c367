/** Waiting for a started process to become usable, with a deadline and the log tail on failure. */
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { readFrom, type ManagedProcess } from './process.ts'

export interface ReadyOptions {
  timeoutMs: number
  /** A log line that means startup failed although the process lives on (ElasticMQ after a failed bind). */
  fatal?: RegExp
  log: (line: string) => void
}

/** Polls `check` until it returns true; fails early when the process exits or logs `fatal`, and at the deadline. */
export async function waitUntilReady (proc: ManagedProcess, check: () => Promise<boolean>, { timeoutMs, fatal, log }: ReadyOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!proc.running) return fail(proc, `${proc.spec.name} exited before it was ready`, log)
    if (fatal !== undefined && fatal.test(await readFrom(proc.spec.logFile, proc.logOffset).catch(() => ''))) {
      return fail(proc, `${proc.spec.name} failed to start`, log)
    }
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) return fail(proc, `${proc.spec.name} was not ready within ${timeoutMs} ms`, log)
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}

async function fail (proc: ManagedProcess, message: string, log: (line: string) => void): Promise<never> {
  // The cause is usually an early ERROR line; the tail after it is mostly shutdown noise.
  const text = await readFrom(proc.spec.logFile, proc.logOffset).catch(() => '')
  const lines = text.split('\n')
  const errors = lines.flatMap((line, i) => {
    if (!/\b(ERROR|FATAL)\b/.test(line)) return []
    // Java logs the exception (with its message, e.g. the bind failure) on the line after the ERROR line.
    const next = lines[i + 1] ?? ''
    return [line, ...(/^\S*(Exception|Error)\b/.test(next) ? [`  ${next}`] : [])]
  }).slice(0, 8).map((line) => line.slice(0, 600))
  const report = [
    ...(errors.length > 0 ? ['first errors:', ...errors] : []),
    `last lines of ${proc.spec.logFile}:`,
    proc.logTail(30)
  ].join('\n')
  log(`${message}\n${report}`)
  throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `${message}\n${report}`, { subject: proc.spec.name, retriable: true })
}
