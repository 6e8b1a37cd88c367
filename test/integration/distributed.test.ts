/**
 * Distributed mode end to end (test/integration/support/cluster-scenario.ts) with 2,000 messages: three workers
 * share a connector, kill -9 of one loses nothing, a fourth takes a share, follower writes are forwarded, a full
 * restart brings the connector back from the config topic, and Kafka Connect's own stores read our topics.
 * `npm run test:distributed` runs the same scenario with 20,000 messages.
 */
import { test } from 'node:test'
import { clusterScenario } from './support/cluster-scenario.ts'

test('three workers share a connector, lose nothing on kill -9, rebalance on a new worker and recover it from the config topic', { timeout: 600_000 }, async () => {
  await clusterScenario(2000)
})
