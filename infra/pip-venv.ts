/**
 * A Python venv in the shared download cache holding one pinned PyPI requirement (moto, fastavro), made once:
 * `python3 -m venv`, then pip; a `.complete` marker is written last, so a second call installs nothing.
 * `SQS_CONNECT_PYTHON` picks the interpreter.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ErrorCodes, SqsConnectError } from '../src/errors.ts'
import { installOnce } from './install-lock.ts'
import { cacheDir } from './paths.ts'

const run = promisify(execFile)
const INSTALL_WAIT_MS = 15 * 60_000

export interface PipVenvSpec {
  /** Names the cache dir `<name>-<version>` and its lock file. */
  readonly name: string
  readonly version: string
  /** What pip installs, e.g. `moto[server]==5.2.5`. */
  readonly requirement: string
  /** A file under the venv's bin/ that a complete install has (besides python), e.g. `moto_server`. */
  readonly binary?: string
}

export interface PipVenv {
  readonly venv: string
  readonly python: string
  /** Installs on first use; resolves with the venv dir. */
  readonly ensure: () => Promise<string>
}

/** The venv of `spec`; nothing is installed until ensure() is called. */
export function pipVenv (spec: PipVenvSpec): PipVenv {
  const home = join(cacheDir, `${spec.name}-${spec.version}`)
  const venv = join(home, 'venv')
  const python = join(venv, 'bin', 'python')
  const completeMarker = join(home, '.complete')
  const binary = spec.binary === undefined ? undefined : join(venv, 'bin', spec.binary)
  const failure = (step: string, error: unknown): SqsConnectError => {
    const detail = error as { stdout?: string, stderr?: string, message?: string }
    const output = `${detail.stdout ?? ''}${detail.stderr ?? ''}`.trim()
    return new SqsConnectError(ErrorCodes.INFRA_FAILED, `Could not install ${spec.requirement}: ${step} failed:\n${output !== '' ? output : String(detail.message)}`,
      { subject: spec.name, cause: error })
  }
  const install = async (): Promise<void> => {
    const base = process.env.SQS_CONNECT_PYTHON ?? 'python3'
    await rm(home, { recursive: true, force: true })
    await mkdir(home, { recursive: true })
    try {
      await run(base, ['-m', 'venv', venv], { maxBuffer: 16 * 1024 * 1024 })
    } catch (error) {
      // Debian's python3 needs the python3-venv package for ensurepip.
      throw failure(`${base} -m venv ${venv}`, error)
    }
    try {
      await run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', spec.requirement],
        { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PIP_NO_INPUT: '1' } })
    } catch (error) {
      throw failure('pip install', error)
    }
    if (binary !== undefined && !existsSync(binary)) throw failure('pip install', new Error(`no ${binary} after the install`))
    await writeFile(completeMarker, `${spec.requirement} installed ${new Date().toISOString()}\n`)
  }
  const ensure = installOnce({
    what: spec.name,
    lockFile: join(cacheDir, `${spec.name}-${spec.version}.lock`),
    waitMs: INSTALL_WAIT_MS,
    // existsSync follows the venv's python symlink, so a venv whose base interpreter was removed counts as missing.
    installed: () => existsSync(completeMarker) && existsSync(python) && (binary === undefined || existsSync(binary)),
    install,
    result: venv
  })
  return { venv, python, ensure }
}
