/**
 * Resolves a tool's jars from Maven Central into the download cache with the pom in infra/maven/<tool>.
 * A finished copy carries a `.complete` marker, so a second call downloads nothing; processes resolving the same
 * tool at once (test files run side by side) take turns on an install lock, so they never fill one folder together.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { withInstallLock } from './install-lock.ts'
import { cacheDir, projectRoot } from './paths.ts'

const run = promisify(execFile)

export type MavenTool = 'kafka' | 'elasticmq' | 'connect-json' | 'avro' | 'connect-worker' | 'camel-peer'

/** Returns the directory holding the tool's jars, downloading them on first use. */
export async function ensureMavenLib (tool: MavenTool): Promise<string> {
  const pom = join(projectRoot, 'infra', 'maven', tool, 'pom.xml')
  const stamp = createHash('sha256').update(await readFile(pom)).digest('hex').slice(0, 12)
  const dir = join(cacheDir, `${tool}-${stamp}`)
  const lib = join(dir, 'lib')
  if (existsSync(join(dir, '.complete'))) return lib
  await withInstallLock(`${dir}.lock`, tool, 15 * 60_000, async () => {
    if (existsSync(join(dir, '.complete'))) return
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    try {
      await run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${lib}`],
        { maxBuffer: 64 * 1024 * 1024 })
    } catch (error) {
      const detail = (error as { stdout?: string, stderr?: string })
      throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Could not resolve ${tool} from Maven Central with ${pom}: ${detail.stdout ?? ''}${detail.stderr ?? ''}`, { subject: tool, cause: error })
    }
    await writeFile(join(dir, '.complete'), new Date().toISOString() + '\n')
  })
  return lib
}
