/**
 * Smoke test of the benchmark peers (bench/systems/camel.ts, bench/systems/bento.ts) on the real local servers:
 * 500 messages in, the peer started for two tasks (as npm run bench starts it), every body in Kafka, the queue
 * empty, the process gone after stop(). Opt-in (`npm run test:peers`, or INFRA_PEERS=1 npm test): the peers take minutes to provision.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { bentoSystem } from '../../bench/systems/bento.ts'
import { camelSystem } from '../../bench/systems/camel.ts'
import type { BenchSystem } from '../../bench/systems/system.ts'
import { isAlive } from '../../infra/process.ts'
import { recordsInTopic, readAllRecords } from './support/delivery.ts'
import { createTopic, waitFor } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, messagesInQueue, sendMessages, sqsClient } from './support/sqs.ts'

const COUNT = 500

for (const system of [camelSystem, bentoSystem]) {
  test(`${system.name}: ${COUNT} messages reach Kafka and the queue empties`, { timeout: 30 * 60_000 }, async () => {
    await smoke(system)
  })
}

async function smoke (system: BenchSystem): Promise<void> {
  const env = await sharedServers()
  await system.provision()
  const sqs = sqsClient(env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, `peer-${system.name}`)
  const topic = await createTopic(env.kafkaBootstrap, `peer-${system.name}`, 3)
  const body = (i: number): string => `${system.name} message ${i} ${'y'.repeat(i % 300)}`
  await sendMessages(sqs, queueUrl, COUNT, { body }, { concurrency: 4 })
  const runDir = await mkdtemp(join(tmpdir(), `peer-${system.name}-`))
  const running = await system.start({ kafkaBootstrap: env.kafkaBootstrap, sqsEndpoint: env.sqsEndpoint, queueUrl, topic, fifo: false, tasks: 2, runDir })
  const pids = running.pids()
  try {
    assert.equal(pids.length, 1, 'one process to sample')
    assert.ok(isAlive(pids[0]!), 'the peer process runs')
    assert.ok(Object.keys(running.settings).length >= 8, 'the settings are listed')
    assert.ok(!JSON.stringify(running.settings).includes('"local"'), 'no credential value in the settings')
    await waitFor(`${COUNT} records in ${topic}`, async () => await recordsInTopic(env.kafkaBootstrap, topic) >= COUNT, 180_000)
    await waitFor('the queue to be empty', async () => await messagesInQueue(sqs, queueUrl) === 0, 60_000)
  } finally {
    await running.stop()
  }
  assert.ok(!isAlive(pids[0]!), 'stop() ended the process')
  const records = await readAllRecords(env.kafkaBootstrap, topic, 60_000)
  const bodies = new Set(records.map((r) => r.value?.toString('utf8')))
  const missing = Array.from({ length: COUNT }, (_, i) => body(i)).filter((b) => !bodies.has(b))
  assert.deepEqual(missing, [], 'every message body is a record value')
  sqs.destroy()
  await rm(runDir, { recursive: true, force: true })
}
