/**
 * Apache Camel 4.18.0's aws2-sqs consumer as a Kafka Connect source connector on a real Kafka Connect 4.4.0 worker
 * (infra/camel-peer.ts). It deletes each SQS message after Kafka acknowledged its record, one DeleteMessage at a
 * time on the producer's thread; docs/benchmark-peers.md has every setting and why it is a fair match.
 */
import { provisionCamelPeer, startCamelPeer } from '../../infra/camel-peer.ts'
import { RECEIVE_CONCURRENCY } from './sqs-connect.ts'
import type { BenchSystem, RunningSystem, SystemRunOptions } from './system.ts'

export const camelSystem: BenchSystem = {
  name: 'camel',
  provision: async () => { await provisionCamelPeer() },
  start: async (options: SystemRunOptions): Promise<RunningSystem> => {
    // As many parallel receives per task as sqs-connect runs (sqs.receive.concurrency).
    const peer = await startCamelPeer({ ...options, receiveLoopsPerTask: RECEIVE_CONCURRENCY })
    return {
      pids: () => { const pid = peer.pid(); return pid === undefined ? [] : [pid] },
      settings: peer.settings,
      stop: peer.stop
    }
  }
}
