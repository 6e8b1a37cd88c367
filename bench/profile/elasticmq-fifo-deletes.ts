/**
 * Why the Camel peer stalls on the FIFO row (docs/benchmark-peers.md): how long DeleteMessage takes on an ElasticMQ
 * FIFO queue while every message group has messages in flight, (1) with no receive outstanding, (2) while loops of
 * short polls run, (3) while loops of long polls run; and ElasticMQ's CPU while only those receives run. Starts its
 * own Kafka and ElasticMQ; takes about a minute and a half.
 * Usage: node --import tsx bench/profile/elasticmq-fifo-deletes.ts [LOOPS=16] [ROUNDS=2] [MESSAGES=10000]
 * MESSAGES=1000 is the control: the ten held of each group are the whole queue, nothing visible waits behind them.
 */
import { randomUUID } from 'node:crypto'
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { startInfra } from '../../infra/index.ts'
import { prefill } from '../compare/queues.ts'
import { sampleProcess } from './proc-stats.ts'

const loops = Number(process.argv[2] ?? '16')
const rounds = Number(process.argv[3] ?? '2')
const GROUPS = 100
const MESSAGES = Number(process.argv[4] ?? '10000')
const DELETES_PER_PHASE = 20
const IDLE_MS = 3000

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`)
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

const infra = await startInfra({ sqsHeapMb: 1536, log })
try {
  const sqs = new SQSClient({ endpoint: infra.env.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  // A long visibility timeout, so that nothing held comes back while the phases run.
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `fifo-deletes-${randomUUID().slice(0, 8)}.fifo`, Attributes: { FifoQueue: 'true', VisibilityTimeout: '900' } }))
  const queueUrl = created.QueueUrl ?? ''
  await prefill(sqs, queueUrl, { bodyBytes: 1024, fifo: true, groups: GROUPS }, MESSAGES)

  // Receive until every group is blocked. Keep each reply's first message (its group's oldest in flight) undeleted,
  // so deleting the others unblocks no group.
  const deletable: string[] = []
  const groups = new Set<string>()
  for (let receives = 0; ; receives++) {
    const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['MessageGroupId'] }))
    const messages = reply.Messages ?? []
    if (messages.length === 0) {
      log(`${receives} receives hold ${groups.size} of ${GROUPS} groups; every group is blocked`)
      break
    }
    const inReply = new Set(messages.map((m) => m.Attributes?.MessageGroupId ?? '?'))
    if (inReply.size !== 1) log(`a reply mixed ${inReply.size} groups`)
    for (const group of inReply) groups.add(group)
    for (const m of messages.slice(1)) deletable.push(m.ReceiptHandle ?? '')
  }

  const cpuPercent = async (ms: number): Promise<string> => {
    const pid = infra.sqs.pid
    if (pid === undefined) return '?'
    const before = await sampleProcess(pid)
    const began = performance.now()
    await sleep(ms)
    const after = await sampleProcess(pid)
    return `${Math.round((after.cpuSeconds - before.cpuSeconds) / ((performance.now() - began) / 1000) * 100)} %`
  }
  const timeDeletes = async (count: number): Promise<string> => {
    const ms: number[] = []
    for (let i = 0; i < count; i++) {
      const began = performance.now()
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: deletable.shift() }))
      ms.push(performance.now() - began)
    }
    ms.sort((a, b) => a - b)
    const at = (q: number): string => (ms[Math.min(ms.length - 1, Math.floor(ms.length * q))] ?? 0).toFixed(0)
    return `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`
  }
  const receiveLoops = (waitSeconds: number, pauseMs: number) => (stopped: () => boolean) => Promise.all(Array.from({ length: loops }, async () => {
    let got = 0
    while (!stopped()) {
      const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }))
      got += reply.Messages?.length ?? 0
      if (pauseMs > 0) await sleep(pauseMs)
    }
    return got
  })).then((counts) => counts.reduce((a, b) => a + b, 0))
  const phases: Array<[string, (stopped: () => boolean) => Promise<number>]> = [
    ['no receive outstanding', async () => 0],
    [`${loops} loops of short polls (WaitTimeSeconds=0, 10 ms apart)`, receiveLoops(0, 10)],
    [`${loops} loops of long polls (WaitTimeSeconds=1)`, receiveLoops(1, 0)]
  ]
  for (let round = 1; round <= rounds; round++) {
    for (const [label, load] of phases) {
      let stop = false
      const running = load(() => stop)
      await sleep(500)
      const cpu = await cpuPercent(IDLE_MS)
      const deletes = await timeDeletes(DELETES_PER_PHASE)
      stop = true
      const received = await running
      log(`round ${round}, ${label}: ElasticMQ CPU ${cpu} (receives only); ${DELETES_PER_PHASE} DeleteMessage ${deletes}; receives got ${received} messages`)
    }
  }
} finally {
  await infra.stop()
}
