/**
 * Secrets never reach a log line, an error or a validation answer. Full standalone runs at DEBUG (the most that is
 * logged) with distinctive secret values: static AWS keys, a proxy user and password (the password from a config
 * provider) through squid with basic auth, a REST basic-auth credentials file; then a failing run with a wrong
 * proxy password; then `sqs-connect validate`, whose answer is the config/validate endpoint's. Every line of output
 * is scanned for each secret, also base64-encoded (an Authorization header) and URL-encoded.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { stringify } from 'dot-properties'
import { startForwardProxy, type ForwardProxy } from '../../infra/forward-proxy.ts'
import { freePorts } from '../../infra/ports.ts'
import { createTestCa, startTlsFront, type TestCa, type TlsFront } from '../../infra/tls-front.ts'
import type { InfraEnv } from '../../infra/index.ts'
import { startCli, startStandalone, writeTempFiles } from './support/cli.ts'
import { createTopic, readRecords } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, sendMessages, sqsClient } from './support/sqs.ts'

const tag = (what: string): string => `${what}-${randomBytes(6).toString('hex')}`
const PROXY_USER = 'leak-proxy-user'
const SECRETS = {
  accessKey: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secretKey: tag('leak-aws-secret'),
  proxyPassword: tag('leak-proxy-password'),
  wrongProxyPassword: tag('leak-wrong-password'),
  basicAuthPassword: tag('leak-basic-auth')
}
const log = (line: string): void => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) console.log(`[log-secrets] ${line}`) }

/** Each secret as it could leak: as is, URL-encoded, and inside a basic-auth header. */
function leaks (output: string): string[] {
  const found: string[] = []
  for (const [name, secret] of Object.entries(SECRETS)) {
    const forms = [secret, encodeURIComponent(secret), Buffer.from(`${PROXY_USER}:${secret}`).toString('base64'), Buffer.from(`admin:${secret}`).toString('base64')]
    if (forms.some((form) => output.includes(form))) found.push(name)
  }
  return found
}

let env: InfraEnv
let ca: TestCa
let sqsFront: TlsFront
let squid: ForwardProxy
let dir: string

before(async () => {
  env = await sharedServers()
  ca = await createTestCa(log)
  sqsFront = await startTlsFront({ targetPort: Number(new URL(env.sqsEndpoint).port), ca, name: 'sqs-tls', log })
  squid = await startForwardProxy({ kind: 'squid', user: PROXY_USER, password: SECRETS.proxyPassword, connectPorts: [sqsFront.port], log })
  dir = await mkdtemp(join(tmpdir(), 'log-secrets-'))
  await writeFile(join(dir, 'secrets.properties'), `proxy.password=${SECRETS.proxyPassword}\n`)
  await writeFile(join(dir, 'rest-users.properties'), `admin=${SECRETS.basicAuthPassword}\n`)
})

after(async () => {
  await Promise.all([squid?.stop(), sqsFront?.stop()])
  await ca?.remove()
})

async function workerProps (): Promise<Record<string, string>> {
  const [port] = await freePorts(1)
  return {
    'bootstrap.servers': env.kafkaBootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': '/tmp/unused.offsets',
    listeners: `http://127.0.0.1:${port!}`,
    'sqsconnect.log.level': 'DEBUG',
    'sqsconnect.rest.basic.auth.credentials.file': join(dir, 'rest-users.properties'),
    'config.providers': 'file',
    'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.file.param.allowed.paths': dir
  }
}

function connector (name: string, queueUrl: string, topic: string, proxyPassword: string): Record<string, string> {
  return {
    name,
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
    'tasks.max': '1',
    'kafka.topic': topic,
    'sqs.url': queueUrl,
    'sqs.waittime.seconds': '1',
    'sqs.max.retries': '1',
    'aws.access.key.id': SECRETS.accessKey,
    'aws.secret.key.id': SECRETS.secretKey,
    'sqs.proxy.url': squid.url,
    'sqs.proxy.user': PROXY_USER,
    'sqs.proxy.password': proxyPassword
  }
}

