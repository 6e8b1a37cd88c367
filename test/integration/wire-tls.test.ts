/**
 * The wire client's own connections over TLS, without a proxy: ElasticMQ behind a TLS front (stunnel, a throwaway CA
 * trusted through NODE_EXTRA_CA_CERTS, so the worker runs as the real CLI in a child process), the queue URL on
 * https. Records arrive with their bodies intact (small and 100 KiB ones, so answers span many TLS records) and the
 * messages are deleted over the same connections.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { freePorts } from '../../infra/ports.ts'
import { createTestCa, startTlsFront, type TestCa, type TlsFront } from '../../infra/tls-front.ts'
import type { InfraEnv } from '../../infra/index.ts'
import { startStandalone } from './support/cli.ts'
import { createTopic, readRecords } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, queueCounts, sendMessages, sqsClient } from './support/sqs.ts'

const log = (line: string): void => { if (process.env.TEST_DEBUG === '1') console.error(line) }

let env: InfraEnv
let ca: TestCa
let sqsFront: TlsFront

before(async () => {
  env = await sharedServers()
  ca = await createTestCa(log)
  sqsFront = await startTlsFront({ targetPort: Number(new URL(env.sqsEndpoint).port), ca, name: 'sqs-tls-direct', log })
})

after(async () => {
  await sqsFront?.stop()
  await ca?.remove()
})

const bodyOf = (i: number): string => i % 3 === 0 ? `large-${i}:` + 'é"x'.repeat(34 * 1024) : `small-${i}`

test('over https without a proxy: every record arrives with its body and every message is deleted', async () => {
  const sqs = sqsClient(env.sqsEndpoint)
  const plainUrl = await createQueue(sqs, 'wire-tls')
  const queueUrl = plainUrl.replace(env.sqsEndpoint, sqsFront.url)
  assert.match(queueUrl, /^https:\/\/127\.0\.0\.1:\d+\//)
  const count = 30
  await sendMessages(sqs, plainUrl, count, { body: bodyOf })
  const topic = await createTopic(env.kafkaBootstrap, 'wire-tls')
  const [port] = await freePorts(1)
  const run = await startStandalone({
    'bootstrap.servers': env.kafkaBootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'offset.storage.file.filename': '/tmp/unused.offsets',
    listeners: `http://127.0.0.1:${port!}`
  }, {
    name: 'wire-tls',
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
    'tasks.max': '1',
    'kafka.topic': topic,
    'sqs.url': queueUrl,
    'sqs.waittime.seconds': '1',
    'aws.access.key.id': 'x',
    'aws.secret.key.id': 'x'
  }, { NODE_EXTRA_CA_CERTS: ca.caFile })
  try {
    const records = await readRecords(env.kafkaBootstrap, topic, count, 90_000)
    const bodies = records.map((r) => (JSON.parse(r.value?.toString('utf8') ?? '{}') as { Body: string }).Body).sort()
    assert.deepEqual(bodies, Array.from({ length: count }, (_, i) => bodyOf(i)).sort())
    let counts = await queueCounts(sqs, plainUrl)
    for (let i = 0; i < 100 && counts.visible + counts.inFlight > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      counts = await queueCounts(sqs, plainUrl)
    }
    assert.deepEqual(counts, { visible: 0, inFlight: 0, delayed: 0 }, 'every message deleted')
  } finally {
    const result = await run.stop()
    sqs.destroy()
    assert.equal(result.code, 0, run.output().slice(-2000))
  }
})
