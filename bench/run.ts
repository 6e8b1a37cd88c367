/**
 * `npm run bench`: runs benchmark scenarios against local servers it starts itself and prints a markdown table;
 * the JSON goes to bench/results/<scenario>.json. Scenarios: exactly-once (exactly-once vs at-least-once).
 * Options: --scenario NAME, --messages N (throughput, 10000), --rate N (latency, msg/s, 200), --seconds N (10).
 * The machine is shared and small: compare rows of one run, not runs of different days.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { provision, startInfra } from '../infra/index.ts'
import { projectRoot } from '../infra/paths.ts'
import { exactlyOnceScenario } from './scenarios/exactly-once.ts'
import type { BenchEnv, BenchRow } from './support.ts'

// As in the CLI: the AWS SDK's Node 20 end-of-support notice says nothing the reader can act on (the SDK is pinned).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const { values } = parseArgs({ options: { scenario: { type: 'string' }, messages: { type: 'string', default: '10000' }, rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' } } })

const scenarios: Record<string, (env: BenchEnv) => Promise<BenchRow[]>> = {
  'exactly-once': async (env) => await exactlyOnceScenario(env, { messages: Number(values.messages), perSecond: Number(values.rate), seconds: Number(values.seconds) })
}

function table (rows: readonly BenchRow[]): string {
  const cell = (n: number | undefined): string => (n === undefined ? '' : String(n))
  return ['| scenario | round | mode | messages | msg/s | p50 ms | p99 ms |', '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.scenario} | ${cell(r.round)} | ${r.mode} | ${r.messages} | ${cell(r.messagesPerSecond)} | ${cell(r.p50Ms)} | ${cell(r.p99Ms)} |`)].join('\n')
}

process.env.AWS_ACCESS_KEY_ID ??= 'local'
process.env.AWS_SECRET_ACCESS_KEY ??= 'local'
process.env.AWS_REGION ??= 'us-east-1'
process.env.AWS_EC2_METADATA_DISABLED = 'true'
await provision()
const infra = await startInfra()
try {
  for (const [name, run] of Object.entries(scenarios).filter(([name]) => values.scenario === undefined || values.scenario === name)) {
    const rows = await run(infra.env)
    const dir = join(projectRoot, 'bench', 'results')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, `${name}.json`), `${JSON.stringify({ scenario: name, at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`)
    console.log(`\n## ${name}\n\n${table(rows)}\n`)
  }
} finally {
  await infra.stop()
}
