/** The infra tooling itself: Kafka and ElasticMQ start, answer, survive a Kafka restart, and leave nothing behind. */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { Admin, ConfigResourceTypes } from '@platformatic/kafka'
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { startInfra, type RunningInfra } from '../../infra/index.ts'

const TOPIC = 'infra-check'

/** Checked here independently of infra/process.ts: signalable and, per /proc, not a zombie. */
function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // Here PID 1 reaps orphans lazily, so a dead process can linger as a zombie: signalable, but gone.
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

async function withAdmin<T> (bootstrap: string, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin({ clientId: 'infra-test', bootstrapBrokers: [bootstrap], timeout: 10_000, retries: 3 })
  try {
    return await use(admin)
  } finally {
    await admin.close()
  }
}

async function timed (label: string, log: (line: string) => void, work: () => Promise<void>): Promise<void> {
  const began = Date.now()
  await work()
  log(`${label}: ${Date.now() - began} ms`)
}

describe('local infra (Kafka KRaft + ElasticMQ)', () => {
  let infra: RunningInfra
  const pids: number[] = []

  before(async () => {
    const began = Date.now()
    infra = await startInfra({ log: (line) => console.log(line) })
    console.log(`startInfra: ${Date.now() - began} ms`)
  })
  after(async () => { await infra?.stop() })

  test('serves only on 127.0.0.1 with the documented region and account', () => {
    assert.match(infra.env.kafkaBootstrap, /^127\.0\.0\.1:\d+$/)
    assert.match(infra.env.sqsEndpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(infra.env.region, 'us-east-1')
    assert.equal(infra.env.accountId, '000000000000')
    assert.ok(infra.kafka.pid !== undefined && infra.sqs.pid !== undefined)
  })

  test('Kafka answers: creates and lists a topic, with the broker settings the tests rely on', async () => {
    await withAdmin(infra.env.kafkaBootstrap, async (admin) => {
      await admin.createTopics({ topics: [TOPIC], partitions: 3, replicas: 1 })
      assert.ok((await admin.listTopics()).includes(TOPIC))
      const [broker] = await admin.describeConfigs({
        resources: [{ resourceType: ConfigResourceTypes.BROKER, resourceName: '1', configurationKeys: ['message.max.bytes', 'auto.create.topics.enable'] }]
      })
      const value = (name: string): string | null | undefined => broker?.configs.find((c) => c.name === name)?.value
      assert.equal(value('message.max.bytes'), '2097152')
      assert.equal(value('auto.create.topics.enable'), 'false')
    })
  })

  test('ElasticMQ answers: QueueUrl shape, send and receive', async () => {
    const sqs = new SQSClient({ endpoint: infra.env.sqsEndpoint, region: infra.env.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'infra-check' }))
      assert.equal(QueueUrl, `${infra.env.sqsEndpoint}/000000000000/infra-check`)
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }))
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }))
      assert.equal(Messages?.[0]?.Body, 'hello')
    } finally {
      sqs.destroy()
    }
  })

  test('Kafka restarts on the same port and data dir after a stop and after a SIGKILL', async (t) => {
    const log = (line: string): void => t.diagnostic(line)
    const firstPid = infra.kafka.pid
    await timed('kafka stop', log, () => infra.kafka.stop())
    assert.equal(infra.kafka.pid, undefined)
    assert.ok(firstPid !== undefined && !alive(firstPid), 'the stopped broker is gone')
    await timed('kafka start after stop', log, () => infra.kafka.start())
    await withAdmin(infra.env.kafkaBootstrap, async (admin) => {
      assert.ok((await admin.listTopics()).includes(TOPIC), 'the topic survived the restart')
    })

    const secondPid = infra.kafka.pid
    await infra.kafka.kill()
    assert.ok(secondPid !== undefined && !alive(secondPid), 'the killed broker is gone')
    await timed('kafka start after SIGKILL', log, () => infra.kafka.start())
    await withAdmin(infra.env.kafkaBootstrap, async (admin) => {
      assert.ok((await admin.listTopics()).includes(TOPIC), 'the topic survived the crash')
    })
  })

  test('stop() ends exactly its processes, removes the run dir, and is idempotent', async (t) => {
    for (const pid of [infra.kafka.pid, infra.sqs.pid]) if (pid !== undefined) pids.push(pid)
    assert.equal(pids.length, 2)
    await timed('infra stop', (line) => t.diagnostic(line), () => infra.stop())
    await infra.stop()
    for (const pid of pids) assert.ok(!alive(pid), `pid ${pid} is gone`)
    assert.equal(existsSync(infra.runDir), false)
  })
})
