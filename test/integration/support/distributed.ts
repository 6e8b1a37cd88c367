/** Workers of one distributed cluster, each a real `sqs-connect distributed` process, driven over REST. */
import { randomUUID } from 'node:crypto'
import { stringify } from 'dot-properties'
import { startCli, TEST_LISTENERS, writeTempFiles, type CliProcess } from './cli.ts'

export interface ClusterWorker {
  readonly cli: CliProcess
  /** e.g. http://127.0.0.1:40123 */
  readonly base: string
  /** host:port, the worker_id in statuses. */
  readonly workerId: string
  call (method: string, path: string, body?: unknown): Promise<{ status: number, json: unknown, text: string }>
}

export interface ClusterSettings {
  readonly bootstrap: string
  readonly groupId: string
  readonly configTopic: string
  readonly offsetTopic: string
  readonly statusTopic: string
  readonly extra: Readonly<Record<string, string>>
}

/** A fresh group and fresh internal topics (replication factor 3 on purpose: lowered to the one test broker with a warning). */
export function clusterSettings (bootstrap: string, extra: Record<string, string> = {}): ClusterSettings {
  const id = randomUUID().slice(0, 8)
  return { bootstrap, groupId: `dist-${id}`, configTopic: `dist-${id}-configs`, offsetTopic: `dist-${id}-offsets`, statusTopic: `dist-${id}-status`, extra }
}

export async function startClusterWorker (s: ClusterSettings): Promise<ClusterWorker> {
  const props = {
    'bootstrap.servers': s.bootstrap,
    'group.id': s.groupId,
    'config.storage.topic': s.configTopic,
    'offset.storage.topic': s.offsetTopic,
    'status.storage.topic': s.statusTopic,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    listeners: TEST_LISTENERS,
    ...s.extra
  }
  const [file] = await writeTempFiles({ 'worker.properties': stringify(props) })
  const cli = startCli(['distributed', file!])
  const output = await cli.waitForOutput(/REST API listening on (https?:\/\/[^ ,"]+)/, 240_000)
  const base = /REST API listening on (https?:\/\/[^ ,"]+)/.exec(output)![1]!
  await cli.waitForOutput(/Distributed worker started/, 240_000)
  return {
    cli,
    base,
    workerId: new URL(base).host,
    call: async (method, path, body) => {
      const response = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      })
      const text = await response.text()
      return { status: response.status, text, json: text === '' ? undefined : JSON.parse(text) as unknown }
    }
  }
}

export interface TaskStatusAnswer { readonly id: number, readonly state: string, readonly worker_id: string }
export interface StatusAnswer { readonly connector: { readonly state: string, readonly worker_id: string }, readonly tasks: readonly TaskStatusAnswer[] }

/** The connector's status as `worker` answers it, or undefined while it has none. */
export async function statusOf (worker: ClusterWorker, connector: string): Promise<StatusAnswer | undefined> {
  const answer = await worker.call('GET', `/connectors/${connector}/status`).catch(() => undefined)
  return answer?.status === 200 ? answer.json as StatusAnswer : undefined
}

/** JSON log lines of a worker's output (pino), parsed; other lines are skipped. */
export function logLines (cli: CliProcess): Array<Record<string, unknown>> {
  return cli.output().split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return []
    try { return [JSON.parse(line) as Record<string, unknown>] } catch { return [] }
  })
}
