/**
 * `npm test`: starts one local Kafka + ElasticMQ for the run (moto, the second SQS server, and toxiproxy, the
 * fault proxy, are installed here but started by the test files that use them), runs the unit and integration
 * suites with node:test (one file at a time: the machine has two cores), and stops the servers.
 * `--unit` runs the unit tests alone, without servers. Paths of test files (`npm test -- test/integration/x.test.ts`)
 * run just those files, with the servers. The benchmark peers' smoke test (bench-peers.test.ts) provisions Camel and
 * Bento, minutes of downloads and a Go build the first time, so a full run includes it only with INFRA_PEERS=1.
 */
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { projectRoot } from '../infra/paths.ts'

async function testFiles (dir: string): Promise<string[]> {
  const entries = await readdir(join(projectRoot, dir), { recursive: true })
  return entries.filter((f) => f.endsWith('.test.ts')).map((f) => relative(projectRoot, join(projectRoot, dir, f))).sort()
}

async function runNodeTest (files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const reporters = [
    // node 20's default: spec on a terminal, TAP otherwise; then the slowest files, on stderr, once all have run.
    '--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
    '--test-reporter', './scripts/file-durations-reporter.mjs', '--test-reporter-destination', 'stderr'
  ]
  const args = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...reporters, ...files]
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: 'inherit', env })
  return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))))
}

async function main (): Promise<number> {
  const unitOnly = process.argv.includes('--unit')
  const chosen = process.argv.slice(2).filter((arg) => arg.endsWith('.test.ts'))
  const unit = await testFiles('test/unit')
  if (unitOnly) return await runNodeTest(chosen.length > 0 ? chosen : unit, process.env)
  const { provision, provisionMoto, provisionToxiproxy, startInfra } = await import('../infra/index.ts')
  console.log('Provisioning Kafka, ElasticMQ, moto and toxiproxy (cached after the first run)...')
  await provision()
  await provisionMoto()
  await provisionToxiproxy()
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
  let code = 1
  try {
    code = await runNodeTest(files, {
      ...process.env,
      SQS_CONNECT_TEST_KAFKA: infra.env.kafkaBootstrap,
      SQS_CONNECT_TEST_SQS: infra.env.sqsEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    })
  } finally {
    await infra.stop()
  }
  return code
}

process.exitCode = await main()
