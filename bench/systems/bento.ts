/**
 * Bento 1.20.0's aws_sqs input into its kafka_franz output (infra/bento-peer.ts); at least once: it deletes a
 * message after the output acknowledged it. Built with one line of smithy-go patched (a lost ReceiveMessage answer,
 * infra/bento-peer.ts). docs/benchmark-peers.md lists every setting and why.
 */
import { provisionBentoPeer, startBentoPeer } from '../../infra/bento-peer.ts'
import { RECEIVE_CONCURRENCY } from './sqs-connect.ts'
import type { BenchSystem, RunningSystem, SystemRunOptions } from './system.ts'

export const bentoSystem: BenchSystem = {
  name: 'bento',
  provision: async () => { await provisionBentoPeer() },
  start: async (options: SystemRunOptions): Promise<RunningSystem> => {
    // One aws_sqs input (one receive loop) per receive loop of sqs-connect: tasks × sqs.receive.concurrency.
    const peer = await startBentoPeer({ ...options, tasks: options.tasks * RECEIVE_CONCURRENCY })
    return {
      pids: () => { const pid = peer.pid(); return pid === undefined ? [] : [pid] },
      settings: peer.settings,
      stop: peer.stop
    }
  }
}
