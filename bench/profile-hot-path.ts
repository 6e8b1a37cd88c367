/**
 * `npm run bench:profile`: a small, repeatable measurement of the hot path. It prefills an ElasticMQ queue, runs
 * `sqs-connect standalone` as a child process (so /proc figures are its own) until the queue is drained into real
 * Kafka, and, on the same servers in the same run, the SQS ceiling (bare receive + DeleteMessageBatch loops at the
 * same concurrency, bench/profile/ceiling-loop.ts). Systems alternate order between rounds.
 *
 * Reports msg/s, CPU-seconds per 10,000 messages (utime+stime from /proc/<pid>/stat, counted from the moment the
 * connector is created over REST, so start-up is not charged) and peak RSS (VmHWM, start-up included).
 *
 * Reuses the servers of `npm run infra -- up` when they run, else starts its own.
 * Options: --messages N (10000) --body BYTES (1024) --tasks N (1) --concurrency N (sqs.receive.concurrency, 2)
 *   --rounds N (2) --variant NAME=CHECKOUT[?PROPERTY=VALUE&...] (repeatable: another checkout's bin/sqs-connect.js,
 *   e.g. a base commit in a worktree of its own, and connector properties for this variant, e.g.
 *   `--variant "sdk=.?sqs.client=sdk" --variant wire=.`; a property named `worker.NAME` is the worker property NAME,
 *   e.g. `?worker.sqsconnect.worker.buffer.max.bytes=33554432`; default: this checkout as `current`) --no-ceiling --cpu-prof DIR (profile each
 *   connector run) --node-flags "FLAGS" (for the connector's node, after its bin's shebang flags) --json FILE.
 * The machine is shared: compare CPU per message and ratios within one run more than msg/s across runs.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_SQS_HEAP_MB, currentRunDir, provision, readInfraEnv, startInfra } from '../infra/index.ts'
import { livePids, SERVICES } from '../infra/run-state.ts'
import { projectRoot } from '../infra/paths.ts'
import { binCommand } from '../infra/sqs-connect-bin.ts'
import { freePorts } from '../infra/ports.ts'
import { KafkaAdmin } from '../src/kafka/admin.ts'
import { sampleProcess, type ProcSample } from './profile/proc-stats.ts'

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    body: { type: 'string', default: '1024' },
    tasks: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    variant: { type: 'string', multiple: true },
    'no-ceiling': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'node-flags': { type: 'string', default: '' },
    json: { type: 'string' }
  }
})

const MESSAGES = Number(values.messages)
const BODY = Number(values.body)
const TASKS = Number(values.tasks)
const CONCURRENCY = Number(values.concurrency)
interface Variant {
  readonly name: string
  readonly dir: string
  /** Connector properties. */
  readonly properties: Record<string, string>
  /** Worker properties (given as `worker.NAME`). */
  readonly worker: Record<string, string>
}
const WORKER_PREFIX = 'worker.'

const variants: Variant[] = (values.variant ?? [`current=${projectRoot}`]).map((v) => {
  const equals = v.indexOf('=')
  if (equals <= 0) throw new Error(`--variant NAME=CHECKOUT[?PROPERTY=VALUE&...], not ${v}`)
  const [dir = '', query] = v.slice(equals + 1).split('?', 2)
  const all = [...new URLSearchParams(query ?? '')]
  const worker = all.filter(([k]) => k.startsWith(WORKER_PREFIX)).map(([k, value]) => [k.slice(WORKER_PREFIX.length), value] as const)
  return { name: v.slice(0, equals), dir: resolve(dir), properties: Object.fromEntries(all.filter(([k]) => !k.startsWith(WORKER_PREFIX))), worker: Object.fromEntries(worker) }
})

interface Row {
  readonly round: number
  readonly system: string
  readonly messages: number
  readonly seconds: number
  readonly messagesPerSecond: number
  readonly cpuSecondsPer10k: number
  readonly peakRssMiB: number
}

const AWS_ENV = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

/** A body of `bytes` ASCII characters, distinct per message. */
function body (i: number): string {
  const head = `message ${i} `
  return head + 'x'.repeat(Math.max(0, BODY - head.length))
}

