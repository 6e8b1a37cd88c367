/** AllowedPaths with the cases of Kafka's AllowedPathsTest. */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'
import { AllowedPaths } from '../../../src/runtime/config-providers/allowed-paths.ts'

async function layout (): Promise<{ dir: string, myFile: string, dir2: string }> {
  const parent = await mkdtemp(join(tmpdir(), 'allowed-paths-'))
  const dir = join(parent, 'dir')
  const dir2 = join(parent, 'dir2')
  await mkdir(dir)
  await mkdir(dir2)
  const myFile = join(dir, 'myFile')
  await writeFile(myFile, '')
  return { dir, myFile, dir2 }
}

test('testAllowedPath, testNotAllowedPath, testNullAllowedPaths', async () => {
  const { dir, myFile, dir2 } = await layout()
  assert.equal(new AllowedPaths(`${dir},${dir2}`).parseUntrustedPath(myFile), myFile)
  assert.equal(new AllowedPaths(dir).parseUntrustedPath(dir2), undefined)
  assert.equal(new AllowedPaths(undefined).parseUntrustedPath(myFile), myFile)
})

test('testNoTraversal, testAllowedTraversal, testNullAllowedPathsTraversal', async () => {
  const { dir, dir2 } = await layout()
  const traversed = `${dir}/../dir2`
  assert.equal(new AllowedPaths(dir).parseUntrustedPath(traversed), undefined)
  assert.equal(new AllowedPaths(`${dir},${dir2}`).parseUntrustedPath(traversed), dir2)
  // Without allowed.paths the path is used as given, not normalised (Kafka keeps it for compatibility).
  assert.equal(new AllowedPaths('').parseUntrustedPath(traversed), traversed)
})

test('whole path elements: /x/dir does not allow /x/dir2; a trailing slash in allowed.paths does not matter', async () => {
  const { dir, dir2, myFile } = await layout()
  assert.equal(new AllowedPaths(dir).parseUntrustedPath(join(dir2, 'f')), undefined)
  assert.equal(new AllowedPaths(`${dir}/`).parseUntrustedPath(myFile), myFile)
  assert.equal(new AllowedPaths(myFile).parseUntrustedPath(myFile), myFile)
  assert.equal(new AllowedPaths(dir).parseUntrustedPath('relative/myFile'), undefined)
})

test('testAllowedPathDoesNotExist and testAllowedPathIsNotAbsolute: Kafka\'s messages, naming allowed.paths', () => {
  assert.throws(() => new AllowedPaths('/foo'), (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.message === 'Path /foo does not exist' && e.subject === 'allowed.paths')
  assert.throws(() => new AllowedPaths('foo bar '), (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.message === 'Path foo bar  is not absolute')
})
