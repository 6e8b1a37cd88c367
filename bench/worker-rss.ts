/**
 * `node --import tsx bench/worker-rss.ts [--tasks 4] [--messages 40000] [--body 1024]`: the resident memory of
 * one sqs-connect worker process (the real CLI, standalone) running N tasks while it drains a queue into Kafka,
 * sampled from /proc every 250 ms; for the sizing table of docs/deployment.md. Starts its own Kafka and ElasticMQ.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startInfra } from '../infra/index.ts'
import { startStandalone } from '../test/integration/support/cli.ts'
import { createTopic } from '../test/integration/support/kafka.ts'
import { createQueue, queueCounts, sendMessages, sqsClient } from '../test/integration/support/sqs.ts'

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '4' }, messages: { type: 'string', default: '40000' }, body: { type: 'string', default: '1024' } } })
const tasks = Number(values.tasks)
const messages = Number(values.messages)
const body = 'x'.repeat(Number(values.body))

async function rssMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

const infra = await startInfra()
try {
  const sqs = sqsClient(infra.env.sqsEndpoint)
  const queueUrl = await createQueue(sqs, 'rss')
  const topic = await createTopic(infra.env.kafkaBootstrap, 'rss', 4)
  await sendMessages(sqs, queueUrl, messages, { body: () => body }, { concurrency: 8 })
  const worker = await startStandalone({ 'bootstrap.servers': infra.env.kafkaBootstrap, 'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'offset.storage.file.filename': '/tmp/unused.offsets' }, {
    name: 'rss', 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': String(tasks), 'kafka.topic': topic,
    'sqs.url': queueUrl, 'sqs.endpoint.url': infra.env.sqsEndpoint, 'sqs.waittime.seconds': '1', 'sqs.messages.max': '10'
  }, { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: infra.env.region })
  const pid = worker.child.pid as number
  const began = Date.now()
  let idleRss = 0
  let peak = 0
  const samples: number[] = []
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const rss = await rssMiB(pid)
    samples.push(rss)
    peak = Math.max(peak, rss)
    const counts = await queueCounts(sqs, queueUrl)
    if (counts.visible + counts.inFlight === 0) break
    if (Date.now() - began > 10 * 60_000) throw new Error('queue not drained in 10 minutes')
  }
  const seconds = (Date.now() - began) / 1000
  await new Promise((resolve) => setTimeout(resolve, 5000))
  idleRss = await rssMiB(pid)
  await worker.stop(10_000)
  const sorted = [...samples].sort((a, b) => a - b)
  console.log(JSON.stringify({ tasks, messages, bodyBytes: body.length, drainSeconds: Number(seconds.toFixed(1)), rssMiB: { median: Number(sorted[Math.floor(sorted.length / 2)]?.toFixed(0)), peak: Number(peak.toFixed(0)), idleAfter: Number(idleRss.toFixed(0)) } }))
} finally {
  await infra.stop()
}
