/**
 * The REST API against the real thing: a Kafka Connect 4.4.0 standalone worker (from Maven Central) and
 * `sqs-connect standalone` get the same sequence of calls, each with its own connector (a small test connector on
 * Connect's side, since connect-file 4.4.0 is not served here; the SQS connector on ours), and must answer with the
 * same status codes and the same JSON shapes: key sets and order, value types, state names and error codes.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startConnectWorker, type ConnectWorker } from '../../infra/connect-worker.ts'
import type { InfraEnv } from '../../infra/index.ts'
import { call, compiledCompatConnector, COMPAT_CONNECTOR, startOurWorker, waitForAnswer, type Answer } from './support/connect-compat.ts'
import { shapeDifferences, type ShapeRules } from './support/json-shape.ts'
import { createTopic } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, sqsClient } from './support/sqs.ts'

const NAME = 'compat'
const log = (line: string): void => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) console.log(`[rest-compat] ${line}`) }

/** What differs between the two sides: the connector, its plugin alias and configs. */
interface Side {
  readonly url: string
  readonly plugin: string
  readonly config: Record<string, string>
  /** A config with a missing required property and a value out of range. */
  readonly badConfig: Record<string, string>
}

interface Step {
  readonly title: string
  readonly method: string
  readonly path: string
  readonly body?: (side: Side) => unknown
  /** The status Connect answers (checked on Connect's side, then compared with ours). */
  readonly status: number
  readonly rules?: ShapeRules
  /** Waits for a state before the next step (after pause, stop ...). */
  readonly then?: { readonly state: string }
}

const STATE_RULES: ShapeRules = { exact: ['connector.state', 'tasks.*.state', 'type', 'name'], ignore: ['tasks.*.trace', 'connector.trace'] }
const INFO_RULES: ShapeRules = { maps: ['config'], exact: ['name', 'type'] }
const ERROR_RULES: ShapeRules = { exact: ['error_code'] }
/** Entries are compared pairwise (each side's keys differ), so only fields whose type never depends on the key. */
const VALIDATE_RULES: ShapeRules = {
  ignore: ['configs.*.definition.default_value', 'configs.*.definition.group', 'configs.*.definition.dependents', 'configs.*.value.value',
    'configs.*.value.errors', 'configs.*.value.recommended_values']
}

