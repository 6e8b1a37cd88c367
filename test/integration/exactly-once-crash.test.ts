/**
 * Exactly-once mode through real Kafka and ElasticMQ: a standalone worker killed with SIGKILL at each point of
 * the cycle (before produce, after the transaction commit before any delete, during deletes, and from outside),
 * then a clean run: a read_committed consumer sees every message exactly once. The short slice of
 * `npm run test:exactly-once` (scripts/exactly-once-loop.ts), which runs the full 50-crash loops.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCrashLoop, type CrashLoopOptions } from './support/exactly-once.ts'
import { sharedServers } from './support/servers.ts'

async function crashLoop (options: Omit<CrashLoopOptions, 'kafkaBootstrap' | 'sqsEndpoint'>): Promise<void> {
  const env = await sharedServers()
  const result = await runCrashLoop({ ...options, kafkaBootstrap: env.kafkaBootstrap, sqsEndpoint: env.sqsEndpoint, log: (line) => { console.log(`${options.name}: ${line}`) } })
  const { report } = result
  console.log(`${options.name}: ${JSON.stringify({ ...result, report: { sent: report.sent, records: report.records, distinct: report.distinct, lost: report.lost.length, duplicates: report.duplicates, outOfOrder: report.outOfOrder.length } })}`)
  assert.deepEqual(report.lost.slice(0, 10), [], `${report.lost.length} messages are not in Kafka`)
  assert.equal(report.duplicates, 0, 'no message twice in Kafka for a read_committed consumer')
  assert.deepEqual(report.unexpected, [])
  assert.equal(report.records, options.count)
  assert.deepEqual(report.outOfOrder, [], 'each message group in send order')
  assert.ok(result.readersAgree, `the consumer stream read ${result.streamRecords} records, the fetch loop ${report.records}`)
  const killed = Object.entries(result.crashes).filter(([kind]) => kind !== 'drained').reduce((sum, [, n]) => sum + n, 0)
  assert.ok(killed >= Math.min(options.crashes, 4), `at least one kill at each point: ${JSON.stringify(result.crashes)}`)
}

test('standard queue, tasks.max=2: 8 kill -9 over 2,000 messages, each message exactly once for read_committed', async () => {
  await crashLoop({ name: 'eos-slice', count: 2000, crashes: 8, tasks: 2 })
})
