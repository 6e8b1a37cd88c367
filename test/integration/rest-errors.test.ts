/**
 * The Connect REST API's answers besides the happy path, through a real `sqs-connect standalone` on real Kafka and
 * ElasticMQ: Connect's 404/409/400/403/405 messages, initial_state, a FAILED task with its trace and the restart
 * rules for failed instances, the plugin endpoints, and a connector file loaded at start.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTopic, waitFor } from './support/kafka.ts'
import { startRestWorker, type RestWorker } from './support/rest.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, sqsClient } from './support/sqs.ts'

const CLASS = 'io.confluent.connect.sqs.source.SqsSourceConnector'
const SECRET = 'wJalrXUtnFEMI-not-a-real-secret-0123'

function connector (name: string, queueUrl: string, topic: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'connector.class': CLASS, 'tasks.max': '1', 'kafka.topic': topic, 'sqs.url': queueUrl, name, 'sqs.waittime.seconds': '1', ...extra }
}

async function expectError (worker: RestWorker, method: string, path: string, status: number, message: string | RegExp, body?: unknown): Promise<void> {
  const answer = await worker.call(method, path, body)
  assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`)
  const error = answer.json as { error_code: number, message: string }
  assert.deepEqual(Object.keys(error), ['error_code', 'message'])
  assert.equal(error.error_code, status)
  if (typeof message === 'string') assert.equal(error.message, message, `${method} ${path}`)
  else assert.match(error.message, message, `${method} ${path}`)
}

test('errors, initial states, failed tasks, plugins and a connector file, as Connect answers them', async () => {
  const env = await sharedServers()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'rest-errors')
  const topic = await createTopic(env.kafkaBootstrap, 'rest-errors')
  const fromFile = connector('from-file', queueUrl, topic)
  const worker = await startRestWorker(env.kafkaBootstrap, { 'topic.tracking.allow.reset': 'false' }, { 'from-file.json': JSON.stringify({ name: 'from-file', config: fromFile }) })

  // The connector file was started before the worker reported itself started.
  assert.deepEqual((await worker.call('GET', '/connectors')).json, ['from-file'])
  assert.deepEqual((await worker.call('GET', '/connectors/from-file/config')).json, fromFile)

  // 404s with Connect's messages.
  await expectError(worker, 'GET', '/connectors/nope', 404, 'Connector nope not found')
  await expectError(worker, 'GET', '/connectors/nope/config', 404, 'Connector nope not found')
  await expectError(worker, 'GET', '/connectors/nope/status', 404, 'No status found for connector nope')
  await expectError(worker, 'GET', '/connectors/nope/tasks', 404, 'Connector nope not found')
  await expectError(worker, 'GET', '/connectors/nope/offsets', 404, 'Connector nope not found')
  await expectError(worker, 'DELETE', '/connectors/nope', 404, 'Connector nope not found')
  await expectError(worker, 'POST', '/connectors/nope/restart', 404, 'Connector nope not found')
  await expectError(worker, 'POST', '/connectors/nope/restart?includeTasks=true', 404, 'Unknown connector: nope')
  await expectError(worker, 'PUT', '/connectors/nope/pause', 404, 'Unknown connector nope')
  await expectError(worker, 'PUT', '/connectors/nope/resume', 404, 'Unknown connector nope')
  await expectError(worker, 'PUT', '/connectors/nope/stop', 404, 'Unknown connector nope')
  await expectError(worker, 'PATCH', '/connectors/nope/config', 404, 'Connector nope not found', { 'tasks.max': '2' })
  await expectError(worker, 'GET', '/connectors/from-file/tasks/7/status', 404, 'No status found for task from-file-7')
  await expectError(worker, 'POST', '/connectors/from-file/tasks/7/restart', 404, 'Task from-file-7 not found')
  await expectError(worker, 'GET', '/connectors/from-file/tasks/x/status', 404, 'HTTP 404 Not Found')
  // Kafka 4.0 removed tasks-config (KIP-970).
  await expectError(worker, 'GET', '/connectors/from-file/tasks-config', 404, 'HTTP 404 Not Found')
  await expectError(worker, 'GET', '/nowhere', 404, 'HTTP 404 Not Found')
  await expectError(worker, 'DELETE', '/connector-plugins', 405, 'HTTP 405 Method Not Allowed')
  await expectError(worker, 'POST', '/connectors/from-file/config', 405, 'HTTP 405 Method Not Allowed', {})

  // 409 for a second connector of the same name; 400 for a name that differs from the URL's, a bad body, a bad config.
  await expectError(worker, 'POST', '/connectors', 409, 'Connector from-file already exists', { name: 'from-file', config: fromFile })
  await expectError(worker, 'PUT', '/connectors/other/config', 400, 'Connector name configuration (from-file) doesn\'t match connector name in the URL (other)', fromFile)
  await expectError(worker, 'PATCH', '/connectors/from-file/config', 400, 'Connector name configuration (other) doesn\'t match connector name in the URL (from-file)', { name: 'other' })
  await expectError(worker, 'POST', '/connectors', 500, /^Cannot parse the request body as JSON/, '{"name":')
  await expectError(worker, 'POST', '/connectors', 400, /initial_state/, { name: 'x', config: connector('x', queueUrl, topic), initial_state: 'SLEEPING' })
  const bad = { ...connector('bad', queueUrl, topic), 'sqs.waittime.seconds': '25', 'aws.secret.key.id': SECRET, 'tasks.max': null }
  const invalid = await worker.call('POST', '/connectors', { name: 'bad', config: bad })
  assert.equal(invalid.status, 400)
  assert.ok(!invalid.text.includes(SECRET), 'no secret in the answer')
  const lines = (invalid.json as { message: string }).message.split('\n')
  assert.equal(lines[0], 'Connector configuration is invalid and contains the following 3 error(s):')
  assert.deepEqual(lines.slice(1, 4).sort(), [
    'Invalid value 25 for configuration sqs.waittime.seconds: Value must be no more than 20',
    'Null value can not be supplied as the configuration value.',
    'aws.access.key.id must be set when aws.secret.key.id is set: static credentials need both the access key id and the secret access key'
  ])
  assert.equal(lines[4], 'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`')
  await expectError(worker, 'GET', '/connectors/bad', 404, 'Connector bad not found')

  // Topic tracking reset is refused by this worker's topic.tracking.allow.reset=false.
  await expectError(worker, 'PUT', '/connectors/from-file/topics/reset', 403, 'Topic tracking reset is disabled.')

  // initial_state, any case: a stopped connector has no tasks; a paused one too, until it is resumed.
  for (const [initial, state] of [['stopped', 'STOPPED'], ['Paused', 'PAUSED']] as const) {
    const name = `initial-${state.toLowerCase()}`
    const created = await worker.call('POST', '/connectors', { name, config: connector(name, queueUrl, topic), initial_state: initial })
    assert.equal(created.status, 201, created.text)
    assert.deepEqual((created.json as { tasks: unknown[] }).tasks, [])
    const status = (await worker.call('GET', `/connectors/${name}/status`)).json as { connector: { state: string }, tasks: unknown[] }
    assert.equal(status.connector.state, state)
    assert.deepEqual(status.tasks, [])
  }
  assert.equal((await worker.call('PUT', '/connectors/initial-paused/resume')).status, 202)
  await waitFor('the resumed connector to run its task', async () => {
    const status = (await worker.call('GET', '/connectors/initial-paused/status')).json as { connector: { state: string }, tasks: Array<{ state: string }> }
    return status.connector.state === 'RUNNING' && status.tasks.length === 1 && status.tasks[0]!.state === 'RUNNING'
  })

  // A task that fails (its queue does not exist) is FAILED with a trace; onlyFailed restarts it and not the connector.
  const missingQueue = `${env.sqsEndpoint}/000000000000/no-such-queue-${Date.now()}`
  assert.equal((await worker.call('PUT', '/connectors/failing/config', connector('failing', missingQueue, topic))).status, 201)
  let failed: { connector: { state: string, worker_id: string }, tasks: Array<{ id: number, state: string, worker_id: string, trace?: string }> } | undefined
  await waitFor('the task to fail', async () => {
    failed = (await worker.call('GET', '/connectors/failing/status')).json as typeof failed
    return failed?.tasks[0]?.state === 'FAILED'
  })
  assert.equal(failed!.connector.state, 'RUNNING')
  assert.match(failed!.tasks[0]!.trace ?? '', /no-such-queue[\s\S]*\n\s+at /, 'a stack trace naming the queue')
  const restart = await worker.call('POST', '/connectors/failing/restart?onlyFailed=true&includeTasks=true')
  assert.equal(restart.status, 202)
  const plan = restart.json as { connector: { state: string }, tasks: Array<{ id: number, state: string, trace?: string }> }
  assert.equal(plan.connector.state, 'RUNNING')
  assert.equal(plan.tasks[0]!.state, 'RESTARTING')
  assert.deepEqual(Object.keys(plan.tasks[0]!), ['id', 'state', 'worker_id', 'version', 'trace'])

  // Plugins: the connector, all plugins, config definitions, validation.
  const plugins = (await worker.call('GET', '/connector-plugins')).json as Array<{ class: string, type: string, version: string }>
  assert.deepEqual(plugins.map((p) => [p.class, p.type]), [[CLASS, 'source']])
  const all = (await worker.call('GET', '/connector-plugins?connectorsOnly=false')).json as Array<{ class: string, type: string }>
  assert.ok(all.some((p) => p.class === 'org.apache.kafka.connect.json.JsonConverter' && p.type === 'converter'))
  assert.ok(all.some((p) => p.class === 'org.apache.kafka.connect.storage.SimpleHeaderConverter' && p.type === 'header_converter'))
  const definitions = (await worker.call('GET', '/connector-plugins/SqsSource/config')).json as Array<{ name: string, order: number }>
  assert.ok(definitions.findIndex((d) => d.name === 'sqs.url') < definitions.findIndex((d) => d.name === 'tasks.max'), 'own keys first, then framework keys')
  assert.deepEqual(Object.keys(definitions[0]!), ['name', 'type', 'required', 'default_value', 'importance', 'documentation', 'group', 'order_in_group', 'width', 'display_name', 'dependents'])
  await expectError(worker, 'GET', '/connector-plugins/NoSuchConnector/config', 404, 'Unknown plugin NoSuchConnector.')
  const validated = await worker.call('PUT', '/connector-plugins/SqsSourceConnector/config/validate', bad)
  assert.equal(validated.status, 200)
  const infos = validated.json as { name: string, error_count: number, configs: Array<{ value: { name: string, value: string | null, errors: string[] } | null }> }
  assert.equal(infos.name, CLASS)
  assert.equal(infos.error_count, 3)
  assert.equal(infos.configs.find((c) => c.value?.name === 'aws.secret.key.id')?.value?.value, '[hidden]')
  assert.ok(!validated.text.includes(SECRET))
  await expectError(worker, 'PUT', '/connector-plugins/FileStreamSource/config/validate', 400, `Included connector type ${CLASS} does not match request type FileStreamSource`, bad)
  await expectError(worker, 'PUT', '/connector-plugins/SqsSource/config/validate', 400, /contains no connector type/, { 'kafka.topic': topic })

  const run = await worker.cli.stop()
  assert.equal(run.code, 0, run.stderr.slice(-2000))
  assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), 'no secret in the logs')
  sqs.destroy()
})

test('topic tracking off: the topics endpoints answer 403', async () => {
  const env = await sharedServers()
  const worker = await startRestWorker(env.kafkaBootstrap, { 'topic.tracking.enable': 'false' })
  await expectError(worker, 'GET', '/connectors/any/topics', 403, 'Topic tracking is disabled.')
  await expectError(worker, 'PUT', '/connectors/any/topics/reset', 403, 'Topic tracking is disabled.')
  assert.equal((await worker.cli.stop()).code, 0)
})
