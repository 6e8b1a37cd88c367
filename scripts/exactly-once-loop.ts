/**
 * `npm run test:exactly-once`: the full exactly-once crash loops of issue 10, too long for `npm test`. Starts its own
 * Kafka and ElasticMQ, then for each variant sends 20,000 messages and kills `sqs-connect standalone` with SIGKILL at
 * least 50 times (named points of the cycle and random moments), drains the queue with a clean run, and checks with
 * Kafka's own read_committed KafkaConsumer that every message is in the topic exactly once (FIFO: each group in order).
 * Options: --count N (20000), --crashes N (50), --only standard|tasks4|fifo.
 */
import { parseArgs } from 'node:util'
import { provision, startInfra } from '../infra/index.ts'
import { runCrashLoop, type CrashLoopOptions } from '../test/integration/support/exactly-once.ts'
import { useLocalAwsEnv } from '../test/integration/support/servers.ts'

const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' }, crashes: { type: 'string', default: '50' }, only: { type: 'string' } } })
const count = Number(values.count)
const crashes = Number(values.crashes)
const variants: Array<Omit<CrashLoopOptions, 'kafkaBootstrap' | 'sqsEndpoint'> & { readonly id: string }> = [
  { id: 'standard', name: 'eos-loop', count, crashes, tasks: 1 },
  { id: 'tasks4', name: 'eos-loop-tasks4', count, crashes, tasks: 4 },
  { id: 'fifo', name: 'eos-loop-fifo', count, crashes, tasks: 2, fifoGroups: 50 }
]

useLocalAwsEnv()
await provision()
const infra = await startInfra()
let failed = false
try {
  for (const variant of variants.filter((v) => values.only === undefined || v.id === values.only)) {
    // Kills spread over most of the run: each worker life handles about count / (1.4 * crashes) messages, so the
    // queue still holds messages at the 50th kill.
    const result = await runCrashLoop({ ...variant, messagesPerLife: Math.max(1, Math.floor(count / (crashes * 1.4))), kafkaBootstrap: infra.env.kafkaBootstrap, sqsEndpoint: infra.env.sqsEndpoint, log: (line) => { console.log(`${variant.id}: ${line}`) } })
    const { report } = result
    const killed = Object.entries(result.crashes).filter(([kind]) => kind !== 'drained').reduce((sum, [, n]) => sum + n, 0)
    const ok = report.lost.length === 0 && report.duplicates === 0 && report.unexpected.length === 0 && report.outOfOrder.length === 0 &&
      report.records === variant.count && result.readersAgree && killed >= variant.crashes
    failed ||= !ok
    console.log(JSON.stringify({
      variant: variant.id, ok, tasks: variant.tasks, fifoGroups: variant.fifoGroups ?? null, sent: report.sent, records: report.records,
      lost: report.lost.length, duplicates: report.duplicates, outOfOrder: report.outOfOrder.length, kills: killed, crashes: result.crashes,
      lives: result.lives, duplicatesSkippedLines: result.duplicatesSkippedLines, readersAgree: result.readersAgree, elapsedS: Math.round(result.elapsedMs / 1000)
    }))
  }
} finally {
  await infra.stop()
}
process.exit(failed ? 1 : 0)
