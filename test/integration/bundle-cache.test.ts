/**
 * bin/sqs-connect.js and its bundle cache (bin/bundle-cache.js), as real processes on a temporary copy of the
 * project (bin, src, package files; node_modules linked) with SQS_CONNECT_BUNDLE_CACHE pointing into the temp dir:
 * the first start builds the bundle, later starts reuse it untouched, a source change rebuilds it (and stack traces
 * name the changed src/ file through the source maps), and a cache that cannot be written falls back to tsx with
 * one line saying why. No servers.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { projectRoot } from '../../infra/paths.ts'
import { binCommand } from '../../infra/sqs-connect-bin.ts'

const run = promisify(execFile)
const VERSION = (JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version

let work: string
let tree: string

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sqs-connect-bundle-'))
  tree = join(work, 'tree')
  for (const path of ['bin', 'src', 'package.json', 'package-lock.json', 'tsconfig.json']) await cp(join(projectRoot, path), join(tree, path), { recursive: true })
  await symlink(join(projectRoot, 'node_modules'), join(tree, 'node_modules'), 'dir')
})
after(async () => { await rm(work, { recursive: true, force: true }) })

interface Result { code: number, stdout: string, stderr: string }

/** `sqs-connect args...` from the temp tree, started as the shebang starts it, with the cache in `cache`. */
async function sqsConnect (cache: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const command = binCommand(args, { bin: join(tree, 'bin', 'sqs-connect.js') })
  try {
    const { stdout, stderr } = await run(process.execPath, command.args, { cwd: tree, env: { ...process.env, ...command.env, SQS_CONNECT_BUNDLE_CACHE: cache, ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: unknown, stdout?: string, stderr?: string }
    if (typeof e.code !== 'number') throw error
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** The bundle directories in `cache`, each with its entry file's inode and modification time. */
async function bundles (cache: string): Promise<Array<{ key: string, ino: number, mtimeMs: number }>> {
  const keys = (await readdir(cache)).sort()
  return await Promise.all(keys.map(async (key) => {
    const s = await stat(join(cache, key, 'main.js'))
    return { key, ino: s.ino, mtimeMs: s.mtimeMs }
  }))
}

test('the first starts build the bundle once (also when two start together); later starts reuse it untouched', async () => {
  const cache = join(work, 'cache-reuse')
  const [a, b] = await Promise.all([sqsConnect(cache, ['--version']), sqsConnect(cache, ['--version'])])
  for (const r of [a, b]) assert.deepEqual(r, { code: 0, stdout: `${VERSION}\n`, stderr: '' })
  const built = await bundles(cache)
  assert.equal(built.length, 1, JSON.stringify(built))
  assert.match(built[0]?.key ?? '', /^[0-9a-f]{32}$/)

  const again = await sqsConnect(cache, ['--help'])
  assert.equal(again.code, 0, again.stderr)
  assert.match(again.stdout, /^Usage:/m)
  assert.equal(again.stderr, '')
  assert.deepEqual(await bundles(cache), built, 'the bundle was rebuilt although no source changed')
  const prebuild = await run(process.execPath, [join(tree, 'bin', 'bundle-cache.js')], { env: { ...process.env, SQS_CONNECT_BUNDLE_CACHE: cache } })
  assert.equal(prebuild.stdout.trim(), `fresh ${join(cache, built[0]?.key ?? '')}`)
})

test('a source change rebuilds the bundle and drops the old one; stack traces name the src/ file and line', async () => {
  const cache = join(work, 'cache-change')
  assert.equal((await sqsConnect(cache, ['--version'])).stdout, `${VERSION}\n`)
  const before = await bundles(cache)
  assert.equal(before.length, 1)

  const main = join(tree, 'src', 'cli', 'main.ts')
  const original = await readFile(main, 'utf8')
  const lines = original.split('\n')
  const at = lines.findIndex((l) => l.startsWith('import { runStandalone }')) + 1
  lines.splice(at, 0, "if (process.env.SQS_CONNECT_PROBE === '1') throw new Error('probe from the changed source')")
  await writeFile(main, lines.join('\n'))
  try {
    const probed = await sqsConnect(cache, ['--version'], { SQS_CONNECT_PROBE: '1' })
    assert.notEqual(probed.code, 0)
    assert.match(probed.stderr, /Error: probe from the changed source/)
    assert.ok(probed.stderr.includes(`${join(tree, 'src', 'cli', 'main.ts')}:${at + 1}:`), probed.stderr)
    assert.doesNotMatch(probed.stderr, /running the TypeScript sources through tsx/)
    const after = await bundles(cache)
    assert.equal(after.length, 1, JSON.stringify(after))
    assert.notEqual(after[0]?.key, before[0]?.key)
  } finally {
    await writeFile(main, original)
  }
  // Back to the old sources: the old key again, built afresh (it was pruned).
  assert.equal((await sqsConnect(cache, ['--version'])).stdout, `${VERSION}\n`)
  const restored = await bundles(cache)
  assert.deepEqual(restored.map((b) => b.key), before.map((b) => b.key))
})

test('a cache that cannot be written falls back to tsx, with one line on stderr saying why', async () => {
  // A regular file where the cache directory's parent should be: no user, root included, can create it.
  const blocker = join(work, 'not-a-directory')
  await writeFile(blocker, '')
  const cache = join(blocker, 'cache')
  const result = await sqsConnect(cache, ['--version'])
  assert.equal(result.code, 0, result.stderr)
  assert.equal(result.stdout, `${VERSION}\n`)
  const lines = result.stderr.split('\n').filter((l) => l !== '')
  assert.equal(lines.length, 1, result.stderr)
  assert.match(lines[0] ?? '', /^sqs-connect: the bundle cache .*not-a-directory\/cache is not writable \(ENOTDIR\); running the TypeScript sources through tsx instead/)
  // The worker still runs under tsx: a command that loads the whole runtime reaches its own config error.
  const worker = await sqsConnect(cache, ['standalone', join(work, 'missing.properties')])
  assert.notEqual(worker.code, 0)
  assert.match(worker.stderr, /SQSC_CONFIG_FILE_UNREADABLE: .*missing\.properties/)
})
