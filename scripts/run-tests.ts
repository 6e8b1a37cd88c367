/**
 * `npm test`: starts one local Kafka + ElasticMQ for the run (moto, the second SQS server, and toxiproxy, the
 * fault proxy, are installed here but started by the test files that use them), runs the unit and integration
 * suites with node:test, and stops the servers. `--unit` runs the unit tests alone, without servers. Paths of test
 * files (`npm test -- test/integration/x.test.ts`) run just those files, with the servers. The benchmark peers'
 * smoke test (bench-peers.test.ts) provisions Camel and Bento, minutes of downloads and a Go build the first time,
 * so a full run includes it only with INFRA_PEERS=1.
 *
 * Two files at a time (the machine has two cores; most integration time is spent waiting on servers): every file
 * makes its own queues, topics and groups with random names (test/integration/support/sqs.ts, kafka.ts), so files
 * share the servers without meeting. The files in RUN_ALONE run afterwards, one at a time: they measure memory or
 * timing, or start many processes or servers of their own, so a neighbour would skew or starve them.
 * SQS_CONNECT_TEST_CONCURRENCY=1 runs everything one file at a time (to rule a neighbour out when chasing a failure).
 * At the end the runner prints the slowest files (start to end of each) and one line with the counts of both runs
 * (docs/testing.md).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { projectRoot } from '../infra/paths.ts'

/**
 * Integration files that run one at a time after the others, and why. Files that only stress the machine (the
 * distributed cluster, the exactly-once crash loops, the Kafka outage, the benchmark smoke test) stay side by side:
 * their assertions are about counts and order, and their few time bounds have tens of seconds to spare.
 */
export const RUN_ALONE: ReadonlyMap<string, string> = new Map([
  ['test/integration/back-pressure.test.ts', 'bounds the worker\'s resident memory growth; throttles a producer on the shared broker'],
  ['test/integration/delivery-long-outage.test.ts', 'counts duplicates against a 5 s visibility timeout: heartbeats must keep pace through a 30 s Kafka outage'],
  ['test/integration/exactly-once-errors.test.ts', 'its fencing test waits on a second worker within a fixed time; it timed out once beside another file on a loaded machine'],
  ['test/integration/bench-peers.test.ts', 'starts the benchmark peers (a Camel JVM, Bento) beside a worker'],
  ['test/integration/infra.test.ts', 'starts, restarts and kills whole server sets and checks their processes are gone'],
  ['test/integration/visibility-kafka-latency.test.ts', 'heartbeats timed against a 2 s visibility timeout through a 3 s latency proxy']
])

async function testFiles (dir: string): Promise<string[]> {
  const entries = await readdir(join(projectRoot, dir), { recursive: true })
  return entries.filter((f) => f.endsWith('.test.ts')).map((f) => relative(projectRoot, join(projectRoot, dir, f))).sort()
}

async function runNodeTest (files: readonly string[], concurrency: number, env: NodeJS.ProcessEnv): Promise<number> {
  if (files.length === 0) return 0
  const reporters = [
    // node 20's default output (spec on a terminal, TAP otherwise), and the per-file timings.
    '--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
    '--test-reporter', './scripts/file-durations-reporter.mjs', '--test-reporter-destination', 'stdout'
  ]
  // node 20 applies --test-timeout to each file as a whole too, and a long file beside another on a busy machine
  // (delivery-crash.test.ts) can take over 5 minutes: 15 minutes still stops a hung test.
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=900000', ...reporters, ...files]
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: 'inherit', env })
  return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))))
}

