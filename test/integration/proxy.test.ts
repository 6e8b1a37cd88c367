/**
 * sqs.proxy.*: every SQS call goes through a real forward proxy (squid, tinyproxy) with basic auth, to ElasticMQ
 * behind TLS (stunnel, a throwaway CA trusted through NODE_EXTRA_CA_CERTS). The worker runs as the real CLI in a
 * child process, since Node reads NODE_EXTRA_CA_CERTS only at start.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import { startForwardProxy, type ForwardProxy } from '../../infra/forward-proxy.ts'
import { createTestCa, startTlsFront, type TestCa, type TlsFront } from '../../infra/tls-front.ts'
import type { InfraEnv } from '../../infra/index.ts'
import { startStandalone, type CliProcess } from './support/cli.ts'
import { keyText, valuePayload } from './support/expected-records.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'

const USER = 'sqs-user'
// Characters that must survive basic auth untouched: ':' (allowed in a password), '@', '/', '%', non-ASCII.
const PASSWORD = `s3cr:t@p/%ü-${randomBytes(4).toString('hex')}`
const TINY_PASSWORD = `tiny-${randomBytes(4).toString('hex')}`
const WRONG_PASSWORD = `wrong-${randomBytes(4).toString('hex')}`
const log = (line: string): void => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) console.log(`[proxy-test] ${line}`) }

let env: InfraEnv
let ca: TestCa
let sqsFront: TlsFront
let squid: ForwardProxy
let tinyproxy: ForwardProxy
let squidFront: TlsFront

before(async () => {
  env = await sharedServers()
  ca = await createTestCa(log)
  sqsFront = await startTlsFront({ targetPort: Number(new URL(env.sqsEndpoint).port), ca, name: 'sqs-tls', log })
  squid = await startForwardProxy({ kind: 'squid', user: USER, password: PASSWORD, connectPorts: [sqsFront.port], log })
  tinyproxy = await startForwardProxy({ kind: 'tinyproxy', user: USER, password: TINY_PASSWORD, connectPorts: [sqsFront.port], log })
  squidFront = await startTlsFront({ targetPort: squid.port, ca, name: 'proxy-tls', log })
})

after(async () => {
  await Promise.all([squidFront?.stop(), squid?.stop(), tinyproxy?.stop(), sqsFront?.stop()])
  await ca?.remove()
})

interface Fixture { topic: string, httpQueueUrl: string, httpsQueueUrl: string, sent: string[] }

/** A topic and a queue with `count` messages; the queue's https URL is the same queue through the TLS front. */
async function fixture (prefix: string, count: number): Promise<Fixture> {
  const sqs = sqsClient(env.sqsEndpoint)
  try {
    const httpQueueUrl = await createQueue(sqs, prefix)
    const sent = await sendMessages(sqs, httpQueueUrl, count, { body: (i) => `${prefix} body ${i}` })
    const topic = await createTopic(env.kafkaBootstrap, prefix)
    return { topic, httpQueueUrl, httpsQueueUrl: httpQueueUrl.replace(env.sqsEndpoint, sqsFront.url), sent }
  } finally {
    sqs.destroy()
  }
}

async function queued (queueUrl: string): Promise<number> {
  const sqs = sqsClient(env.sqsEndpoint)
  try {
    return await messagesInQueue(sqs, queueUrl.replace(sqsFront.url, env.sqsEndpoint))
  } finally {
    sqs.destroy()
  }
}

function worker (name: string, queueUrl: string, topic: string, proxy: Record<string, string>): Promise<CliProcess> {
  return startStandalone({
    'bootstrap.servers': env.kafkaBootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': '/tmp/unused.offsets'
  }, {
    name,
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
    'tasks.max': '1',
    'kafka.topic': topic,
    'sqs.url': queueUrl,
    'sqs.waittime.seconds': '1',
    ...proxy
  }, { NODE_EXTRA_CA_CERTS: ca.caFile, SQS_CONNECT_LOG_LEVEL: 'info' })
}

