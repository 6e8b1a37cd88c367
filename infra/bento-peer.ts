/**
 * The Bento peer of the benchmarks: Bento 1.20.0 (MIT, module github.com/warpstreamlabs/bento) reading SQS with its
 * aws_sqs input and writing Kafka with its kafka_franz output. infra/bento-peer/ is a small Go module whose main
 * imports only the components used (go.mod and go.sum pin every module), built once with CGO off into the download
 * cache. Each run gets a config file in its run dir and an HTTP server on a free loopback port for the /ready probe.
 *
 * One line of one module is patched for the build (SMITHY_FIX below): smithy-go's request body, once closed, makes
 * Go's HTTP client close the connection while a ReceiveMessage answer is still being read; the AWS SDK then retries
 * without a word and the messages of the lost answer stay invisible until their visibility timeout (60 s here)
 * ends. ElasticMQ on loopback answers fast enough to hit that window in most 1 KiB runs; docs/benchmark-peers.md.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findGo, runGo } from './go-tool.ts'
import { installOnce } from './install-lock.ts'
import { cacheDir, projectRoot } from './paths.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { SideRun } from './side-run.ts'

export const BENTO_VERSION = '1.20.0'
const moduleDir = join(projectRoot, 'infra', 'bento-peer')
const READY_TIMEOUT_MS = 30_000
const STOP_GRACE_MS = 10_000

/**
 * The patch: `safeWriteToReadCloser.WriteTo` of a closed body returns (0, nil) instead of (0, io.EOF), which Go's
 * transport took for a failed request write and answered by closing the connection under the answer being read.
 */
const SMITHY_CLOSED_BODY = '\tif r.safeReadCloser.closed {\n\t\treturn 0, %s\n\t}\n\n\treturn r.safeReadCloser.readCloser.(io.WriterTo).WriteTo(w)'
export const SMITHY_FIX = {
  module: 'github.com/aws/smithy-go',
  version: 'v1.27.3',
  file: 'transport/http/internal/io/safe.go',
  before: SMITHY_CLOSED_BODY.replace('%s', 'io.EOF'),
  after: SMITHY_CLOSED_BODY.replace('%s', 'nil')
} as const

async function buildStamp (): Promise<string> {
  const hash = createHash('sha256')
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(await readFile(join(moduleDir, file)))
  hash.update(JSON.stringify(SMITHY_FIX))
  return hash.digest('hex').slice(0, 12)
}

let binaryOf: string | undefined

/** Builds the Bento binary once (5-15 minutes from a cold Go module cache on two cores) and returns its path. */
export async function provisionBentoPeer (): Promise<string> {
  const home = join(cacheDir, `bento-${BENTO_VERSION}-${await buildStamp()}`)
  const binary = join(home, 'bin', 'bento')
  const ensure = installOnce({
    what: `Bento ${BENTO_VERSION}`,
    lockFile: `${home}.lock`,
    waitMs: 30 * 60_000,
    installed: () => existsSync(join(home, '.complete')) && existsSync(binary),
    install: async () => { await build(home, binary) },
    result: binary
  })
  binaryOf = await ensure()
  return binaryOf
}

async function build (home: string, binary: string): Promise<void> {
  const go = await findGo('The Bento benchmark peer is built from source (its go.mod wants Go >= 1.26)')
  await rm(home, { recursive: true, force: true })
  await mkdir(join(home, 'bin'), { recursive: true })
  const env = { GOFLAGS: '-mod=readonly -buildvcs=false' }
  // The module as go.mod and go.sum pin it, from the module cache, into the build home with the one line patched.
  const downloaded = JSON.parse(await runGo(go, ['mod', 'download', '-json', `${SMITHY_FIX.module}@${SMITHY_FIX.version}`], { cwd: moduleDir, what: SMITHY_FIX.module, env })) as { Dir?: string }
  if (downloaded.Dir === undefined) throw new Error(`go mod download gave no directory for ${SMITHY_FIX.module}@${SMITHY_FIX.version}`)
  const patched = join(home, 'smithy-go')
  await cp(downloaded.Dir, patched, { recursive: true })
  // The module cache is read-only; the copy is made writable so that it can be patched, and removed on a rebuild.
  await chmod(patched, 0o755)
  for (const entry of await readdir(patched, { recursive: true, withFileTypes: true })) {
    await chmod(join(entry.path, entry.name), entry.isDirectory() ? 0o755 : 0o644)
  }
  const file = join(patched, SMITHY_FIX.file)
  const source = await readFile(file, 'utf8')
  if (!source.includes(SMITHY_FIX.before)) throw new Error(`${SMITHY_FIX.module}@${SMITHY_FIX.version}: ${SMITHY_FIX.file} does not hold the code the Bento peer's patch expects`)
  await writeFile(file, source.replace(SMITHY_FIX.before, SMITHY_FIX.after))
  // A copy of the peer's module whose go.mod points the module at the patched copy (a directory needs no go.sum line).
  const buildDir = join(home, 'src')
  await mkdir(buildDir)
  for (const name of ['main.go', 'go.sum']) await cp(join(moduleDir, name), join(buildDir, name))
  await writeFile(join(buildDir, 'go.mod'), `${await readFile(join(moduleDir, 'go.mod'), 'utf8')}\nreplace ${SMITHY_FIX.module} => ${patched}\n`)
  // -mod=readonly: go.mod and go.sum decide every version.
  await runGo(go, ['build', '-trimpath', '-o', binary, '.'], { cwd: buildDir, what: `Bento ${BENTO_VERSION}`, env })
  await writeFile(join(home, '.complete'), `github.com/warpstreamlabs/bento@v${BENTO_VERSION} built ${new Date().toISOString()}, ${SMITHY_FIX.module}@${SMITHY_FIX.version} patched (${SMITHY_FIX.file})\n`)
}

