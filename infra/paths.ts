/** Where infra keeps downloads (shared across clones) and per-run state (inside the checkout). */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Root of this checkout. */
export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Download cache, outside the checkout so fresh clones on this machine reuse it. */
export const cacheDir = process.env.SQS_CONNECT_CACHE ?? join(homedir(), '.cache', 'sqs-connect-infra')

/** Per-run data, logs and pid files (gitignored). */
export const runRoot = join(projectRoot, '.infra-run')
