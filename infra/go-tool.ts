/** Finding `go` and running it the way every Go build of the infra does (no cgo, no toolchain download). */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'

const run = promisify(execFile)

/** `go` from SQS_CONNECT_GO, the PATH, or the usual /usr/local/go; `needs` says what for, in the error. */
export async function findGo (needs: string): Promise<string> {
  const candidates = [process.env.SQS_CONNECT_GO, 'go', '/usr/local/go/bin/go'].filter((c): c is string => c !== undefined && c !== '')
  for (const go of candidates) {
    try {
      await run(go, ['version'])
      return go
    } catch { /* try the next */ }
  }
  throw new SqsConnectError(ErrorCodes.INFRA_FAILED,
    `${needs} and needs Go >= 1.23, which was not found (tried ${candidates.join(', ')}). ` +
    'Install Go, put it on the PATH or set SQS_CONNECT_GO to its go binary.', { subject: 'go' })
}

/**
 * Runs one go command for `what`; a failure is an INFRA_FAILED error carrying go's own output.
 * CGO off: no C compiler needed. GOTOOLCHAIN=local: never fetch another Go toolchain.
 */
export async function runGo (go: string, args: string[], opts: { cwd: string, what: string, env?: NodeJS.ProcessEnv }): Promise<string> {
  try {
    const { stdout } = await run(go, args, {
      cwd: opts.cwd,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', ...opts.env }
    })
    return stdout
  } catch (error) {
    const detail = error as { stdout?: string, stderr?: string, message?: string }
    const output = `${detail.stdout ?? ''}${detail.stderr ?? ''}`.trim()
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Could not build ${opts.what} (go ${args.join(' ')}):\n${output !== '' ? output : String(detail.message)}`,
      { subject: opts.what, cause: error })
  }
}
