/** An in-process worker whose log lines a test can read, with optional extra connector plugins and a sender hook. */
import { after } from 'node:test'
import { Writable } from 'node:stream'
import pino from 'pino'
import { builtInPlugins } from '../../../src/cli/plugins.ts'
import type { ConnectorPlugin } from '../../../src/runtime/plugins.ts'
import { parseWorkerConfig } from '../../../src/runtime/worker-config.ts'
import { Worker, type WorkerOptions } from '../../../src/runtime/worker.ts'

export interface LoggedWorker {
  readonly worker: Worker
  /** Every log line so far, parsed. */
  lines (): Array<Record<string, unknown>>
  /** All log output so far, as written. */
  text (): string
}

export interface LoggedWorkerOptions {
  readonly workerProps?: Record<string, string>
  readonly plugins?: readonly ConnectorPlugin[]
  readonly createSender?: WorkerOptions['createSender']
}

export async function startLoggedWorker (bootstrap: string, connectors: ReadonlyArray<Record<string, string>>, options: LoggedWorkerOptions = {}): Promise<LoggedWorker> {
  let text = ''
  const sink = new Writable({ write (chunk: Buffer, _encoding, done) { text += chunk.toString('utf8'); done() } })
  const plugins = builtInPlugins()
  for (const plugin of options.plugins ?? []) plugins.register(plugin)
  const worker = new Worker({
    config: parseWorkerConfig({
      'bootstrap.servers': bootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      ...options.workerProps
    }),
    plugins,
    logger: pino({ level: 'info' }, sink),
    ...(options.createSender === undefined ? {} : { createSender: options.createSender })
  })
  after(async () => { await worker.stop() })
  for (const connector of connectors) await worker.startConnector(connector)
  return {
    worker,
    text: () => text,
    lines: () => text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>)
  }
}

/** The state of task 0 of the first connector. */
export function taskState (worker: Worker): string | undefined {
  return worker.status()[0]?.tasks[0]?.state
}

export function taskTrace (worker: Worker): string {
  return worker.status()[0]?.tasks[0]?.trace ?? ''
}
