/** FileConfigProvider with the vectors of Kafka's FileConfigProviderTest (real files instead of a stubbed reader). */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'
import { FileConfigProvider } from '../../../src/runtime/config-providers/file-config-provider.ts'

const CONTENT = 'testKey=testResult\ntestKey2=testResult2'
const BOTH = new Set(['testKey', 'testKey2'])

async function layout (): Promise<{ dir: string, dirFile: string, siblingDir: string, siblingDirFile: string }> {
  const parent = await mkdtemp(join(tmpdir(), 'file-provider-'))
  const dir = join(parent, 'dir')
  const siblingDir = join(parent, 'siblingDir')
  await mkdir(dir)
  await mkdir(siblingDir)
  const dirFile = join(dir, 'dirFile')
  const siblingDirFile = join(siblingDir, 'siblingDirFile')
  await writeFile(dirFile, CONTENT)
  await writeFile(siblingDirFile, CONTENT)
  return { dir, dirFile, siblingDir, siblingDirFile }
}

function entries (data: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(data)
}

test('testGetAllKeysAtPath / testGetOneKeyAtPath: only the keys asked for, no TTL', async () => {
  const { dirFile } = await layout()
  const provider = new FileConfigProvider()
  assert.deepEqual(entries(provider.get(dirFile, BOTH).data), { testKey: 'testResult', testKey2: 'testResult2' })
  const one = provider.get(dirFile, new Set(['testKey']))
  assert.deepEqual(entries(one.data), { testKey: 'testResult' })
  assert.equal(one.ttlMs, undefined)
})

test('testEmptyPath: nothing, and the reason says a file is needed', () => {
  const data = new FileConfigProvider().get('', new Set(['testKey']))
  assert.equal(data.data.size, 0)
  assert.match(data.whyAbsent?.('testKey') ?? '', /no file is given/)
})

test('Java .properties rules: separators, escapes, continuations, comments', async () => {
  const { dir } = await layout()
  const file = join(dir, 'creds.properties')
  await writeFile(file, '# secrets\naws.access.key.id = AKIA1\naws.secret.key.id:abc\\\n   def\nunicode=caf\\u00e9\n! also a comment\n')
  const data = new FileConfigProvider().get(file, new Set(['aws.access.key.id', 'aws.secret.key.id', 'unicode', 'absent']))
  assert.deepEqual(entries(data.data), { 'aws.access.key.id': 'AKIA1', 'aws.secret.key.id': 'abcdef', unicode: 'café' })
  assert.equal(data.whyAbsent?.('absent'), `the file ${file} has no property "absent"`)
})

test('testAllowedDirPath, testAllowedFilePath, testMultipleAllowedPaths', async () => {
  const { dir, dirFile, siblingDir, siblingDirFile } = await layout()
  const expected = { testKey: 'testResult', testKey2: 'testResult2' }
  assert.deepEqual(entries(new FileConfigProvider({ 'allowed.paths': dir }).get(dirFile, BOTH).data), expected)
  assert.deepEqual(entries(new FileConfigProvider({ 'allowed.paths': dirFile }).get(dirFile, BOTH).data), expected)
  const both = new FileConfigProvider({ 'allowed.paths': `${dir},${siblingDir}` })
  assert.deepEqual(entries(both.get(dirFile, BOTH).data), expected)
  assert.deepEqual(entries(both.get(siblingDirFile, BOTH).data), expected)
})

test('testNotAllowedDirPath, testNotAllowedFilePath, testNoTraversal: nothing, and the reason names allowed.paths', async () => {
  const { dir, dirFile, siblingDirFile } = await layout()
  const notAllowed = new FileConfigProvider({ 'allowed.paths': dir }).get(siblingDirFile, BOTH)
  assert.equal(notAllowed.data.size, 0)
  assert.equal(notAllowed.whyAbsent?.('testKey'), `The path ${siblingDirFile} is not allowed to be accessed (allowed.paths: ${dir})`)
  const dirFile2 = join(dir, 'dirFile2')
  await writeFile(dirFile2, CONTENT)
  assert.equal(new FileConfigProvider({ 'allowed.paths': dirFile }).get(dirFile2, BOTH).data.size, 0)
  assert.equal(new FileConfigProvider({ 'allowed.paths': dirFile }).get(join(dirFile, '..', '..', 'siblingDir', 'siblingDirFile'), BOTH).data.size, 0)
  assert.equal(new FileConfigProvider({ 'allowed.paths': dirFile }).get(`${dirFile}/../../siblingDir/siblingDirFile`, BOTH).data.size, 0)
})

test('an unreadable file is Kafka\'s "Could not read properties from file", with the cause\'s code', async () => {
  const { dir } = await layout()
  const missing = join(dir, 'missing.properties')
  assert.throws(() => new FileConfigProvider().get(missing, BOTH),
    (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.message === `Could not read properties from file ${missing} (ENOENT)`)
  assert.throws(() => new FileConfigProvider().get(dir, BOTH), /Could not read properties from file .* \(EISDIR\)/)
})

test('allowed.paths that do not exist are refused when the provider is made', () => {
  assert.throws(() => new FileConfigProvider({ 'allowed.paths': '/does/not/exist' }), /Path \/does\/not\/exist does not exist/)
})
