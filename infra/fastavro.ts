/**
 * Python's fastavro (PyPI) in a venv of the shared download cache: an Avro implementation independent of avsc,
 * used by the AvroConverter tests to decode what the converter wrote. Made like moto's venv.
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

export const FASTAVRO_VERSION = '1.13.1'
const home = join(cacheDir, `fastavro-${FASTAVRO_VERSION}`)
const venv = join(home, 'venv')
const python = join(venv, 'bin', 'python')
const completeMarker = join(home, '.complete')

async function install (): Promise<void> {
  const base = process.env.SQS_CONNECT_PYTHON ?? 'python3'
  await rm(home, { recursive: true, force: true })
  await mkdir(home, { recursive: true })
  try {
    await run(base, ['-m', 'venv', venv], { maxBuffer: 16 * 1024 * 1024 })
    await run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', `fastavro==${FASTAVRO_VERSION}`],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PIP_NO_INPUT: '1' } })
  } catch (error) {
    const detail = error as { stdout?: string, stderr?: string, message?: string }
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Could not install fastavro==${FASTAVRO_VERSION} into ${venv}: ${detail.stderr ?? ''}${detail.stdout ?? ''}${detail.message ?? ''}`,
      { subject: 'fastavro', cause: error })
  }
  await writeFile(completeMarker, `fastavro==${FASTAVRO_VERSION} installed ${new Date().toISOString()}\n`)
}

/** The python of a venv holding fastavro, installed on first use. */
export const ensureFastavro = installOnce({
  what: 'fastavro',
  lockFile: join(cacheDir, `fastavro-${FASTAVRO_VERSION}.lock`),
  waitMs: 15 * 60_000,
  installed: () => existsSync(completeMarker) && existsSync(python),
  install,
  result: python
})