async function prefill (sqs: SQSClient): Promise<string> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `profile-${randomUUID().slice(0, 8)}`, Attributes: { VisibilityTimeout: '60' } }))
  const queueUrl = created.QueueUrl ?? ''
  // SendMessageBatch carries at most 256 KiB.
  const perBatch = Math.max(1, Math.min(10, Math.floor((256 * 1024 - 4096) / (BODY + 200))))
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < MESSAGES) {
      const start = next
      next = Math.min(MESSAGES, next + perBatch)
      const entries: SendMessageBatchRequestEntry[] = []
      for (let i = start; i < next; i++) {
        entries.push({
          Id: `m${i}`,
          MessageBody: body(i),
          MessageAttributes: {
            Region: { DataType: 'String', StringValue: 'eu-west-1' },
            Attempt: { DataType: 'Number', StringValue: String(i % 7) },
            'trace.id': { DataType: 'String', StringValue: randomUUID() }
          }
        })
      }
      const reply = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
      if ((reply.Failed ?? []).length > 0) throw new Error(`SendMessageBatch failed: ${JSON.stringify(reply.Failed)}`)
    }
  }
  await Promise.all(Array.from({ length: 8 }, lane))
  return queueUrl
}

async function remaining (sqs: SQSClient, queueUrl: string): Promise<number> {
  const reply = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))
  return Number(reply.Attributes?.ApproximateNumberOfMessages ?? '0') + Number(reply.Attributes?.ApproximateNumberOfMessagesNotVisible ?? '0')
}

async function untilDrained (sqs: SQSClient, queueUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15 * 60_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the measured process exited (${child.exitCode ?? child.signalCode ?? '?'}) before the queue was drained`)
    if (await remaining(sqs, queueUrl) === 0) return
    if (Date.now() > deadline) throw new Error('the queue was not drained within 15 minutes')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function waitForLine (child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  let seen = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString()
      if (pattern.test(seen)) { child.stdout?.off('data', onData); child.stderr?.off('data', onData); resolve() }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${what} exited (${code ?? '?'}) before it was ready:\n${seen.slice(-2000)}`)))
  })
}

async function stopChild (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  await exited
  clearTimeout(timer)
}

function row (round: number, system: string, seconds: number, before: ProcSample, after: ProcSample): Row {
  return {
    round,
    system,
    messages: MESSAGES,
    seconds: Number(seconds.toFixed(2)),
    messagesPerSecond: Math.round(MESSAGES / seconds),
    cpuSecondsPer10k: Number(((after.cpuSeconds - before.cpuSeconds) * 10_000 / MESSAGES).toFixed(2)),
    peakRssMiB: Number((after.peakRssBytes / 1024 / 1024).toFixed(1))
  }
}

async function runCeiling (round: number, sqs: SQSClient, endpoint: string): Promise<Row> {
  const queueUrl = await prefill(sqs)
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'bench', 'profile', 'ceiling-loop.ts'), endpoint, queueUrl, String(TASKS * CONCURRENCY), String(MESSAGES)],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...AWS_ENV } })
  try {
    await waitForLine(child, /^ready$/m, 'the ceiling loop')
    const pid = child.pid ?? 0
    const before = await sampleProcess(pid)
    const started = performance.now()
    child.stdin?.write('go\n')
    await untilDrained(sqs, queueUrl, child)
    const seconds = (performance.now() - started) / 1000
    return row(round, 'ceiling', seconds, before, await sampleProcess(pid))
  } finally {
    await stopChild(child)
  }
}