/** The records in the topic are exactly the sent messages: exact key bytes for `queueUrl`, the bodies as sent. */
async function assertDelivered (f: Fixture, queueUrl: string, prefix: string): Promise<void> {
  const records = await readRecords(env.kafkaBootstrap, f.topic, f.sent.length, 60_000)
  assert.equal(records.length, f.sent.length, 'every message became a record')
  const byId = new Map(records.map((r) => [keyPayload(r).MessageId, r]))
  assert.deepEqual([...byId.keys()].sort(), [...f.sent].sort())
  for (const [i, id] of f.sent.entries()) {
    const record = byId.get(id)
    assert.equal(record?.key?.toString('utf8'), keyText(queueUrl, id, null))
    assert.equal(valuePayload(record?.value ?? null).Body, `${prefix} body ${i}`)
  }
  // Deletes went the same way: Kafka acknowledged, so the queue empties.
  await waitFor('the messages to be deleted', async () => await queued(f.httpQueueUrl) === 0, 30_000)
}

/** Lines of a proxy's access log that match, counted. */
async function count (proxy: ForwardProxy, pattern: RegExp): Promise<number> {
  return (await proxy.accessLog()).split('\n').filter((line) => pattern.test(line)).length
}

function assertNoSecrets (output: string): void {
  for (const secret of [PASSWORD, TINY_PASSWORD, WRONG_PASSWORD, encodeURIComponent(PASSWORD)]) {
    assert.ok(!output.includes(secret), 'a proxy password appears in the worker output')
  }
  for (const pair of [`${USER}:${PASSWORD}`, `${USER}:${WRONG_PASSWORD}`, `${USER}:${TINY_PASSWORD}`]) {
    assert.ok(!output.includes(Buffer.from(pair).toString('base64')), 'a Proxy-Authorization value appears in the worker output')
  }
}

test('through squid with basic auth to SQS behind TLS: the records arrive and squid logged the CONNECT by the user', async () => {
  const f = await fixture('proxy-squid', 5)
  const tunnels = new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT 127\\.0\\.0\\.1:${sqsFront.port} ${USER} `)
  const before = await count(squid, tunnels)
  const run = await worker('proxy-squid', f.httpsQueueUrl, f.topic, { 'sqs.proxy.url': squid.url, 'sqs.proxy.user': USER, 'sqs.proxy.password': PASSWORD })
  await assertDelivered(f, f.httpsQueueUrl, 'proxy-squid')
  // Five more seconds of 1 s long polls on the empty queue: one tunnel per call would show here.
  await new Promise((resolve) => setTimeout(resolve, 5000))
  assert.equal((await run.stop()).code, 0, run.output().slice(-2000))
  // squid writes a tunnel's line when it closes, which the worker's exit did.
  await waitFor('squid to log the tunnels', async () => await count(squid, tunnels) > before, 10_000)
  // Keep-alive: one or two tunnels carried the receives and deletes, not one tunnel per call.
  const opened = await count(squid, tunnels) - before
  assert.ok(opened <= 3, `${opened} tunnels for one task`)
  assertNoSecrets(run.output())
})

test('an https:// proxy URL: TLS to the proxy (stunnel in front of squid), then the CONNECT inside it', async () => {
  const f = await fixture('proxy-https', 3)
  const tunnels = new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT 127\\.0\\.0\\.1:${sqsFront.port} ${USER} `)
  const before = await count(squid, tunnels)
  const run = await worker('proxy-https', f.httpsQueueUrl, f.topic, { 'sqs.proxy.url': squidFront.url, 'sqs.proxy.user': USER, 'sqs.proxy.password': PASSWORD })
  await assertDelivered(f, f.httpsQueueUrl, 'proxy-https')
  assert.equal((await run.stop()).code, 0, run.output().slice(-2000))
  await waitFor('squid to log the tunnels', async () => await count(squid, tunnels) > before, 10_000)
  assertNoSecrets(run.output())
})

