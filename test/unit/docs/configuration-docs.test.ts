import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { CONFIG_DOCS_PATH, configDocs } from '../../../scripts/config-docs.ts'
import { sqsConfigKeys } from '../../../src/connectors/sqs/config.ts'
import { connectorConfigKeys } from '../../../src/runtime/connector-config.ts'

test('docs/configuration.md is what the definitions give (run npm run docs:config after changing a property)', async () => {
  assert.equal(await readFile(CONFIG_DOCS_PATH, 'utf8'), configDocs())
})

test('every property is documented with its type and default', () => {
  const docs = configDocs()
  for (const key of [...sqsConfigKeys, ...connectorConfigKeys]) {
    const start = docs.indexOf(`### \`${key.name}\``)
    assert.ok(start >= 0, `${key.name} documented`)
    const section = docs.slice(start, docs.indexOf('\n### ', start + 1) === -1 ? undefined : docs.indexOf('\n### ', start + 1))
    assert.match(section, new RegExp(`- Type: ${key.type.toLowerCase()}`))
    assert.match(section, /- Default: /)
    assert.ok(key.documentation.length > 10 && section.includes(key.documentation))
  }
})
