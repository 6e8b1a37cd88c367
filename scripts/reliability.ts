/**
 * `npm run test:reliability`: the reliability suite of issue 8. Starts its own Kafka 4.4.0, ElasticMQ and
 * toxiproxy, then for each case streams messages at a steady rate through the real `sqs-connect standalone`
 * (a child process) while a fault hits mid-stream: kill -9 of the worker (also in exactly-once mode), kill -9
 * of the broker, SQS latency / resets / timeouts / blackhole / outage, a slow Kafka, 1 MiB bodies. Each case
 * reports messages sent, in Kafka, lost, duplicated, and the recovery time; any loss makes the run exit 1.
 * Options:
 *   --slice ci|full     ci: the short slice for CI (about 3 minutes); full (default): every case, longer windows
 *   --only a,b          just these cases (ids as in the table)
 *   --soak [minutes]    soak mode instead: a steady stream for that long (default 60) with memory sampled
 *   --rate N            the soak's send rate, messages/s (default 100)
 *   --write-docs        rewrite the results section of docs/reliability.md
 *   --json FILE         write every figure as JSON
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { provision, provisionToxiproxy } from '../infra/index.ts'
import { projectRoot } from '../infra/paths.ts'
import { casesFor, type Slice } from '../test/reliability/cases.ts'
import { casesTable, rewriteDocSection, runHeader, soakTable } from '../test/reliability/report.ts'
import { startRig } from '../test/reliability/rig.ts'
import { soakCase, memoryGrowth } from '../test/reliability/soak.ts'
import { runStreamCase, type CaseResult, type StreamCase } from '../test/reliability/stream-case.ts'

/** `--soak` takes an optional number of minutes, which parseArgs cannot express: take it out first. */
function soakMinutes (argv: string[]): number | undefined {
  const at = argv.indexOf('--soak')
  if (at < 0) return undefined
  const next = argv[at + 1]
  const minutes = next !== undefined && /^\d+(\.\d+)?$/.test(next) ? Number(next) : 60
  argv.splice(at, next !== undefined && /^\d+(\.\d+)?$/.test(next) ? 2 : 1)
  return minutes
}

const argv = process.argv.slice(2)
const soak = soakMinutes(argv)
const { values } = parseArgs({
  args: argv,
  options: { slice: { type: 'string', default: 'full' }, only: { type: 'string' }, rate: { type: 'string', default: '100' }, 'write-docs': { type: 'boolean', default: false }, json: { type: 'string' } }
})
if (values.slice !== 'ci' && values.slice !== 'full') throw new Error(`--slice must be ci or full, not ${values.slice}`)
const slice: Slice = values.slice
const only = values.only?.split(',').map((id) => id.trim()).filter((id) => id !== '')
const pool = casesFor(slice)
const everyCase = casesFor('full')
const unknown = (only ?? []).filter((id) => !everyCase.some((c) => c.id === id))
if (unknown.length > 0) throw new Error(`--only names unknown case(s) ${unknown.join(', ')}; the cases are ${everyCase.map((c) => c.id).join(', ')}`)
// A case outside the CI slice named with --slice ci runs in its full size.
const cases: StreamCase[] = soak !== undefined
  ? [soakCase(soak, Number(values.rate))]
  : only === undefined ? pool : only.map((id) => (pool.find((c) => c.id === id) ?? everyCase.find((c) => c.id === id)) as StreamCase)

const began = new Date()
const log = (line: string): void => { console.log(`[${((Date.now() - began.getTime()) / 1000).toFixed(1).padStart(6)} s] ${line}`) }
// Dummy credentials for the local servers, no EC2 metadata probing (as the tests' servers.ts, which a script cannot import without node:test).
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
})
await provision()
await provisionToxiproxy()
const rig = await startRig((line) => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) log(line) })
const results: CaseResult[] = []
const soakResult = (): CaseResult | undefined => results.find((r) => r.id === 'soak')
const table = (): string => { const soaked = soakResult(); return soaked === undefined ? casesTable(results) : soakTable(soaked) }

async function report (progress: string): Promise<void> {
  const header = `${runHeader(soak === undefined ? slice : `soak ${soak} min`, began)}${progress}`
  if (values['write-docs']) await rewriteDocSection(join(projectRoot, 'docs', 'reliability.md'), soak === undefined ? 'cases' : 'soak', `${header}\n\n${table()}`)
  if (values.json !== undefined) {
    await writeFile(values.json, JSON.stringify({ began, slice, soakMinutes: soak ?? null, results: results.map((r) => ({ ...r, outcome: r.outcome === undefined ? undefined : { ...r.outcome, lost: r.outcome.lost.slice(0, 100), lostCount: r.outcome.lost.length } })) }, null, 2))
  }
}

try {
  for (const c of cases) {
    log(`${c.id}: ${c.fault}`)
    const result = await runStreamCase(rig, c, (line) => { log(`${c.id}: ${line}`) })
    results.push(result)
    const o = result.outcome
    log(`${c.id}: ${result.ok ? 'pass' : 'FAIL'} in ${(result.elapsedMs / 1000).toFixed(1)} s: sent ${o?.sent ?? '?'}, in Kafka ${o?.distinct ?? '?'}, ` +
      `lost ${o?.lost.length ?? '?'}, duplicates ${o?.duplicates ?? '?'} (redelivered ${o?.redelivered ?? '?'}, re-sent ${o?.resent ?? '?'}), recoveries ${JSON.stringify(o?.recoveries ?? [])}, notes ${JSON.stringify(result.notes)}`)
    for (const failure of result.failures) log(`${c.id}: ${failure}`)
    // After every case, so that a run cut short still leaves the figures of the cases it finished.
    await report(results.length < cases.length ? ` (${results.length} of ${cases.length} cases so far)` : '')
  }
} finally {
  await rig.stop()
}

console.log(`\n${runHeader(soak === undefined ? slice : `soak ${soak} min`, began)}\n\n${table()}\n`)
const soaked = soakResult()
if (soaked !== undefined) console.log(JSON.stringify({ memory: memoryGrowth(soaked.memory) }))
const failed = results.filter((r) => !r.ok)
log(failed.length === 0 ? `all ${results.length} case(s) passed` : `${failed.length} of ${results.length} case(s) FAILED: ${failed.map((r) => r.id).join(', ')}`)
process.exit(failed.length === 0 ? 0 : 1)
