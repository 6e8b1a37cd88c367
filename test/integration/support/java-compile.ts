/**
 * Java test helpers (test/java/*.java) compiled once per version of their sources into the (gitignored)
 * download cache, so repeated runs and parallel test files share one build.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { cacheDir, projectRoot } from '../../../infra/paths.ts'

const run = promisify(execFile)

export interface JavaBuild {
  /** Names the classes folder `<name>-<hash of the sources>` in the cache. */
  readonly name: string
  /** File names under test/java. */
  readonly sources: readonly string[]
  /** The jars folder to compile against. */
  readonly lib: string
  /** A file (relative to the classes folder) that a finished build has. */
  readonly marker: string
  /** Adds files (e.g. a service file) to the fresh build before it is published. */
  readonly prepare?: (dir: string) => Promise<void>
}

/** The classes folder of the build, compiling (javac --release 17) only when this version was never built. */
export async function compiledJava (build: JavaBuild): Promise<string> {
  const paths = build.sources.map((file) => join(projectRoot, 'test', 'java', file))
  const hash = createHash('sha256')
  for (const path of paths) hash.update(await readFile(path))
  const dir = join(cacheDir, `${build.name}-${hash.digest('hex').slice(0, 12)}`)
  if (existsSync(join(dir, build.marker))) return dir
  await mkdir(cacheDir, { recursive: true })
  const tmp = await mkdtemp(join(cacheDir, `${build.name}-build-`))
  await run('javac', ['--release', '17', '-cp', join(build.lib, '*'), '-d', tmp, ...paths])
  await build.prepare?.(tmp)
  try {
    await rename(tmp, dir)
  } catch (error) {
    // Another run published the same build first: use its classes.
    await rm(tmp, { recursive: true, force: true })
    if (!existsSync(join(dir, build.marker))) throw error
  }
  return dir
}