const steps: readonly Step[] = [
  { title: 'server info', method: 'GET', path: '/', status: 200 },
  { title: 'health', method: 'GET', path: '/health', status: 200, rules: { exact: ['status'] } },
  { title: 'connector plugins', method: 'GET', path: '/connector-plugins', status: 200, rules: { exact: ['*.type'] } },
  { title: 'no connectors yet', method: 'GET', path: '/connectors', status: 200, rules: { exact: [''] } },
  { title: 'create', method: 'POST', path: '/connectors', body: (s) => ({ name: NAME, config: s.config }), status: 201, rules: INFO_RULES },
  { title: 'create again', method: 'POST', path: '/connectors', body: (s) => ({ name: NAME, config: s.config }), status: 409, rules: ERROR_RULES, then: { state: 'RUNNING' } },
  { title: 'list', method: 'GET', path: '/connectors', status: 200, rules: { exact: [''] } },
  { title: 'list expanded', method: 'GET', path: '/connectors?expand=status&expand=info', status: 200, rules: { maps: ['compat.info.config'], exact: ['compat.status.connector.state', 'compat.status.tasks.*.state'] } },
  { title: 'info', method: 'GET', path: `/connectors/${NAME}`, status: 200, rules: INFO_RULES },
  { title: 'status', method: 'GET', path: `/connectors/${NAME}/status`, status: 200, rules: STATE_RULES },
  { title: 'config', method: 'GET', path: `/connectors/${NAME}/config`, status: 200, rules: { maps: [''] } },
  { title: 'replace config', method: 'PUT', path: `/connectors/${NAME}/config`, body: (s) => s.config, status: 200, rules: INFO_RULES, then: { state: 'RUNNING' } },
  { title: 'patch config', method: 'PATCH', path: `/connectors/${NAME}/config`, body: () => ({ 'tasks.max': '1' }), status: 200, rules: INFO_RULES, then: { state: 'RUNNING' } },
  { title: 'tasks', method: 'GET', path: `/connectors/${NAME}/tasks`, status: 200, rules: { maps: ['*.config'] } },
  { title: 'task status', method: 'GET', path: `/connectors/${NAME}/tasks/0/status`, status: 200, rules: { exact: ['state', 'id'] } },
  { title: 'topics', method: 'GET', path: `/connectors/${NAME}/topics`, status: 200, rules: { ignore: [`${NAME}.topics`] } },
  { title: 'offsets', method: 'GET', path: `/connectors/${NAME}/offsets`, status: 200, rules: { ignore: ['offsets'] } },
  { title: 'pause', method: 'PUT', path: `/connectors/${NAME}/pause`, status: 202, then: { state: 'PAUSED' } },
  { title: 'status paused', method: 'GET', path: `/connectors/${NAME}/status`, status: 200, rules: STATE_RULES },
  { title: 'resume', method: 'PUT', path: `/connectors/${NAME}/resume`, status: 202, then: { state: 'RUNNING' } },
  { title: 'stop', method: 'PUT', path: `/connectors/${NAME}/stop`, status: 204, then: { state: 'STOPPED' } },
  { title: 'status stopped', method: 'GET', path: `/connectors/${NAME}/status`, status: 200, rules: STATE_RULES },
  { title: 'offsets while stopped', method: 'GET', path: `/connectors/${NAME}/offsets`, status: 200, rules: { ignore: ['offsets'] } },
  { title: 'resume after stop', method: 'PUT', path: `/connectors/${NAME}/resume`, status: 202, then: { state: 'RUNNING' } },
  { title: 'restart connector', method: 'POST', path: `/connectors/${NAME}/restart`, status: 204, then: { state: 'RUNNING' } },
  { title: 'restart with tasks', method: 'POST', path: `/connectors/${NAME}/restart?includeTasks=true&onlyFailed=false`, status: 202, rules: STATE_RULES, then: { state: 'RUNNING' } },
  { title: 'restart a task', method: 'POST', path: `/connectors/${NAME}/tasks/0/restart`, status: 204, then: { state: 'RUNNING' } },
  { title: 'unknown connector', method: 'GET', path: '/connectors/nope', status: 404, rules: ERROR_RULES },
  { title: 'unknown connector status', method: 'GET', path: '/connectors/nope/status', status: 404, rules: ERROR_RULES },
  // Not compared: POST /connectors/nope/restart, which Connect 4.4.0 standalone answers with 500 (a NullPointerException
  // message) where 404 is meant; we answer 404.
  { title: 'unknown task status', method: 'GET', path: `/connectors/${NAME}/tasks/9/status`, status: 404, rules: ERROR_RULES },
  { title: 'unknown path', method: 'GET', path: '/nowhere', status: 404, rules: ERROR_RULES },
  { title: 'validate a bad config', method: 'PUT', path: '/connector-plugins/{plugin}/config/validate', body: (s) => s.badConfig, status: 200, rules: VALIDATE_RULES },
  { title: 'create with an invalid config', method: 'PUT', path: '/connectors/compat-bad/config', body: (s) => s.badConfig, status: 400, rules: ERROR_RULES },
  { title: 'loggers', method: 'GET', path: '/admin/loggers', status: 200, rules: { maps: [''] } },
  { title: 'root logger', method: 'GET', path: '/admin/loggers/root', status: 200 },
  { title: 'set a namespace level', method: 'PUT', path: '/admin/loggers/org.apache.kafka.connect.runtime', body: () => ({ level: 'DEBUG' }), status: 200 },
  { title: 'set a level cluster-wide', method: 'PUT', path: '/admin/loggers/org.apache.kafka.connect.runtime?scope=cluster', body: () => ({ level: 'INFO' }), status: 204 },
  { title: 'set a level without level', method: 'PUT', path: '/admin/loggers/root', body: () => ({}), status: 400, rules: ERROR_RULES },
  { title: 'set an invalid level', method: 'PUT', path: '/admin/loggers/root', body: () => ({ level: 'LOUD' }), status: 404, rules: { exact: ['error_code', 'message'] } },
  { title: 'unknown logger', method: 'GET', path: '/admin/loggers/no.such.logger', status: 404, rules: { exact: ['error_code', 'message'] } },
  { title: 'malformed JSON', method: 'POST', path: '/connectors', body: () => '{"name": ', status: 500, rules: ERROR_RULES },
  { title: 'wrong method', method: 'DELETE', path: '/connectors', status: 405, rules: { exact: ['error_code', 'message'] } },
  { title: 'delete', method: 'DELETE', path: `/connectors/${NAME}`, status: 204 },
  { title: 'deleted', method: 'GET', path: `/connectors/${NAME}`, status: 404, rules: ERROR_RULES }
]

