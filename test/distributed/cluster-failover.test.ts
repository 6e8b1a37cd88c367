/** `npm run test:distributed`: the cluster scenario of test/integration/distributed.test.ts with 20,000 messages (issue 9). */
import { test } from 'node:test'
import { clusterScenario } from '../integration/support/cluster-scenario.ts'

test('three workers share a connector and none of 20,000 messages is lost across kill -9, a new worker and a full restart', { timeout: 1_200_000 }, async () => {
  await clusterScenario(20_000)
})