/** Runs the files side by side (those of RUN_ALONE one at a time, after), then prints the slowest files and the counts. */
async function runFiles (files: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const concurrency = Math.max(1, Number(process.env.SQS_CONNECT_TEST_CONCURRENCY ?? 2))
  const resultsDir = await mkdtemp(join(tmpdir(), 'sqs-connect-test-results-'))
  const results = join(resultsDir, 'results.jsonl')
  const started = Date.now()
  try {
    const runEnv = { ...env, SQS_CONNECT_TEST_RESULTS: results }
    const together = files.filter((f) => !RUN_ALONE.has(f))
    const alone = files.filter((f) => RUN_ALONE.has(f))
    const codes = [await runNodeTest(together, concurrency, runEnv)]
    if (alone.length > 0) {
      console.log(`\nFiles that run alone: ${alone.join(', ')}`)
      codes.push(await runNodeTest(alone, 1, runEnv))
    }
    const runs = existsSync(results) ? (await readFile(results, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as RunResult) : []
    const timed = runs.flatMap((r) => r.files)
    if (timed.length > 0) console.log(formatSlowest(timed, projectRoot))
    const passed = runs.reduce((n, r) => n + r.passed, 0)
    const failed = runs.reduce((n, r) => n + r.failed, 0)
    console.log(`${files.length} files in ${((Date.now() - started) / 60_000).toFixed(1)} min, ${concurrency} at a time, ${alone.length} alone`)
    console.log(`tests: ${passed} passed, ${failed} failed`)
    return codes.find((c) => c !== 0) ?? 0
  } finally {
    await rm(resultsDir, { recursive: true, force: true })
  }
}

interface TimedFile { file: string, ms: number, failed: boolean }
interface RunResult { files: TimedFile[], passed: number, failed: number }

/** The slowest files, slowest first (SQS_CONNECT_TEST_DURATIONS_TOP of them, default 15). */
function formatSlowest (files: readonly TimedFile[], root: string): string {
  const top = Number(process.env.SQS_CONNECT_TEST_DURATIONS_TOP ?? 15)
  const lines = [...files].sort((a, b) => b.ms - a.ms).slice(0, top)
    .map((f) => `${`${(f.ms / 1000).toFixed(1)} s`.padStart(9)}  ${f.failed ? '(failed) ' : ''}${relative(root, f.file)}`)
  return `\nSlowest test files (of ${files.length}; each from its start to its end, start-up included):\n${lines.join('\n')}`
}

async function main (): Promise<number> {
  const unitOnly = process.argv.includes('--unit')
  const chosen = process.argv.slice(2).filter((arg) => arg.endsWith('.test.ts')).map((f) => relative(projectRoot, resolve(f)))
  const unit = await testFiles('test/unit')
  if (unitOnly) return await runFiles(chosen.length > 0 ? chosen : unit, process.env)
  const { provision, provisionMoto, provisionToxiproxy, startInfra } = await import('../infra/index.ts')
  console.log('Provisioning Kafka, ElasticMQ, moto and toxiproxy (cached after the first run)...')
  await provision()
  await provisionMoto()
  await provisionToxiproxy()
  // Build the bin's bundle once here rather than in the first few workers that the files start side by side.
  const { prebuildBundle } = await import('../infra/sqs-connect-bin.ts')
  console.log(`The sqs-connect bundle: ${prebuildBundle()}`)
  const peers = process.env.INFRA_PEERS === '1'
  const files = chosen.length > 0 ? chosen : [...unit, ...(await testFiles('test/integration')).filter((f) => peers || !f.endsWith('bench-peers.test.ts'))]
  if (files.some((f) => f.endsWith('avro.test.ts'))) {
    // Only the AvroConverter tests use the schema registry and fastavro; they start Apicurio themselves.
    const { provisionApicurio, ensureFastavro } = await import('../infra/index.ts')
    console.log('Provisioning Apicurio Registry and fastavro for the Avro tests (cached after the first run)...')
    await provisionApicurio()
    await ensureFastavro()
  }
  if (files.some((f) => f.includes('/deploy/'))) {
    // The deployment tests render the chart with helm and check it with manifest-check (both built with Go).
    const { provisionK8sTools } = await import('../infra/k8s-tools.ts')
    console.log('Provisioning helm and manifest-check for the deployment tests (cached after the first run)...')
    await provisionK8sTools()
  }
  const infra = await startInfra()
  console.log(`Test servers: Kafka ${infra.env.kafkaBootstrap}, ElasticMQ ${infra.env.sqsEndpoint}`)
  try {
    return await runFiles(files, {
      ...process.env,
      SQS_CONNECT_TEST_KAFKA: infra.env.kafkaBootstrap,
      SQS_CONNECT_TEST_SQS: infra.env.sqsEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    })
  } finally {
    await infra.stop()
  }
}

process.exitCode = await main()