/** Runs the sequence on one side; every answer by step title. */
async function runSequence (side: Side): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>()
  for (const step of steps) {
    const path = step.path.replace('{plugin}', side.plugin)
    const answer = await call(side.url, step.method, path, step.body?.(side))
    log(`${side.url} ${step.method} ${path} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`)
    answers.set(step.title, answer)
    if (step.then !== undefined) {
      const wanted = step.then.state
      await waitForAnswer(side.url, `/connectors/${NAME}/status`, (a) => {
        const body = a.body as { connector?: { state?: string }, tasks?: Array<{ state?: string }> } | null
        return body?.connector?.state === wanted && (wanted === 'STOPPED' || (body.tasks?.length ?? 0) > 0) && (body.tasks ?? []).every((t) => t.state === wanted)
      })
    }
  }
  return answers
}

let env: InfraEnv
let connect: ConnectWorker
let connectAnswers: Map<string, Answer>

describe('REST API compared with Kafka Connect 4.4.0', { timeout: 600_000 }, () => {
  before(async () => {
    env = await sharedServers()
    const classes = await compiledCompatConnector()
    connect = await startConnectWorker({ bootstrap: env.kafkaBootstrap, extraClasspath: [classes], log })
  })
  after(async () => { await connect?.stop() })

  it('Connect answers the sequence with the status codes of its reference', async () => {
    const topic = await createTopic(env.kafkaBootstrap, 'compat-connect')
    connectAnswers = await runSequence({
      url: connect.url,
      plugin: 'CompatSourceConnector',
      config: { 'connector.class': COMPAT_CONNECTOR, 'tasks.max': '1', 'compat.topic': topic, 'compat.password': 'p4ss' },
      badConfig: { 'connector.class': COMPAT_CONNECTOR, 'compat.batch': '0' }
    })
    const wrong = steps.filter((s) => connectAnswers.get(s.title)?.status !== s.status)
      .map((s) => `${s.title}: ${s.method} ${s.path} answered ${connectAnswers.get(s.title)?.status ?? '?'} ${JSON.stringify(connectAnswers.get(s.title)?.body)}, the reference says ${s.status}`)
    assert.deepEqual(wrong, [])
  })

  it('sqs-connect answers every call with Connect\'s status code and JSON shape', async (t) => {
    assert.ok(connectAnswers !== undefined, 'Connect\'s answers are needed first')
    const sqs = sqsClient(env.sqsEndpoint)
    const queueUrl = await createQueue(sqs, 'compat')
    const topic = await createTopic(env.kafkaBootstrap, 'compat-ours')
    const ours = await startOurWorker(env.kafkaBootstrap)
    t.after(async () => { await ours.cli.stop() })
    await waitForAnswer(ours.url, '/', (a) => a.status === 200, 60_000)
    const answers = await runSequence({
      url: ours.url,
      plugin: 'SqsSourceConnector',
      config: { 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': '1', 'sqs.url': queueUrl, 'kafka.topic': topic, 'sqs.waittime.seconds': '1' },
      badConfig: { 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'sqs.waittime.seconds': '99' }
    })
    const report: string[] = []
    for (const step of steps) {
      const theirs = connectAnswers.get(step.title)!
      const mine = answers.get(step.title)!
      const label = `${step.title} (${step.method} ${step.path})`
      if (theirs.status !== mine.status) report.push(`${label}: status ${mine.status}, Connect ${theirs.status}; ours: ${JSON.stringify(mine.body)?.slice(0, 200)}`)
      for (const line of shapeDifferences(theirs.body, mine.body, step.rules)) report.push(`${label}: ${line}`)
    }
    assert.equal(report.length, 0, `${report.length} difference(s) from Kafka Connect 4.4.0:\n${report.join('\n')}`)
  })
})