test('a DEBUG run through an authenticating proxy logs no secret, and the records arrive', async () => {
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = (await createQueue(sqs, 'log-secrets')).replace(env.sqsEndpoint, sqsFront.url)
  await sendMessages(sqs, queueUrl.replace(sqsFront.url, env.sqsEndpoint), 3, { body: (i) => `secret-scan ${i}` })
  sqs.destroy()
  const topic = await createTopic(env.kafkaBootstrap, 'log-secrets')
  // DEBUG comes from the worker's sqsconnect.log.level here (the environment variable is empty).
  const run = await startStandalone(await workerProps(), connector('log-secrets', queueUrl, topic, `\${file:${join(dir, 'secrets.properties')}:proxy.password}`),
    { NODE_EXTRA_CA_CERTS: ca.caFile, SQS_CONNECT_LOG_LEVEL: '' })
  const records = await readRecords(env.kafkaBootstrap, topic, 3, 60_000)
  assert.equal(records.length, 3)
  const result = await run.stop()
  assert.equal(result.code, 0, run.output().slice(-2000))
  const output = run.output()
  assert.match(output, /"level":20/, 'the run logged at DEBUG, so the scan saw the most that is logged')
  assert.match(output, /"queueUrl":"https:\/\/127\.0\.0\.1:\d+\/[^"]+"/, 'task logs carry the queue URL')
  assert.deepEqual(leaks(output), [])
  // The scan itself finds each secret when it is there.
  assert.deepEqual(leaks(Object.values(SECRETS).join(' ')), Object.keys(SECRETS))
})

test('a run that fails on a wrong proxy password names the problem, not the password', async () => {
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = (await createQueue(sqs, 'log-secrets-fail')).replace(env.sqsEndpoint, sqsFront.url)
  sqs.destroy()
  const topic = await createTopic(env.kafkaBootstrap, 'log-secrets-fail')
  const run = await startStandalone(await workerProps(), connector('log-secrets-fail', queueUrl, topic, SECRETS.wrongProxyPassword),
    { NODE_EXTRA_CA_CERTS: ca.caFile, SQS_CONNECT_LOG_LEVEL: 'debug' })
  const output = await run.waitForOutput(/Task failed/, 90_000)
  await run.stop()
  assert.match(output, /407|[Pp]roxy/, 'the failure says the proxy refused')
  assert.deepEqual(leaks(run.output()), [])
})

test('the validation answer shows passwords as [hidden], as Connect\'s config/validate does', async () => {
  const [file] = await writeTempFiles({
    'connector.properties': stringify({ ...connector('log-secrets-validate', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', 'topic', SECRETS.proxyPassword), 'sqs.waittime.seconds': '99' })
  })
  const result = await startCli(['validate', file!], { env: { SQS_CONNECT_LOG_LEVEL: 'debug' } }).done
  assert.equal(result.code, 1, 'the config has an error, so validate exits 1')
  const infos = JSON.parse(result.stdout) as { configs: Array<{ value: { name: string, value: string | null } | null }> }
  const shown = (name: string): string | null | undefined => infos.configs.find((c) => c.value?.name === name)?.value?.value
  assert.equal(shown('aws.secret.key.id'), '[hidden]')
  assert.equal(shown('aws.access.key.id'), '[hidden]')
  assert.equal(shown('sqs.proxy.password'), '[hidden]')
  assert.equal(shown('sqs.proxy.user'), PROXY_USER)
  assert.deepEqual(leaks(result.stdout + result.stderr), [])
})

test('through the worker\'s REST API: basic auth refusals and the validate endpoint show no secret (needs the REST server in the CLI)', async () => {
  const props = await workerProps()
  const [workerFile] = await writeTempFiles({ 'worker.properties': stringify(props) })
  const run = startCli(['standalone', workerFile!], { env: { SQS_CONNECT_LOG_LEVEL: 'debug' } })
  const base = props.listeners!
  const auth = (password: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` })
  const deadline = Date.now() + 60_000
  for (;;) {
    const status = await fetch(`${base}/`, { headers: auth(SECRETS.basicAuthPassword) }).then((r) => r.status, () => 0)
    if (status === 200) break
    assert.ok(Date.now() < deadline, `the worker's REST API did not answer at ${base}:\n${run.output().slice(-2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const refused = await fetch(`${base}/connectors`, { headers: auth(SECRETS.wrongProxyPassword) })
  assert.equal(refused.status, 401)
  const refusedBody = await refused.text()
  const validate = await fetch(`${base}/connector-plugins/SqsSourceConnector/config/validate`, {
    method: 'PUT',
    headers: { ...auth(SECRETS.basicAuthPassword), 'content-type': 'application/json' },
    body: JSON.stringify({ ...connector('rest-validate', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', 'topic', SECRETS.proxyPassword), 'sqs.waittime.seconds': '99' })
  })
  assert.equal(validate.status, 200)
  const answer = await validate.text()
  assert.match(answer, /"name":"aws\.secret\.key\.id","value":"\[hidden\]"/)
  await run.stop()
  assert.deepEqual(leaks(run.output() + refusedBody + answer), [])
})
