/**
 * Real local servers for tests, the quickstart and benchmarks: Apache Kafka (KRaft) and ElasticMQ,
 * run from jars that Maven resolves into a shared cache, on free 127.0.0.1 ports.
 */
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ensureMavenLib } from './maven.ts'
import { runRoot } from './paths.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { launchKafka } from './kafka.ts'
import { launchElasticMq } from './elasticmq.ts'
import { reapStaleRuns, removeRunDir, removeRunDirAtExit, writeRunState, type RunState } from './run-state.ts'
import type { InfraEnv, KafkaServer, RunningInfra, SqsServer, StartOptions } from './types.ts'

export type { InfraEnv, KafkaExtraListener, KafkaServer, MotoOptions, MotoServer, RunningInfra, SqsServer, StartOptions } from './types.ts'
export { currentRunDir, envVars, readInfraEnv } from './run-state.ts'
export { ensureMotoVenv, MOTO_ACCOUNT_ID, MOTO_SENDER_ID, MOTO_VERSION, provisionMoto, reapStaleMotoRuns, startMoto } from './moto.ts'
export { ensureToxiproxy, provisionToxiproxy, reapStaleToxiproxyRuns, startToxiproxy, TOXIPROXY_VERSION } from './toxiproxy.ts'
export type { Toxic, ToxiproxyOptions, ToxiproxyProxy, ToxiproxyServer } from './toxiproxy.ts'
export { APICURIO_VERSION, findJava21, provisionApicurio, startApicurio, type SchemaRegistryServer } from './apicurio.ts'
export { ensureFastavro, FASTAVRO_VERSION } from './fastavro.ts'
export { CAMEL_VERSION, provisionCamelPeer, startCamelPeer, type CamelPeer, type CamelPeerOptions } from './camel-peer.ts'
export { BENTO_VERSION, provisionBentoPeer, startBentoPeer, type BentoPeer, type BentoPeerOptions } from './bento-peer.ts'

/** ElasticMQ's region and account as the SDK sees them; QueueUrls carry the account id. */
export { BENCH_SQS_HEAP_MB } from './elasticmq.ts'
export const REGION = 'us-east-1'
export const ACCOUNT_ID = '000000000000'

/** Downloads (once) everything startInfra needs; a second call downloads nothing. */
export async function provision (): Promise<void> {
  await provisionLibs()
}

async function provisionLibs (): Promise<{ kafka: string, elasticmq: string }> {
  // One after the other: two Maven runs writing the same ~/.m2 at once can corrupt it.
  const kafka = await ensureMavenLib('kafka')
  const elasticmq = await ensureMavenLib('elasticmq')
  return { kafka, elasticmq }
}

function newRunDir (): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
  return join(runRoot, `run-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`)
}

/** Starts Kafka and ElasticMQ in parallel on fresh loopback ports; resolves when both answer. */
export async function startInfra (opts: StartOptions = {}): Promise<RunningInfra> {
  const log = opts.log ?? ((): void => {})
  const began = Date.now()
  await reapStaleRuns(log)
  const libs = await provisionLibs()
  const runDir = opts.runDir ?? newRunDir()
  for (let attempt = 1; ; attempt++) {
    await mkdir(runDir, { recursive: true })
    try {
      const { env, kafka, sqs, state } = await launchBoth(libs, runDir, opts, log)
      log(`infra ready in ${Date.now() - began} ms (run dir ${runDir})`)
      return new LocalInfra(env, kafka, sqs, runDir, state, opts.keepRunDir === true, log)
    } catch (error) {
      // A port is free when chosen but is released before the JVM binds it, so an outgoing connection
      // elsewhere can take it meanwhile; that race deserves a second try with new ports, nothing else does.
      const portTaken = /Address already in use|BindException/.test(String((error as Error).message))
      if (opts.keepRunDir !== true || portTaken) await removeRunDir(runDir)
      if (!portTaken || attempt >= 3) throw error
      log(`a chosen port was taken before the server bound it; retrying with new ports (attempt ${attempt + 1})`)
    }
  }
}

async function launchBoth (libs: { kafka: string, elasticmq: string }, runDir: string, opts: StartOptions, log: (line: string) => void):
Promise<{ env: InfraEnv, kafka: KafkaServer, sqs: SqsServer, state: RunState }> {
  const detached = opts.detached ?? false
  const [brokerPort, controllerPort, sqsPort] = await freePorts(3) as [number, number, number]
  const env: InfraEnv = {
    kafkaBootstrap: `${LOOPBACK}:${brokerPort}`,
    sqsEndpoint: `http://${LOOPBACK}:${sqsPort}`,
    region: REGION,
    accountId: ACCOUNT_ID
  }
  // Written before anything starts, so a reaper can find the servers even if this process dies mid-start.
  const state: RunState = { owner: detached ? null : process.pid, keep: opts.keepRunDir === true, startedAt: new Date().toISOString(), env }
  await writeRunState(runDir, state)
  const [kafka, sqs] = await Promise.allSettled([
    launchKafka({ libDir: libs.kafka, dir: join(runDir, 'kafka'), runDir, brokerPort, controllerPort, properties: opts.kafkaProperties ?? {}, extraListener: opts.kafkaExtraListener, detached, log }),
    launchElasticMq({ libDir: libs.elasticmq, dir: join(runDir, 'elasticmq'), runDir, port: sqsPort, region: REGION, accountId: ACCOUNT_ID, detached, log, ...(opts.sqsHeapMb === undefined ? {} : { heapMb: opts.sqsHeapMb }) })
  ])
  if (kafka.status === 'fulfilled' && sqs.status === 'fulfilled') return { env, kafka: kafka.value, sqs: sqs.value, state }
  // Each launcher kills its own process on failure; stop the one that did come up.
  if (kafka.status === 'fulfilled') await kafka.value.stop()
  if (sqs.status === 'fulfilled') await sqs.value.stop()
  throw kafka.status === 'rejected' ? kafka.reason : (sqs as PromiseRejectedResult).reason
}

class LocalInfra implements RunningInfra {
  readonly env: InfraEnv
  readonly kafka: KafkaServer
  readonly sqs: SqsServer
  readonly runDir: string
  readonly #state: RunState
  readonly #keep: boolean
  readonly #log: (line: string) => void
  #stopping: Promise<void> | undefined
  // Usually runs after process.ts's exit backstop has SIGKILLed the servers.
  readonly #removeOnExit = (): void => { removeRunDirAtExit(this.runDir) }

  constructor (env: InfraEnv, kafka: KafkaServer, sqs: SqsServer, runDir: string, state: RunState, keep: boolean, log: (line: string) => void) {
    this.env = env
    this.kafka = kafka
    this.sqs = sqs
    this.runDir = runDir
    this.#state = state
    this.#keep = keep
    this.#log = log
    if (!keep && state.owner !== null) process.once('exit', this.#removeOnExit)
  }

  stop (): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop (): Promise<void> {
    const began = Date.now()
    process.off('exit', this.#removeOnExit)
    await Promise.all([this.kafka.stop(), this.sqs.stop()])
    if (this.#keep) {
      // A kept run is for reading afterwards: no owner, so the stale-run reaper leaves it alone.
      await writeRunState(this.runDir, { ...this.#state, owner: null })
    } else {
      await removeRunDir(this.runDir)
    }
    this.#log(`infra stopped in ${Date.now() - began} ms`)
  }
}
