/**
 * The SQS ceiling: a bare receive + DeleteMessageBatch loop (ceiling-loop.ts) in its own Node process, at the
 * concurrency sqs-connect uses (tasks × its receives per task), writing nothing to Kafka. `ceiling` calls SQS through
 * the AWS SDK (the ceiling the targets use); `ceiling-wire` through the wire client of sqs.client=wire.
 */
import { join } from 'node:path'
import { DeliveryFileTail, type SelfReportingSystem } from './deliveries.ts'
import { startNodeProcess, STOP_GRACE_MS } from './node-process.ts'
import { RECEIVE_CONCURRENCY } from './sqs-connect.ts'
import type { BenchSystem, SystemRunOptions } from './system.ts'

function ceilingSystem (name: string, client: 'sdk' | 'wire'): BenchSystem {
  return {
    name,
    provision: async () => {},
    start: async (options: SystemRunOptions): Promise<SelfReportingSystem> => {
      const file = join(options.runDir, 'deliveries.txt')
      const tail = new DeliveryFileTail(file)
      const proc = startNodeProcess(name, options.runDir, ['--import', 'tsx', join(import.meta.dirname, 'ceiling-loop.ts'),
        options.sqsEndpoint, options.queueUrl, String(options.tasks), String(RECEIVE_CONCURRENCY), String(options.fifo), file, client])
      return {
        pids: () => (proc.pid === undefined ? [] : [proc.pid]),
        settings: {
          'SQS clients': `${options.tasks} ${client === 'wire' ? 'wire clients (one per task, keep-alive connections of their own, as sqs-connect without a proxy)' : '(one per task, keep-alive agent, 64 sockets)'}`,
          'receive loops': `${options.tasks * RECEIVE_CONCURRENCY} (${RECEIVE_CONCURRENCY} per client)`,
          ReceiveMessage: '10 messages, 20 s long poll, all attributes',
          DeleteMessageBatch: 'right after each receive, overlapping the next receive'
        },
        onDelivery: (listener) => tail.onDelivery(listener),
        stop: async () => {
          await proc.stop(STOP_GRACE_MS)
          await tail.stop()
        }
      }
    }
  }
}

export const ceiling = ceilingSystem('ceiling', 'sdk')
/** Not in the default list: `npm run bench -- --systems ceiling,ceiling-wire,...` shows the SQS limit with both clients. */
export const ceilingWire = ceilingSystem('ceiling-wire', 'wire')
