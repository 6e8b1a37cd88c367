/**
 * The bundle that bin/sqs-connect.js runs: src/cli/main.ts built by esbuild (ESM for Node 20, packages left in
 * node_modules, linked source maps) into node_modules/.cache/sqs-connect/<key>/, so the worker starts with plain
 * node instead of tsx's loader. The key is a hash of everything the build reads; a missing or stale bundle is built
 * in a child process (the worker's heap never holds esbuild) into a temporary directory that is then renamed into
 * place, so a bundle directory is either complete or absent. `node bin/bundle-cache.js` builds it ahead of time.
 * SQS_CONNECT_BUNDLE_CACHE puts the cache elsewhere (tests; a writable volume).
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const SELF = fileURLToPath(import.meta.url)
/** The checkout (or installed package) this bin belongs to. */
export const PROJECT_ROOT = dirname(dirname(SELF))
/** The entry file inside a bundle directory. */
const ENTRY = 'main.js'
/** Directories whose sources may end up in the bundle (src/cli/quickstart.ts imports infra/). */
const SOURCE_DIRS = ['src', 'infra']
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'])
/** A build directory left behind by a crashed build is removed after this long. */
const ABANDONED_BUILD_MS = 10 * 60_000

/** Where bundles are kept: SQS_CONNECT_BUNDLE_CACHE, else node_modules/.cache/sqs-connect of the project. */
export function cacheDirectory (root = PROJECT_ROOT) {
  const configured = process.env.SQS_CONNECT_BUNDLE_CACHE
  return configured !== undefined && configured !== '' ? resolve(configured) : join(root, 'node_modules', '.cache', 'sqs-connect')
}

/** esbuild's version, read from its package.json (importing esbuild itself would cost the worker memory); undefined when missing. */
function esbuildVersion (root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

function sourceFiles (root, dir) {
  let entries
  try {
    entries = readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
  } catch {
    return [] // infra/ is not in the container image
  }
  return entries.filter((e) => e.isFile() && SOURCE_EXTENSIONS.has(extname(e.name)))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name))).sort()
}

/**
 * The hash of what the build depends on: the sources, package-lock.json, tsconfig.json, esbuild's version, this
 * file (the build options) and the project's path (baked into import.meta.url, see moduleUrls below).
 */
export function bundleKey (root = PROJECT_ROOT) {
  const hash = createHash('sha256')
  const add = (label, data) => { hash.update(`${label}\0${data.length}\0`); hash.update(data) }
  add('root', root)
  add('esbuild', esbuildVersion(root) ?? 'missing')
  add('builder', readFileSync(SELF))
  for (const file of ['package-lock.json', 'tsconfig.json']) add(file, existsSync(join(root, file)) ? readFileSync(join(root, file)) : 'missing')
  for (const dir of SOURCE_DIRS) for (const file of sourceFiles(root, dir)) add(file, readFileSync(join(root, file)))
  return hash.digest('hex').slice(0, 32)
}

/** The entry file of the fresh bundle for these sources, or undefined when there is none yet. */
export function freshBundle (root = PROJECT_ROOT) {
  const entry = join(cacheDirectory(root), bundleKey(root), ENTRY)
  return existsSync(entry) ? entry : undefined
}

/**
 * What bin/sqs-connect.js should import: `{ entry }`, the fresh bundle (built now in a child process when missing),
 * or `{ reason }` why there is none (esbuild missing, the cache not writable, a build error).
 */
