import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfigFile, parseJsonConfig } from '../../../src/runtime/config-files.ts'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'

test('the REST form fills in name from the top level; the flat form is taken as it is', () => {
  assert.deepEqual(parseJsonConfig('a.json', '{"name":" sqs ","config":{"connector.class":"X","tasks.max":1}}'),
    { 'connector.class': 'X', 'tasks.max': '1', name: 'sqs' })
  assert.deepEqual(parseJsonConfig('a.json', '{"name":"sqs","kafka.topic":"t","flag":true}'), { name: 'sqs', 'kafka.topic': 't', flag: 'true' })
})

test('conflicting names, nested values and broken JSON are named errors', () => {
  assert.throws(() => parseJsonConfig('a.json', '{"name":"a","config":{"name":"b"}}'), /Connector name configuration \(b\) doesn't match connector name \(a\)/)
  assert.throws(() => parseJsonConfig('a.json', '{"x":{"y":1}}'), (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'x')
  assert.throws(() => parseJsonConfig('a.json', '{"x":'), /a\.json is not valid JSON/)
})

test('.properties files follow Java rules (escapes, continuations, comments)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cfg-'))
  const file = join(dir, 'c.properties')
  await writeFile(file, '# comment\nname = sqs\nsqs.url=https://sqs.us-east-1.amazonaws.com/1/\\\n  q\nbody=caf\\u00e9\n')
  assert.deepEqual(await loadConfigFile(file), { name: 'sqs', 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/1/q', body: 'café' })
  await assert.rejects(loadConfigFile(join(dir, 'missing.properties')), (e: unknown) => hasCode(e, ErrorCodes.CONFIG_FILE_UNREADABLE))
})
