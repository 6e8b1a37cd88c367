/**
 * `npm run infra -- provision | up [--sqs-heap-mb N] | down [--keep] | env | status`
 * `INFRA_PEERS=1 npm run infra -- provision` also builds the benchmark peers (Camel on Connect, Bento).
 * `up` leaves Kafka and ElasticMQ running after it exits (run dir .infra-run/current); `down` stops exactly
 * the pids that `up` recorded there, verified by command line, never by process name.
 */
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'
import { ensureFastavro, provision, provisionApicurio, provisionBentoPeer, provisionCamelPeer, provisionMoto, provisionToxiproxy, startInfra } from './index.ts'
import { provisionK8sTools } from './k8s-tools.ts'
import { currentRunDir, envVars, listRuns, livePids, readRunState, removeRunDir, stopRunDir, SERVICES } from './run-state.ts'
import type { InfraEnv } from './types.ts'

const USAGE = 'usage: npm run infra -- provision | up [--sqs-heap-mb N] | down [--keep] | env | status'
const STOP_GRACE_MS = 10_000

function printEnv (env: InfraEnv): void {
  for (const [name, value] of Object.entries(envVars(env))) console.log(`${name}=${value}`)
}

function elapsed (since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`
}

async function cmdProvision (): Promise<void> {
  const began = Date.now()
  await provision()
  await provisionMoto()
  await provisionToxiproxy()
  await provisionApicurio()
  await ensureFastavro()
  await provisionK8sTools()
  if (process.env.INFRA_PEERS === '1') {
    await provisionCamelPeer()
    await provisionBentoPeer()
  }
  console.log(`provisioned Kafka, ElasticMQ, moto, toxiproxy, Apicurio Registry, fastavro, helm, manifest-check${process.env.INFRA_PEERS === '1' ? ' and the benchmark peers' : ''} in ${elapsed(began)}`)
}

/** `--sqs-heap-mb N`: ElasticMQ's maximum heap (it keeps every message in memory; large-body runs need more than its default). */
function sqsHeapMb (args: readonly string[]): number | undefined {
  const at = args.indexOf('--sqs-heap-mb')
  if (at < 0) return undefined
  const value = Number(args[at + 1])
  if (!Number.isInteger(value) || value < 64) throw new SqsConnectError(ErrorCodes.USAGE, `--sqs-heap-mb takes a whole number of MiB, at least 64, not ${args[at + 1] ?? 'nothing'}`)
  return value
}

async function cmdUp (heapMb: number | undefined): Promise<void> {
  const live = await livePids(currentRunDir)
  const state = await readRunState(currentRunDir)
  if (Object.keys(live).length === SERVICES.length && state !== undefined) {
    console.error(`already running (${describePids(live)}); \`npm run infra -- down\` stops it`)
    printEnv(state.env)
    return
  }
  // Half a run (one server crashed) or the remains of `down --keep`: stop what is left and start afresh.
  if (Object.keys(live).length > 0) console.error(`restarting a partial run (${describePids(live)})`)
  await stopRunDir(currentRunDir, STOP_GRACE_MS)
  await removeRunDir(currentRunDir)
  const began = Date.now()
  const infra = await startInfra({ runDir: currentRunDir, detached: true, keepRunDir: true, log: (line) => console.error(line), ...(heapMb === undefined ? {} : { sqsHeapMb: heapMb }) })
  console.error(`up in ${elapsed(began)}; kafka pid ${infra.kafka.pid ?? '?'}, elasticmq pid ${infra.sqs.pid ?? '?'}; logs in ${currentRunDir}`)
  printEnv(infra.env)
}

async function cmdDown (keep: boolean): Promise<void> {
  const began = Date.now()
  const stopped = await stopRunDir(currentRunDir, STOP_GRACE_MS)
  if (!keep) await removeRunDir(currentRunDir)
  console.log(stopped.length > 0 ? `stopped pids ${stopped.join(', ')} in ${elapsed(began)}` : 'nothing was running')
}

async function cmdEnv (): Promise<void> {
  const state = await readRunState(currentRunDir)
  const live = await livePids(currentRunDir)
  if (state === undefined || Object.keys(live).length === 0) {
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, 'infra is not running; start it with `npm run infra -- up`', { subject: currentRunDir })
  }
  if (Object.keys(live).length < SERVICES.length) console.error(`warning: only part of the infra runs (${describePids(live)}); \`npm run infra -- up\` restarts it`)
  printEnv(state.env)
}

function describePids (live: Partial<Record<string, number>>): string {
  return SERVICES.map((service) => `${service} ${live[service] !== undefined ? `pid ${live[service]}` : 'down'}`).join(', ')
}

async function cmdStatus (): Promise<void> {
  const runs = await listRuns()
  if (runs.length === 0) console.log('no runs')
  for (const { runDir, state, live } of runs) {
    const kind = runDir === currentRunDir ? 'up (detached)' : state?.owner != null ? `owned by pid ${state.owner}` : 'kept'
    console.log(`${runDir} [${kind}] ${describePids(live)}`)
    if (state !== undefined && Object.keys(live).length > 0) console.log(`  kafka ${state.env.kafkaBootstrap}, sqs ${state.env.sqsEndpoint}`)
  }
}

async function main (args: string[]): Promise<void> {
  const [command, ...rest] = args
  switch (command) {
    case 'provision': return cmdProvision()
    case 'up': return cmdUp(sqsHeapMb(rest))
    case 'down': return cmdDown(rest.includes('--keep'))
    case 'env': return cmdEnv()
    case 'status': return cmdStatus()
    default: throw new SqsConnectError(ErrorCodes.USAGE, USAGE)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof SqsConnectError) console.error(`${error.code}: ${error.message}`)
  else console.error(error)
  process.exitCode = 1
})