export interface BentoPeerOptions {
  readonly kafkaBootstrap: string
  readonly sqsEndpoint: string
  readonly queueUrl: string
  readonly topic: string
  /** Parallel aws_sqs inputs (broker copies), each one receive loop. */
  readonly tasks: number
  /** Holds bento.yaml and bento.log. */
  readonly runDir: string
  readonly log?: (line: string) => void
}

export interface BentoPeer {
  readonly pid: () => number | undefined
  readonly settings: Readonly<Record<string, string>>
  stop: () => Promise<void>
}

/** Every setting of the config, flat, as the docs list them (credentials left out). */
export function bentoSettings (options: Pick<BentoPeerOptions, 'tasks'>): Record<string, string> {
  return {
    'input.broker.copies': String(options.tasks),
    'input.aws_sqs.max_number_of_messages': '10',
    'input.aws_sqs.wait_time_seconds': '1',
    'input.aws_sqs.delete_message': 'true',
    'input.aws_sqs.reset_visibility': 'true',
    'input.aws_sqs.update_visibility': 'true',
    'output.kafka_franz.max_in_flight': '10',
    'output.kafka_franz.batching.count': '100',
    'output.kafka_franz.batching.period': '10ms',
    'output.kafka_franz.compression': 'none',
    'output.kafka_franz.idempotent_write': 'true',
    'output.kafka_franz.key': '(none)',
    'output.kafka_franz.metadata': '(none: no record headers)',
    'logger.level': 'WARN'
  }
}

/** The YAML config (JSON is valid YAML, so it is written as JSON). */
export function bentoConfig (options: BentoPeerOptions, httpPort: number): unknown {
  const s = bentoSettings(options)
  return {
    http: { enabled: true, address: `${LOOPBACK}:${httpPort}` },
    logger: { level: s['logger.level'], format: 'logfmt' },
    input: {
      broker: {
        copies: options.tasks,
        inputs: [{
          aws_sqs: {
            url: options.queueUrl,
            endpoint: options.sqsEndpoint,
            region: 'us-east-1',
            credentials: { id: 'local', secret: 'local' },
            max_number_of_messages: Number(s['input.aws_sqs.max_number_of_messages']),
            wait_time_seconds: Number(s['input.aws_sqs.wait_time_seconds']),
            delete_message: true,
            reset_visibility: true,
            update_visibility: true
          }
        }]
      }
    },
    output: {
      kafka_franz: {
        seed_brokers: [options.kafkaBootstrap],
        topic: options.topic,
        max_in_flight: Number(s['output.kafka_franz.max_in_flight']),
        compression: s['output.kafka_franz.compression'],
        idempotent_write: true,
        batching: { count: Number(s['output.kafka_franz.batching.count']), period: s['output.kafka_franz.batching.period'] }
      }
    }
  }
}

/** Starts Bento and resolves once its /ready endpoint says the input and the output are connected. */
export async function startBentoPeer (options: BentoPeerOptions): Promise<BentoPeer> {
  const log = options.log ?? (() => {})
  const binary = binaryOf ?? await provisionBentoPeer()
  await mkdir(options.runDir, { recursive: true })
  const [port] = await freePorts(1) as [number]
  const configFile = join(options.runDir, 'bento.yaml')
  await writeFile(configFile, `${JSON.stringify(bentoConfig(options, port), null, 2)}\n`)
  const side = await SideRun.create('bento-peer', log)
  const pidFile = join(side.dir, 'bento.pid')
  await side.track(pidFile, configFile)
  const proc = new ManagedProcess({ name: 'bento', command: binary, args: ['-c', configFile], cwd: options.runDir, logFile: join(options.runDir, 'bento.log'), pidFile })
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= proc.stop(STOP_GRACE_MS).then(async () => { await side.remove() })
    await stopping
  }
  proc.start()
  try {
    await waitUntilReady(proc, async () => (await fetch(`http://${LOOPBACK}:${port}/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
      { timeoutMs: READY_TIMEOUT_MS, log })
  } catch (error) {
    await stop()
    throw error
  }
  log(`bento peer ready with ${options.tasks} input(s), http on ${LOOPBACK}:${port}`)
  return { pid: () => proc.pid, settings: { 'bento.version': BENTO_VERSION, 'bento.build.patch': `${SMITHY_FIX.module}@${SMITHY_FIX.version} ${SMITHY_FIX.file}: a closed body's WriteTo returns 0, nil (docs/benchmark-peers.md)`, ...bentoSettings(options), 'http.address': '127.0.0.1:<free port> (for /ready)' }, stop }
}
