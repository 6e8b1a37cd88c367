/**
 * The seed's connector through its whole life over the Connect REST API of a real `sqs-connect standalone`,
 * on real Kafka and ElasticMQ: create, records, config/status/tasks/topics/offsets, PUT and PATCH, pause,
 * resume, restarts, stop, resume, delete; nothing is lost on the way.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { VERSION } from '../../src/connectors/sqs/version.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { startRestWorker, type RestWorker } from './support/rest.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, queueCounts, sendMessages, sqsClient } from './support/sqs.ts'

const NAME = 'sqs-source'
const TASK_CLASS = 'io.confluent.connect.sqs.source.SqsSourceTask'

interface Status { name: string, connector: { state: string, worker_id: string, version: string | null, trace?: string }, tasks: Array<{ id: number, state: string, worker_id: string, version: string | null, trace?: string }>, type: string }

/** A receive that a stopped task abandoned stays open at the server for up to sqs.waittime.seconds (1 here): let it end. */
async function settle (): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1500))
}

async function status (worker: RestWorker): Promise<Status> {
  const answer = await worker.call('GET', `/connectors/${NAME}/status`)
  assert.equal(answer.status, 200, answer.text)
  return answer.json as Status
}

async function waitForStates (worker: RestWorker, connector: string, tasks: string[]): Promise<Status> {
  let last: Status | undefined
  await waitFor(`connector ${connector} with tasks [${tasks.join(',')}]`, async () => {
    last = await status(worker)
    return last.connector.state === connector && JSON.stringify(last.tasks.map((t) => t.state)) === JSON.stringify(tasks)
  }, 60_000, 100).catch((error: Error) => { throw new Error(`${error.message}; last status ${JSON.stringify(last)}`) })
  return last!
}

