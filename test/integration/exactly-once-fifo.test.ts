/**
 * Exactly-once mode on a FIFO queue: a standalone worker killed with SIGKILL at each point of the cycle, then a
 * clean run: a read_committed consumer sees every message exactly once, each message group in send order.
 */
import { test } from 'node:test'
import { assertExactlyOnce } from './support/exactly-once.ts'

test('FIFO queue, tasks.max=2: 4 kill -9 over 600 messages in 10 groups, exactly once and each group in order', async () => {
  await assertExactlyOnce({ name: 'eos-slice-fifo', count: 600, crashes: 4, tasks: 2, fifoGroups: 10 })
})
