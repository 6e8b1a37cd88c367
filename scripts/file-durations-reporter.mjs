/**
 * A node:test reporter for `npm test` that prints nothing while the run goes and, at the end, the test files
 * ranked by time (slowest first), so a slow file shows up in every run's log.
 * Per file it gives two figures: `tests`, the summed durations of the file's top-level tests as the file measured
 * them, and `wall`, the time from the previous file's last result to this file's last one as this reporter saw
 * it (start-up and imports included; exact when files run one at a time, a rough share when two run together).
 * Plain JavaScript: node loads reporters before tsx's hooks apply.
 * SQS_CONNECT_TEST_DURATIONS_TOP sets how many files to list (default 15).
 */
import process from 'node:process'

/** @param {number} ms */
function seconds (ms) {
  return `${(ms / 1000).toFixed(1)} s`.padStart(8)
}

/**
 * @typedef {{ name: string, nesting: number, file?: string, details?: { duration_ms?: number } }} EventData
 * @param {AsyncIterable<{ type: string, data: EventData }>} source
 */
export default async function * fileDurations (source) {
  /** @type {Map<string, { tests: number, wall: number, failed: boolean }>} */
  const files = new Map()
  const started = Date.now()
  let lastResultAt = started
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    const name = event.data.file ?? event.data.name
    const entry = files.get(name) ?? { tests: 0, wall: 0, failed: false }
    const now = Date.now()
    entry.wall += now - lastResultAt
    lastResultAt = now
    if (event.data.nesting === 0) entry.tests += event.data.details?.duration_ms ?? 0
    if (event.type === 'test:fail') entry.failed = true
    files.set(name, entry)
  }
  if (files.size === 0) return
  const top = Number(process.env.SQS_CONNECT_TEST_DURATIONS_TOP ?? 15)
  const cwd = process.cwd() + '/'
  const lines = [...files].sort((a, b) => b[1].wall - a[1].wall).slice(0, top)
    .map(([name, f]) => `${seconds(f.wall)} ${seconds(f.tests)}  ${f.failed ? '(failed) ' : ''}${name.replace(cwd, '')}`)
  yield `\nSlowest test files (${files.size} files, ${((Date.now() - started) / 60_000).toFixed(1)} min):\n` +
    `    wall    tests  file\n${lines.join('\n')}\n`
}