test('the seed connector over REST: create, configure, pause, resume, restart, stop, resume, delete', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  // A task that stops abandons its long poll, which the server may still answer with a message; that message
  // is received again once its visibility timeout ends, so a short one keeps the test quick.
  const queueUrl = await createQueue(sqs, 'rest-life', { visibilityTimeout: 5 })
  const topicA = await createTopic(env.kafkaBootstrap, 'rest-a')
  const topicB = await createTopic(env.kafkaBootstrap, 'rest-b')
  const topicC = await createTopic(env.kafkaBootstrap, 'rest-c')
  const sent: string[] = []
  const send = async (count: number, label: string): Promise<string[]> => {
    const ids = await sendMessages(sqs, queueUrl, count, { body: (i) => `${label} ${i}` })
    sent.push(...ids)
    return ids
  }
  const worker = await startRestWorker(env.kafkaBootstrap)
  const workerId = `127.0.0.1:${new URL(worker.base).port}`

  const root = await worker.call('GET', '/')
  assert.equal(root.status, 200)
  const info = root.json as { version: string, commit: string, kafka_cluster_id: string | null }
  assert.deepEqual(Object.keys(info), ['version', 'commit', 'kafka_cluster_id'])
  assert.match(info.version, /^4\.\d+\.\d+$/)
  assert.ok(typeof info.kafka_cluster_id === 'string' && info.kafka_cluster_id.length > 0, `cluster id ${String(info.kafka_cluster_id)}`)
  assert.deepEqual((await worker.call('GET', '/health')).json, { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' })
  assert.deepEqual((await worker.call('GET', '/connectors')).json, [])

  // Create with the seed's JSON (its name, class and tasks.max), pointed at the local queue and topic.
  const first = await send(3, 'first')
  const config = { 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': '1', 'kafka.topic': topicA, 'sqs.url': queueUrl, name: NAME }
  const created = await worker.call('POST', '/connectors', { name: NAME, config })
  assert.equal(created.status, 201, created.text)
  assert.equal(created.headers.get('location'), `/connectors/${NAME}`)
  assert.equal(created.text, JSON.stringify({ name: NAME, config, tasks: [{ connector: NAME, task: 0 }], type: 'source' }))
  const running = await waitForStates(worker, 'RUNNING', ['RUNNING'])
  assert.deepEqual(running, { name: NAME, connector: { state: 'RUNNING', worker_id: workerId, version: VERSION }, tasks: [{ id: 0, state: 'RUNNING', worker_id: workerId, version: VERSION }], type: 'source' })
  assert.deepEqual((await readRecords(env.kafkaBootstrap, topicA, 3)).map((r) => keyPayload(r).MessageId).sort(), [...first].sort())

  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/config`)).json, config)
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}`)).json, { name: NAME, config, tasks: [{ connector: NAME, task: 0 }], type: 'source' })
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/tasks`)).json, [{ id: { connector: NAME, task: 0 }, config: { ...config, 'task.class': TASK_CLASS } }])
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/tasks/0/status`)).json, { id: 0, state: 'RUNNING', worker_id: workerId, version: VERSION })
  await waitFor('topic A to be tracked', async () => JSON.stringify((await worker.call('GET', `/connectors/${NAME}/topics`)).json) === JSON.stringify({ [NAME]: { topics: [topicA] } }))
  assert.equal((await worker.call('GET', `/connectors/${NAME}/offsets`)).text, '{"offsets":[]}')
  const expanded = (await worker.call('GET', '/connectors?expand=status&expand=info')).json as Record<string, { status: Status, info: unknown }>
  assert.deepEqual(Object.keys(expanded), [NAME])
  assert.equal(expanded[NAME]!.status.connector.state, 'RUNNING')
  assert.deepEqual(expanded[NAME]!.info, { name: NAME, config, tasks: [{ connector: NAME, task: 0 }], type: 'source' })

  // PUT replaces the config (200): records go to the new topic. A short long-poll makes pauses take effect quickly.
  const replaced = { ...config, 'kafka.topic': topicB, 'sqs.waittime.seconds': '1' }
  const put = await worker.call('PUT', `/connectors/${NAME}/config`, replaced)
  assert.equal(put.status, 200, put.text)
  assert.deepEqual((put.json as { config: unknown }).config, replaced)
  await waitForStates(worker, 'RUNNING', ['RUNNING'])
  const second = await send(2, 'second')
  assert.deepEqual((await readRecords(env.kafkaBootstrap, topicB, 2)).map((r) => keyPayload(r).MessageId).sort(), [...second].sort())

  // PATCH merges: a null deletes tasks.max (default 1), kafka.topic changes to C.
  const patched = await worker.call('PATCH', `/connectors/${NAME}/config`, { 'kafka.topic': topicC, 'tasks.max': null })
  assert.equal(patched.status, 200, patched.text)
  const patchedConfig = { ...replaced, 'kafka.topic': topicC } as Record<string, string>
  delete patchedConfig['tasks.max']
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/config`)).json, patchedConfig)
  await settle()
  const third = await send(1, 'third')
  assert.deepEqual((await readRecords(env.kafkaBootstrap, topicC, 1)).map((r) => keyPayload(r).MessageId), third)
  await waitFor('topics A, B and C to be tracked', async () =>
    JSON.stringify((await worker.call('GET', `/connectors/${NAME}/topics`)).json) === JSON.stringify({ [NAME]: { topics: [topicA, topicB, topicC].sort() } }))

  // Pause: no more receives; what was received before is in Kafka and deleted from the queue.
  const pause = await worker.call('PUT', `/connectors/${NAME}/pause`)
  assert.equal(pause.status, 202)
  assert.equal(pause.text, '')
  await waitForStates(worker, 'PAUSED', ['PAUSED'])
  await waitFor('the queue to be empty after the pause', async () => await messagesInQueue(sqs, queueUrl) === 0)
  const whilePaused = await send(3, 'paused')
  await new Promise((resolve) => setTimeout(resolve, 3000))
  assert.deepEqual(await queueCounts(sqs, queueUrl), { visible: 3, inFlight: 0, delayed: 0 }, 'messages sent while paused stay in the queue, unreceived')
  assert.equal((await worker.call('PUT', `/connectors/${NAME}/pause`)).status, 202, 'pause is idempotent')

  const resume = await worker.call('PUT', `/connectors/${NAME}/resume`)
  assert.equal(resume.status, 202)
  await waitForStates(worker, 'RUNNING', ['RUNNING'])
  const inC = await readRecords(env.kafkaBootstrap, topicC, 4)
  assert.deepEqual(inC.map((r) => keyPayload(r).MessageId).sort(), [...third, ...whilePaused].sort())

  // Restarts: the connector alone (204), connector and tasks (202, RESTARTING shown), only failed ones (nothing is failed).
  const plain = await worker.call('POST', `/connectors/${NAME}/restart`)
  assert.equal(plain.status, 204)
  assert.equal(plain.text, '')
  const all = await worker.call('POST', `/connectors/${NAME}/restart?includeTasks=true`)
  assert.equal(all.status, 202)
  assert.deepEqual(all.json, { name: NAME, connector: { state: 'RESTARTING', worker_id: workerId, version: VERSION }, tasks: [{ id: 0, state: 'RESTARTING', worker_id: workerId, version: VERSION }], type: 'source' })
  await waitForStates(worker, 'RUNNING', ['RUNNING'])
  const onlyFailed = await worker.call('POST', `/connectors/${NAME}/restart?includeTasks=true&onlyFailed=true`)
  assert.equal(onlyFailed.status, 202)
  assert.deepEqual(onlyFailed.json, { name: NAME, connector: { state: 'RUNNING', worker_id: workerId, version: VERSION }, tasks: [{ id: 0, state: 'RUNNING', worker_id: workerId, version: VERSION }], type: 'source' })
  const taskRestart = await worker.call('POST', `/connectors/${NAME}/tasks/0/restart`)
  assert.equal(taskRestart.status, 204)
  await waitForStates(worker, 'RUNNING', ['RUNNING'])
  await settle()
  const afterRestarts = await send(2, 'restarted')
  const inC2 = await readRecords(env.kafkaBootstrap, topicC, 6)
  assert.deepEqual(inC2.slice(4).map((r) => keyPayload(r).MessageId).sort(), [...afterRestarts].sort())

  // Offsets may only change on a STOPPED connector.
  const early = await worker.call('DELETE', `/connectors/${NAME}/offsets`)
  assert.equal(early.status, 400)
  assert.equal(early.text, JSON.stringify({ error_code: 400, message: `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${NAME}/stop' endpoint` }))

  // Stop: STOPPED, no tasks at all; messages wait in the queue.
  const stop = await worker.call('PUT', `/connectors/${NAME}/stop`)
  assert.equal(stop.status, 204)
  assert.deepEqual(await status(worker), { name: NAME, connector: { state: 'STOPPED', worker_id: workerId, version: VERSION }, tasks: [], type: 'source' })
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}`)).json, { name: NAME, config: patchedConfig, tasks: [], type: 'source' })
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/tasks`)).json, [])
  const altered = await worker.call('PATCH', `/connectors/${NAME}/offsets`, { offsets: [{ partition: { QueueUrl: queueUrl }, offset: null }] })
  assert.equal(altered.status, 200, altered.text)
  assert.match((altered.json as { message: string }).message, /^The Connect framework-managed offsets for this connector have been altered successfully\./)
  const reset = await worker.call('DELETE', `/connectors/${NAME}/offsets`)
  assert.equal(reset.status, 200, reset.text)
  assert.match((reset.json as { message: string }).message, /have been reset successfully\. However, if this connector manages offsets externally, they will need to be manually reset/)
  await settle()
  const whileStopped = await send(2, 'stopped')
  await new Promise((resolve) => setTimeout(resolve, 1500))
  assert.equal((await queueCounts(sqs, queueUrl)).visible, 2, 'a stopped connector receives nothing')

  // Resume starts it again, with tasks.
  assert.equal((await worker.call('PUT', `/connectors/${NAME}/resume`)).status, 202)
  await waitForStates(worker, 'RUNNING', ['RUNNING'])
  const inC3 = await readRecords(env.kafkaBootstrap, topicC, 8)
  assert.deepEqual(inC3.slice(6).map((r) => keyPayload(r).MessageId).sort(), [...whileStopped].sort())

  // Topic tracking reset (202): the topics list is empty until the next record.
  assert.equal((await worker.call('PUT', `/connectors/${NAME}/topics/reset`)).status, 202)
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/topics`)).json, { [NAME]: { topics: [] } })
  const afterReset = await send(1, 'after reset')
  const inC4 = await readRecords(env.kafkaBootstrap, topicC, 9)
  assert.deepEqual(inC4.slice(8).map((r) => keyPayload(r).MessageId), afterReset)
  await waitFor('topic C to be tracked again', async () =>
    JSON.stringify((await worker.call('GET', `/connectors/${NAME}/topics`)).json) === JSON.stringify({ [NAME]: { topics: [topicC] } }))

  // Delete: 204, then 404 everywhere; nothing was lost.
  const deleted = await worker.call('DELETE', `/connectors/${NAME}`)
  assert.equal(deleted.status, 204)
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}`)).json, { error_code: 404, message: `Connector ${NAME} not found` })
  assert.deepEqual((await worker.call('GET', `/connectors/${NAME}/status`)).json, { error_code: 404, message: `No status found for connector ${NAME}` })
  assert.deepEqual((await worker.call('GET', '/connectors')).json, [])
  await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 15_000)
  const everything = [
    ...await readRecords(env.kafkaBootstrap, topicA, 3), ...await readRecords(env.kafkaBootstrap, topicB, 2), ...await readRecords(env.kafkaBootstrap, topicC, 9)
  ].map((r) => keyPayload(r).MessageId)
  assert.deepEqual([...new Set(everything)].sort(), [...sent].sort(), 'every message sent is in Kafka')

  const run = await worker.cli.stop()
  assert.equal(run.code, 0, run.stderr.slice(-2000))
  sqs.destroy()
})
