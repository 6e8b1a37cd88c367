/** A standalone worker started through the real CLI, driven over its REST API with real HTTP. */
import { stringify } from 'dot-properties'
import { startCli, TEST_LISTENERS, writeTempFiles, type CliProcess } from './cli.ts'

export interface RestWorker {
  readonly cli: CliProcess
  /** e.g. http://127.0.0.1:40123 */
  readonly base: string
  call (method: string, path: string, body?: unknown): Promise<RestAnswer>
}

export interface RestAnswer {
  readonly status: number
  readonly text: string
  readonly headers: Headers
  /** The body parsed as JSON (undefined when empty). */
  readonly json: unknown
}

/** `sqs-connect standalone worker.properties [connector files]` with JsonConverter and REST on a free loopback port. */
export async function startRestWorker (bootstrap: string, extraWorkerProps: Record<string, string> = {}, connectorFiles: Record<string, string> = {}): Promise<RestWorker> {
  const workerProps = {
    'bootstrap.servers': bootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    listeners: TEST_LISTENERS,
    ...extraWorkerProps
  }
  const [worker, ...connectors] = await writeTempFiles({ 'worker.properties': stringify(workerProps), ...connectorFiles })
  const cli = startCli(['standalone', worker!, ...connectors])
  const output = await cli.waitForOutput(/REST API listening on (https?:\/\/[^ ,"]+)/, 60_000)
  const base = /REST API listening on (https?:\/\/[^ ,"]+)/.exec(output)![1]!
  await cli.waitForOutput(/Standalone worker started/, 60_000)
  return {
    cli,
    base,
    call: async (method, path, body) => {
      const response = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
      })
      const text = await response.text()
      return { status: response.status, text, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) as unknown }
    }
  }
}
