/**
 * A node:test reporter for `npm test`: times each test file from its start to its end (start-up and imports
 * included; node reports both for every file, also when files run side by side) and counts the tests that passed
 * and failed. It prints nothing: it appends its figures as one JSON line to the file SQS_CONNECT_TEST_RESULTS
 * names, and scripts/run-tests.ts merges its runs into one table. Plain JavaScript: node loads reporters before
 * tsx's hooks apply.
 */
import { appendFile } from 'node:fs/promises'
import process from 'node:process'

/**
 * @typedef {{ name: string, nesting: number, file?: string, details?: { passed?: boolean, type?: string } }} EventData
 * @param {AsyncIterable<{ type: string, data: EventData }>} source
 */
export default async function * fileDurations (source) {
  /** @type {Map<string, number>} */
  const startedAt = new Map()
  /** @type {Array<{ file: string, ms: number, failed: boolean }>} */
  const files = []
  let passed = 0
  let failed = 0
  for await (const { type, data } of source) {
    const isFile = data.file !== undefined && data.name === data.file
    if (isFile && type === 'test:dequeue') startedAt.set(data.name, Date.now())
    else if (isFile && type === 'test:complete') {
      files.push({ file: data.name, ms: Date.now() - (startedAt.get(data.name) ?? Date.now()), failed: data.details?.passed === false })
    } else if (!isFile && data.details?.type !== 'suite') {
      if (type === 'test:pass') passed++
      else if (type === 'test:fail') failed++
    }
  }
  const results = process.env.SQS_CONNECT_TEST_RESULTS
  if (results !== undefined && results !== '') await appendFile(results, JSON.stringify({ files, passed, failed }) + '\n')
  yield ''
}
