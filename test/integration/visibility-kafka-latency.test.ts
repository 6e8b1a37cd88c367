/**
 * Heartbeats against a Kafka made slow on the wire: a broker of this file alone whose advertised listener is a
 * toxiproxy port, so every producer connection goes through the proxy and its latency toxic. Each Kafka answer
 * takes longer than the queue's visibility timeout; with heartbeats no message is delivered twice, without them
 * (the control) SQS delivers messages again.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startInfra, type RunningInfra, type ToxiproxyProxy } from '../../infra/index.ts'
import { createTopic, keyPayload, readRecords, waitFor } from './support/kafka.ts'
import { useLocalAwsEnv } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { fileToxiproxy } from './support/toxiproxy.ts'
import { sqsConnector, startWorker } from './support/worker.ts'

const LATENCY_MS = 3000
const VISIBILITY_S = 2
const MESSAGES = 15

let infra: RunningInfra | undefined
let kafkaProxy: ToxiproxyProxy | undefined

before(async () => {
  useLocalAwsEnv()
  const toxiproxy = await fileToxiproxy()
  // The proxy's port must be known before the broker starts (it is advertised); its upstream is set once the broker runs.
  const proxy = await toxiproxy.createProxy('kafka', '127.0.0.1:9')
  infra = await startInfra({ kafkaProperties: { 'advertised.listeners': `PLAINTEXT://${proxy.listen}` } })
  const response = await fetch(`${toxiproxy.apiUrl}/proxies/kafka`, { method: 'PATCH', body: JSON.stringify({ upstream: infra.env.kafkaBootstrap }) })
  assert.equal(response.status, 200, await response.text())
  kafkaProxy = proxy
}, { timeout: 5 * 60_000 })

after(async () => { await infra?.stop() })

async function run (name: string, heartbeat: boolean): Promise<{ ids: string[], received: () => Promise<Map<string, number[]>>, sqsEndpoint: string, queueUrl: string, topic: string }> {
  const env = infra!.env
  const proxy = kafkaProxy!
  const bootstrap = proxy.listen
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, name, { visibilityTimeout: VISIBILITY_S })
  const topic = await createTopic(bootstrap, name)
  const ids = await sendMessages(sqs, queueUrl, MESSAGES, { body: (i) => `slow wire ${i}` })
  sqs.destroy()
  await proxy.addToxic({ name: 'latency', type: 'latency', attributes: { latency: LATENCY_MS, jitter: 0 } })
  const worker = await startWorker(bootstrap, [sqsConnector(name, queueUrl, topic, {
    'sqs.waittime.seconds': '1', 'sqs.visibility.heartbeat.enable': String(heartbeat)
  })])
  after(async () => { await worker.stop() })
  /** ApproximateReceiveCount of each record in Kafka, by MessageId (read once the toxic is removed). */
  const received = async (): Promise<Map<string, number[]>> => {
    const byId = new Map<string, number[]>()
    for (const record of await readRecords(env.kafkaBootstrap, topic, 10_000, 3000)) {
      const value = JSON.parse(record.value?.toString('utf8') ?? 'null') as { payload: { ApproximateReceiveCount: number } }
      const id = keyPayload(record).MessageId
      byId.set(id, [...byId.get(id) ?? [], value.payload.ApproximateReceiveCount])
    }
    return byId
  }
  return { ids, received, sqsEndpoint: env.sqsEndpoint, queueUrl, topic }
}

test(`Kafka ${LATENCY_MS} ms slow on the wire, visibility ${VISIBILITY_S} s: with heartbeats every message reaches Kafka once`, async () => {
  const { ids, received, sqsEndpoint, queueUrl } = await run('wire-heartbeat-on', true)
  const sqs = sqsClient(sqsEndpoint)
  await waitFor('every message to be delivered and deleted', async () => await messagesInQueue(sqs, queueUrl) === 0, 60_000, 500)
  sqs.destroy()
  await kafkaProxy!.removeToxic('latency')
  const byId = await received()
  assert.deepEqual([...byId.keys()].sort(), [...ids].sort())
  const twice = [...byId].filter(([, counts]) => counts.length > 1 || counts[0] !== 1)
  assert.deepEqual(twice, [], 'no message was received or written twice')
})

test('the control: the same slow Kafka without heartbeats makes SQS deliver messages again', async () => {
  const { received } = await run('wire-heartbeat-off', false)
  // Several visibility timeouts while Kafka answers slowly; then Kafka is fast again, so reading back is quick.
  await new Promise((resolve) => setTimeout(resolve, 12_000))
  await kafkaProxy!.removeToxic('latency')
  const duplicated = (byId: Map<string, number[]>): boolean => [...byId.values()].some((counts) => counts.length > 1 || counts.some((c) => c > 1))
  let byId = new Map<string, number[]>()
  await waitFor('a message received twice', async () => duplicated(byId = await received()), 20_000, 500)
  assert.ok(duplicated(byId))
})
