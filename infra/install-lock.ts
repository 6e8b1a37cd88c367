/** A lock file for installs into the shared download cache, so two processes never build the same tool at once. */
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { isAlive } from './process.ts'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `work` holding `lockFile` (which records the holder's pid); waits up to `waitMs` for another holder. */
export async function withInstallLock<T> (lockFile: string, what: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(lockFile), { recursive: true })
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx')
      try {
        await handle.writeFile(`${process.pid}\n`)
      } finally {
        await handle.close()
      }
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10)
    // A holder that died (or a lock file caught half-written by a dead process) leaves a stale lock.
    if (!Number.isInteger(holder) || !isAlive(holder)) {
      await sleep(200)
      const again = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10)
      if (again === holder || Number.isNaN(again)) await rm(lockFile, { force: true })
      continue
    }
    if (Date.now() > deadline) {
      throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Gave up waiting for pid ${holder} to finish installing ${what} (lock ${lockFile})`, { subject: what, retriable: true })
    }
    await sleep(500)
  }
  try {
    return await work()
  } finally {
    await rm(lockFile, { force: true })
  }
}

export interface CachedInstall<T> {
  /** What is installed (for messages), its lock file and how long to wait for another installer. */
  readonly what: string
  readonly lockFile: string
  readonly waitMs: number
  /** True when the install is complete (checked before and after taking the lock). */
  readonly installed: () => boolean
  readonly install: () => Promise<void>
  /** What callers get once it is installed (a path). */
  readonly result: T
}

/**
 * An install into the shared cache done at most once: concurrent callers in this process share one
 * attempt, other processes wait on the lock, and a finished install is only checked, never redone.
 */
export function installOnce<T> (spec: CachedInstall<T>): () => Promise<T> {
  let installing: Promise<T> | undefined
  return async () => {
    if (spec.installed()) return spec.result
    installing ??= withInstallLock(spec.lockFile, spec.what, spec.waitMs, async () => {
      if (!spec.installed()) await spec.install()
      return spec.result
    }).finally(() => { installing = undefined })
    return await installing
  }
}