async function runConnector (round: number, sqs: SQSClient, env: { kafkaBootstrap: string, sqsEndpoint: string }, variant: Variant, runDir: string): Promise<Row> {
  const queueUrl = await prefill(sqs)
  const topic = `profile-${randomUUID().slice(0, 8)}`
  const admin = new KafkaAdmin([env.kafkaBootstrap])
  await admin.ensureTopic({ name: topic, partitions: 1 }).finally(() => admin.close())
  const [port] = await freePorts(1) as [number]
  const workerFile = join(runDir, `worker-${round}-${variant.name}.properties`)
  await writeFile(workerFile, [
    `bootstrap.servers=${env.kafkaBootstrap}`,
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    `offset.storage.file.filename=${join(runDir, 'unused.offsets')}`,
    `listeners=http://127.0.0.1:${port}`,
    ...Object.entries(variant.worker).map(([k, value]) => `${k}=${value}`)
  ].join('\n') + '\n')
  // One folder per run: node writes one profile per thread (the main thread, and tsx's loader thread when tsx runs).
  const profileFlags = values['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(resolve(values['cpu-prof']), `${variant.name}-${BODY}b-${TASKS}t-r${round}`)}`]
  const nodeFlags = values['node-flags'].split(' ').filter((f) => f !== '')
  // As the variant's bin runs by its name: the env and node flags of its shebang (a checkout without them gets none).
  const command = binCommand(['standalone', workerFile], { bin: join(variant.dir, 'bin', 'sqs-connect.js'), extraNodeFlags: [...nodeFlags, ...profileFlags] })
  const child = spawn(process.execPath, command.args,
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: variant.dir, env: { ...process.env, ...command.env, ...AWS_ENV } })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000) })
  try {
    await waitForLine(child, /Standalone worker started/, `sqs-connect (${variant.name})`)
    const pid = child.pid ?? 0
    const before = await sampleProcess(pid)
    const started = performance.now()
    const created = await fetch(`http://127.0.0.1:${port}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'profile',
        config: {
          'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
          'tasks.max': String(TASKS),
          'sqs.receive.concurrency': String(CONCURRENCY),
          'kafka.topic': topic,
          'sqs.url': queueUrl,
          ...variant.properties
        }
      })
    })
    if (created.status !== 201) throw new Error(`creating the connector answered ${created.status}: ${await created.text()}`)
    await untilDrained(sqs, queueUrl, child)
    const seconds = (performance.now() - started) / 1000
    return row(round, variant.name, seconds, before, await sampleProcess(pid))
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${stderr.slice(-3000)}`)
  } finally {
    await stopChild(child)
  }
}

function table (rows: readonly Row[]): string {
  return ['| round | system | messages | seconds | msg/s | CPU-s / 10k msg | peak RSS MiB |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.round} | ${r.system} | ${r.messages} | ${r.seconds} | ${r.messagesPerSecond} | ${r.cpuSecondsPer10k} | ${r.peakRssMiB} |`)].join('\n')
}

Object.assign(process.env, AWS_ENV)
// Servers left running by `npm run infra -- up` are reused (start-up takes a minute on a busy machine; start them with
// `--sqs-heap-mb 1536` for large bodies, as ElasticMQ's default heap holds only a few 64 KiB prefills); else started here.
const reused = Object.keys(await livePids(currentRunDir)).length === SERVICES.length ? await readInfraEnv() : undefined
if (reused === undefined) await provision()
const infra = reused !== undefined ? { env: reused, stop: async () => {} } : await startInfra({ sqsHeapMb: BENCH_SQS_HEAP_MB, log: (line) => console.error(line) })
const sqs = new SQSClient({ endpoint: infra.env.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
const runDir = await mkdtemp(join(tmpdir(), 'sqsc-profile-'))
if (values['cpu-prof'] !== undefined) await mkdir(values['cpu-prof'], { recursive: true })
const rows: Row[] = []
try {
  const systems: Array<() => Promise<Row>> = []
  for (let round = 1; round <= Number(values.rounds); round++) {
    const order: Array<(r: number) => Promise<Row>> = [
      ...(values['no-ceiling'] ? [] : [async (r: number) => await runCeiling(r, sqs, infra.env.sqsEndpoint)]),
      ...variants.map((v) => async (r: number) => await runConnector(r, sqs, infra.env, v, runDir))
    ]
    // Alternate the order, so warm-up and a busy neighbour do not always favour the same system.
    for (const run of round % 2 === 0 ? order.reverse() : order) systems.push(async () => await run(round))
  }
  for (const run of systems) {
    const r = await run()
    rows.push(r)
    console.error(JSON.stringify(r))
  }
} finally {
  sqs.destroy()
  await infra.stop()
}
console.log(`\n${MESSAGES} messages of ${BODY} bytes, tasks.max=${TASKS}, sqs.receive.concurrency=${CONCURRENCY} (ceiling: ${TASKS * CONCURRENCY} loops)\n\n${table(rows)}\n`)
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, messages: MESSAGES, body: BODY, tasks: TASKS, concurrency: CONCURRENCY, rows }, null, 2)}\n`)
