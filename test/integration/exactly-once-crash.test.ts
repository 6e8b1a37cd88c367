/**
 * Exactly-once mode through real Kafka and ElasticMQ: a standalone worker killed with SIGKILL at each point of
 * the cycle (before produce, after the transaction commit before any delete, during deletes, and from outside),
 * then a clean run: a read_committed consumer sees every message exactly once. The short slice of
 * `npm run test:exactly-once` (scripts/exactly-once-loop.ts), which runs the full 50-crash loops.
 */
import { test } from 'node:test'
import { assertExactlyOnce } from './support/exactly-once.ts'

test('standard queue, tasks.max=2: 8 kill -9 over 2,000 messages, each message exactly once for read_committed', async () => {
  await assertExactlyOnce({ name: 'eos-slice', count: 2000, crashes: 8, tasks: 2 })
})
