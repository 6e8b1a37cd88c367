/**
 * `npm run bench`: starts its own local Kafka and ElasticMQ and compares, row by row on the same servers, the SQS
 * ceiling, sqs-connect and the peers in bench/systems/index.ts (docs/benchmarks.md explains the method).
 * Options:
 *   --quick              small counts, one round (about 3 minutes)
 *   --rounds N           rounds per row (default 2, 1 with --quick); the system order alternates
 *   --systems a,b        only these systems (ceiling, sqs-connect, camel, bento; ceiling-wire only when named)
 *   --scenario x,y       only rows whose id starts with x or y (standard, fifo, latency, standard-64k-t8, …);
 *                        `exactly-once` runs the exactly-once vs at-least-once scenario instead (bench/scenarios)
 *   --write-docs         rewrite the generated part of docs/benchmarks.md and docs/benchmarks.svg
 *   --messages N --rate N --seconds N   for the exactly-once scenario (10000, 200, 10)
 * The JSON of each run goes to bench/results/<timestamp>.json. The machine is shared and small: compare rows of
 * one run, not runs of different days.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_SQS_HEAP_MB, provision, startInfra } from '../infra/index.ts'
import { projectRoot } from '../infra/paths.ts'
import { prebuildBundle } from '../infra/sqs-connect-bin.ts'
import { runComparison } from './compare/main.ts'
import { exactlyOnceScenario } from './scenarios/exactly-once.ts'
import type { BenchRow } from './support.ts'

// As in the CLI: the AWS SDK's Node 20 end-of-support notice says nothing the reader can act on (the SDK is pinned).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    systems: { type: 'string' },
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'write-docs': { type: 'boolean', default: false },
    messages: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' }
  }
})

function table (rows: readonly BenchRow[]): string {
  const cell = (n: number | undefined): string => (n === undefined ? '' : String(n))
  return ['| scenario | round | mode | messages | msg/s | p50 ms | p99 ms |', '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.scenario} | ${cell(r.round)} | ${r.mode} | ${r.messages} | ${cell(r.messagesPerSecond)} | ${cell(r.p50Ms)} | ${cell(r.p99Ms)} |`)].join('\n')
}

const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`)

process.env.AWS_ACCESS_KEY_ID ??= 'local'
process.env.AWS_SECRET_ACCESS_KEY ??= 'local'
process.env.AWS_REGION ??= 'us-east-1'
process.env.AWS_EC2_METADATA_DISABLED = 'true'
await provision()
// Built now, so that no sqs-connect start-up in the rows includes building the bin's bundle (a user's first start does).
log(`sqs-connect bundle: ${prebuildBundle()}`)
// ElasticMQ keeps every message in memory: a prefilled queue of 64 KiB and 256 KiB bodies needs more than its default heap.
const infra = await startInfra({ sqsHeapMb: BENCH_SQS_HEAP_MB, log })
try {
  if (values.scenario === 'exactly-once') {
    const rows = await exactlyOnceScenario(infra.env, { messages: Number(values.messages), perSecond: Number(values.rate), seconds: Number(values.seconds) })
    const dir = join(projectRoot, 'bench', 'results')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'exactly-once.json'), `${JSON.stringify({ scenario: 'exactly-once', at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`)
    console.log(`\n## exactly-once\n\n${table(rows)}\n`)
  } else {
    const rounds = values.rounds === undefined ? (values.quick ? 1 : 2) : Number(values.rounds)
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, not ${values.rounds ?? ''}`)
    const { file, markdown } = await runComparison(infra.env, join(infra.runDir, 'bench'), {
      quick: values.quick, rounds, writeDocs: values['write-docs'], log,
      ...(values.systems === undefined ? {} : { systems: values.systems }),
      ...(values.scenario === undefined ? {} : { scenario: values.scenario })
    })
    console.log(`\n${markdown}\n\nJSON: ${file}${values['write-docs'] ? '\nWrote docs/benchmarks.md and docs/benchmarks.svg' : ''}`)
  }
} finally {
  await infra.stop()
}