test('an http:// queue URL goes through the proxy too, as plain forward requests', async () => {
  const f = await fixture('proxy-plain', 3)
  const sqsPort = new URL(env.sqsEndpoint).port
  const forwarded = new RegExp(`TCP_MISS/200 \\d+ POST http://127\\.0\\.0\\.1:${sqsPort}/ ${USER} `)
  const before = await count(squid, forwarded)
  const run = await worker('proxy-plain', f.httpQueueUrl, f.topic, { 'sqs.proxy.url': squid.url, 'sqs.proxy.user': USER, 'sqs.proxy.password': PASSWORD })
  await assertDelivered(f, f.httpQueueUrl, 'proxy-plain')
  assert.equal((await run.stop()).code, 0, run.output().slice(-2000))
  await waitFor('squid to log the forwarded calls', async () => await count(squid, forwarded) > before, 10_000)
  assertNoSecrets(run.output())
})

test('negative control: with the proxy stopped nothing arrives, the messages stay, and the failure is logged', async () => {
  const gone = await startForwardProxy({ kind: 'tinyproxy', user: USER, password: TINY_PASSWORD, log })
  await gone.stop()
  const f = await fixture('proxy-down', 3)
  const run = await worker('proxy-down', f.httpsQueueUrl, f.topic, { 'sqs.proxy.url': gone.url, 'sqs.proxy.user': USER, 'sqs.proxy.password': TINY_PASSWORD })
  const output = await run.waitForOutput(/ReceiveMessage failed; retrying with backoff/, 60_000)
  assert.match(output, new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${gone.port}`))
  assert.deepEqual(await readRecords(env.kafkaBootstrap, f.topic, 1, 3000), [])
  assert.equal(await queued(f.httpQueueUrl), f.sent.length)
  assert.equal((await run.stop()).code, 0)
  assertNoSecrets(run.output())
})

for (const { kind, status } of [{ kind: 'squid', status: 407 }, { kind: 'tinyproxy', status: 401 }] as const) {
  test(`a wrong proxy password (${kind} answers ${status}) fails the task at once with SQSC_SQS_PROXY_REFUSED, password unlogged`, async () => {
    const proxy = kind === 'squid' ? squid : tinyproxy
    const f = await fixture(`proxy-refused-${kind}`, 2)
    const refusedLine = kind === 'squid'
      ? new RegExp(`TCP_DENIED/407 \\d+ CONNECT 127\\.0\\.0\\.1:${sqsFront.port} ${USER} `)
      : new RegExp(`CONNECT 127\\.0\\.0\\.1:${sqsFront.port} HTTP/1\\.1`)
    const before = await count(proxy, refusedLine)
    const started = Date.now()
    const run = await worker(`proxy-refused-${kind}`, f.httpsQueueUrl, f.topic, { 'sqs.proxy.url': proxy.url, 'sqs.proxy.user': USER, 'sqs.proxy.password': WRONG_PASSWORD })
    const output = await run.waitForOutput(/Task failed/, 30_000)
    const took = Date.now() - started
    assert.ok(took < 30_000, `failed after ${took} ms`)
    assert.match(output, /SQSC_SQS_PROXY_REFUSED/)
    assert.match(output, new RegExp(`The proxy 127\\.0\\.0\\.1:${proxy.port} \\(sqs\\.proxy\\.url\\) refused the login with HTTP ${status}: ` +
      `check sqs\\.proxy\\.user \\(\\\\"${USER}\\\\"\\) and sqs\\.proxy\\.password`))
    // No retrying: one refused CONNECT per kind of call made at start (the receive, the visibility timeout's
    // GetQueueAttributes, task 0's first queue-depth poll), and once failed, the proxy sees no further attempts.
    const attempts = await count(proxy, refusedLine) - before
    assert.ok(attempts >= 1 && attempts <= 3, `${attempts} refused CONNECTs`)
    await new Promise((resolve) => setTimeout(resolve, 3000))
    assert.equal(await count(proxy, refusedLine) - before, attempts, 'the task kept knocking after it failed')
    assert.deepEqual(await readRecords(env.kafkaBootstrap, f.topic, 1, 2000), [])
    assert.equal(await queued(f.httpQueueUrl), f.sent.length)
    // Like Connect's, a worker whose only task failed stays up (its status says why) until it is told to stop.
    assert.equal(run.child.exitCode, null, 'the worker is still running')
    assert.equal((await run.stop()).code, 0)
    assertNoSecrets(run.output())
  })
}
