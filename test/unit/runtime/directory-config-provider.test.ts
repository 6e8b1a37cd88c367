/** DirectoryConfigProvider with the vectors of Kafka's DirectoryConfigProviderTest. */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { test } from 'node:test'
import { DirectoryConfigProvider } from '../../../src/runtime/config-providers/directory-config-provider.ts'

interface Layout { parent: string, dir: string, subdir: string, siblingDir: string }

/** Kafka's layout: each file holds its own name in upper case. */
async function layout (): Promise<Layout> {
  const parent = await mkdtemp(join(tmpdir(), 'directory-provider-'))
  const dir = join(parent, 'dir')
  const subdir = join(dir, 'subdir')
  const siblingDir = join(parent, 'siblingDir')
  for (const d of [dir, subdir, siblingDir]) await mkdir(d)
  for (const file of [join(dir, 'foo'), join(dir, 'bar'), join(subdir, 'subdirFile'), join(siblingDir, 'siblingDirFile'), join(parent, 'siblingFile')]) {
    await writeFile(file, basename(file).toUpperCase())
  }
  return { parent, dir, subdir, siblingDir }
}

function entries (data: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(data)
}

test('testGetAllKeysAtPath / testGetSetOfKeysAtPath: file names are keys, contents are values', async () => {
  const { dir } = await layout()
  const provider = new DirectoryConfigProvider()
  assert.deepEqual(entries(provider.get(dir, new Set(['foo', 'bar'])).data), { foo: 'FOO', bar: 'BAR' })
  const some = provider.get(dir, new Set(['foo', 'baz']))
  assert.deepEqual(entries(some.data), { foo: 'FOO' })
  assert.equal(some.ttlMs, undefined)
  assert.equal(some.whyAbsent?.('baz'), `the directory ${dir} has no regular file named "baz"`)
})

test('testNoSubdirs and testNoTraversal: only regular files directly in the directory', async () => {
  const { dir, subdir, siblingDir } = await layout()
  const provider = new DirectoryConfigProvider()
  assert.equal(provider.get(dir, new Set([subdir, 'subdir', join(subdir, 'subdirFile'), 'subdir/subdirFile'])).data.size, 0)
  assert.equal(provider.get(dir, new Set(['../siblingFile', `../${basename(siblingDir)}`, `../${basename(siblingDir)}/siblingDirFile`])).data.size, 0)
})

test('testEmptyPath / testEmptyPathWithKey: nothing', () => {
  const data = new DirectoryConfigProvider().get('', new Set(['foo']))
  assert.equal(data.data.size, 0)
  assert.match(data.whyAbsent?.('foo') ?? '', /no directory is given/)
})

test('testAllowedPath, testMultipleAllowedPaths', async () => {
  const { parent, dir, subdir, siblingDir } = await layout()
  assert.deepEqual(entries(new DirectoryConfigProvider({ 'allowed.paths': parent }).get(dir, new Set(['foo', 'bar'])).data), { foo: 'FOO', bar: 'BAR' })
  const both = new DirectoryConfigProvider({ 'allowed.paths': `${dir},${siblingDir}` })
  assert.deepEqual(entries(both.get(subdir, new Set(['subdirFile'])).data), { subdirFile: 'SUBDIRFILE' })
  assert.deepEqual(entries(both.get(siblingDir, new Set(['siblingDirFile'])).data), { siblingDirFile: 'SIBLINGDIRFILE' })
})

test('testNotAllowedPath, testNoTraversalAllowedPath: nothing, and the reason names allowed.paths', async () => {
  const { dir, siblingDir } = await layout()
  const provider = new DirectoryConfigProvider({ 'allowed.paths': dir })
  const refused = provider.get(siblingDir, new Set(['siblingDirFile']))
  assert.equal(refused.data.size, 0)
  assert.equal(refused.whyAbsent?.('siblingDirFile'), `The path ${siblingDir} is not allowed to be accessed (allowed.paths: ${dir})`)
  assert.equal(provider.get(`${dir}/../siblingDir`, new Set(['siblingDirFile'])).data.size, 0)
})

test('contents are kept exactly, trailing newline included; symlinked files (Kubernetes secret mounts) count', async () => {
  const { dir, parent } = await layout()
  await writeFile(join(dir, 'with-newline'), 'secret\n')
  await symlink(join(parent, 'siblingFile'), join(dir, 'linked'))
  const data = new DirectoryConfigProvider().get(dir, new Set(['with-newline', 'linked']))
  assert.deepEqual(entries(data.data), { 'with-newline': 'secret\n', linked: 'SIBLINGFILE' })
})

test('a path that is not a directory resolves nothing, with the reason', async () => {
  const { dir } = await layout()
  const data = new DirectoryConfigProvider().get(join(dir, 'foo'), new Set(['foo']))
  assert.equal(data.data.size, 0)
  assert.equal(data.whyAbsent?.('foo'), `The path ${join(dir, 'foo')} is not a directory`)
})