export function bundledEntry (root = PROJECT_ROOT) {
  const fresh = freshBundle(root)
  if (fresh !== undefined) return { entry: fresh }
  if (esbuildVersion(root) === undefined) return { reason: 'esbuild is not installed, so no bundle can be built' }
  const child = spawnSync(process.execPath, [SELF], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  const built = freshBundle(root)
  if (built !== undefined) return { entry: built }
  const said = (child.stderr ?? '').trim().split('\n').filter((l) => l.trim() !== '').at(-1)
  return { reason: said ?? `the bundle build exited with ${child.status ?? child.signal ?? child.error?.message}` }
}

/** esbuild plugins: keep each module's own import.meta.url, and leave imports of files this install lacks to runtime. */
function plugins (root) {
  const moduleUrls = {
    name: 'module-urls',
    setup (build) {
      // A bundle has one import.meta.url; infra/paths.ts and worker-metrics.ts locate files relative to their own.
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const text = readFileSync(args.path, 'utf8')
        if (!text.includes('import.meta.url')) return undefined
        const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js'
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader }
      })
    }
  }
  const missingOutsideSrc = {
    name: 'missing-outside-src',
    setup (build) {
      // The container image has no infra/ (quickstart's local servers): its import stays in quickstart's chunk
      // and fails only if that command runs, as it did under tsx. A missing file inside src/ is still an error.
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData?.retry === true) return undefined
        const target = resolve(args.resolveDir, args.path)
        if (target.startsWith(join(root, 'src') + sep)) return undefined
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { retry: true } })
        return found.errors.length === 0 ? found : { path: pathToFileURL(target).href, external: true }
      })
    }
  }
  return [moduleUrls, missingOutsideSrc]
}

/** Builds the bundle for the current sources unless a fresh one exists; returns its directory. */
export async function buildBundle (root = PROJECT_ROOT) {
  const cache = cacheDirectory(root)
  const key = bundleKey(root)
  const dir = join(cache, key)
  if (existsSync(join(dir, ENTRY))) return { dir, built: false }
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch (error) {
    throw new Error(`esbuild cannot be loaded (${error.code ?? error.message})`)
  }
  const building = join(cache, `.building-${key}-${process.pid}`)
  try {
    await mkdir(building, { recursive: true })
  } catch (error) {
    throw new Error(`the bundle cache ${cache} is not writable (${error.code ?? error.message})`)
  }
  try {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
      outdir: building,
      bundle: true,
      splitting: true, // distributed, validate and quickstart stay lazily loaded chunks, as their dynamic imports were
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: plugins(root)
    })
    // Packages resolve from the bundle's directory upwards: outside the project, a link leads to its node_modules.
    const modules = join(root, 'node_modules')
    if (relative(modules, cache).startsWith('..')) await symlink(modules, join(building, 'node_modules'), 'dir')
    await writeFile(join(building, 'source.json'), `${JSON.stringify({ root, key })}\n`)
    try {
      await rename(building, dir)
    } catch (error) {
      // Another process built the same key at the same time: its copy is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
    }
  } catch (error) {
    const first = error.errors?.[0]
    throw new Error(first !== undefined ? `esbuild could not build src/cli/main.ts: ${first.location?.file ?? ''}:${first.location?.line ?? ''} ${first.text}` : error.message)
  } finally {
    await rm(building, { recursive: true, force: true })
    await esbuild.stop?.()
  }
  await pruneOtherBundles(cache, root, key)
  return { dir, built: true }
}

/** Removes this project's older bundles and abandoned build directories; bundles of other checkouts are left alone. */
async function pruneOtherBundles (cache, root, key) {
  for (const name of await readdir(cache)) {
    if (name === key || name === 'node_modules') continue
    const path = join(cache, name)
    try {
      if (name.startsWith('.building-')) {
        if (Date.now() - (await stat(path)).mtimeMs > ABANDONED_BUILD_MS) await rm(path, { recursive: true, force: true })
        continue
      }
      const source = JSON.parse(readFileSync(join(path, 'source.json'), 'utf8'))
      if (source.root === root) await rm(path, { recursive: true, force: true })
    } catch {
      // not a bundle directory of ours, or gone already
    }
  }
}

function isMain () {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === SELF
  } catch {
    return false
  }
}

if (isMain()) {
  try {
    const { dir, built } = await buildBundle()
    console.log(`${built ? 'built' : 'fresh'} ${dir}`)
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
  }
}
