/**
 * The two sides of the REST comparison: a real Kafka Connect 4.4.0 worker running a small test connector
 * (test/java/CompatSourceConnector.java, compiled here) and `sqs-connect standalone` with its REST API.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'dot-properties'
import { ensureMavenLib } from '../../../infra/maven.ts'
import { compiledJava } from './java-compile.ts'
import { freePorts } from '../../../infra/ports.ts'
import { startCli, writeTempFiles, type CliProcess } from './cli.ts'

export const COMPAT_CONNECTOR = 'local.sqsconnect.compat.CompatSourceConnector'

/** Compiles the test connector once per version of its source; returns the classes folder (with its service file). */
export async function compiledCompatConnector (): Promise<string> {
  const service = join('META-INF', 'services', 'org.apache.kafka.connect.source.SourceConnector')
  return await compiledJava({
    name: 'compat-connector',
    sources: ['CompatSourceConnector.java'],
    lib: await ensureMavenLib('connect-worker'),
    marker: service,
    prepare: async (dir) => {
      await mkdir(join(dir, 'META-INF', 'services'), { recursive: true })
      await writeFile(join(dir, service), `${COMPAT_CONNECTOR}\n`)
    }
  })
}

export interface Answer {
  readonly status: number
  /** Parsed JSON, or the text when the body is not JSON, or null when empty. */
  readonly body: unknown
  readonly contentType: string | null
}

/** One HTTP call; JSON bodies are sent as they are given (a string is sent raw, for malformed JSON). */
export async function call (base: string, method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...(init.headers as Record<string, string> | undefined) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    signal: AbortSignal.timeout(95_000)
  })
  const text = await response.text()
  let parsed: unknown = text === '' ? null : text
  try { parsed = text === '' ? null : JSON.parse(text) } catch { /* not JSON: keep the text */ }
  return { status: response.status, body: parsed, contentType: response.headers.get('content-type') }
}

/** Polls until `check` holds for the answer of GET `path`; returns the last answer. */
export async function waitForAnswer (base: string, path: string, check: (a: Answer) => boolean, timeoutMs = 60_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs
  let last: Answer | undefined
  for (;;) {
    last = await call(base, 'GET', path).catch(() => undefined)
    if (last !== undefined && check(last)) return last
    if (Date.now() > deadline) throw new Error(`GET ${base}${path} did not reach the expected answer within ${timeoutMs} ms; last: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export interface OurWorker {
  readonly url: string
  readonly cli: CliProcess
}

/** `sqs-connect standalone` with no connector file and its REST API on a free loopback port. */
export async function startOurWorker (bootstrap: string, extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}, protocol = 'http'): Promise<OurWorker> {
  const [port] = await freePorts(1)
  const url = `${protocol}://127.0.0.1:${port!}`
  const [workerFile] = await writeTempFiles({
    'worker.properties': stringify({
      'bootstrap.servers': bootstrap,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.storage.file.filename': '/tmp/unused.offsets',
      listeners: url,
      ...extra
    })
  })
  const cli = startCli(['standalone', workerFile!], { env })
  return { url, cli }
}
