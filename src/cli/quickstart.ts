/**
 * `npm run quickstart`: the seed's quick start on local servers. Starts Kafka and ElasticMQ, creates the
 * queues and topics, sends the two fuel reports (standard queue, then FIFO), runs the connector, prints
 * the Kafka records and shuts everything down.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs'
import { startInfra, type RunningInfra } from '../../infra/index.ts'
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import { KafkaAdmin } from '../kafka/admin.ts'
import { readTopic } from '../kafka/topic-reader.ts'
import { createLogger } from '../runtime/logging.ts'
import { parseWorkerConfig } from '../runtime/worker-config.ts'
import { Worker } from '../runtime/worker.ts'
import { builtInPlugins } from './plugins.ts'
import { formatRecord } from './quickstart/print-record.ts'
import { fifoFuelReports, fuelReports } from './quickstart/seed-messages.ts'

const STANDARD = { queue: 'sqs-source-connector-demo', topic: 'test-sqs-source', connector: 'sqs-source' }
const FIFO = { queue: 'sqs-source-connector-demo.fifo', topic: 'test-sqs-source-fifo', connector: 'sqs-source-fifo' }

/** Local servers accept any key; set dummy ones (and skip the EC2 metadata probe) unless the user has their own. */
function useLocalCredentials (region: string): void {
  process.env.AWS_ACCESS_KEY_ID ??= 'local'
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local'
  process.env.AWS_REGION ??= region
  process.env.AWS_EC2_METADATA_DISABLED ??= 'true'
}

async function prepare (infra: RunningInfra, sqs: SQSClient): Promise<{ standardUrl: string, fifoUrl: string }> {
  const admin = new KafkaAdmin([infra.env.kafkaBootstrap])
  try {
    await admin.ensureTopic({ name: STANDARD.topic })
    await admin.ensureTopic({ name: FIFO.topic })
  } finally {
    await admin.close()
  }
  const standardUrl = (await sqs.send(new CreateQueueCommand({ QueueName: STANDARD.queue }))).QueueUrl ?? ''
  const fifoUrl = (await sqs.send(new CreateQueueCommand({ QueueName: FIFO.queue, Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? ''
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: standardUrl, Entries: fuelReports() }))
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: fifoUrl, Entries: fifoFuelReports('account-fuel-reports') }))
  return { standardUrl, fifoUrl }
}

async function remaining (sqs: SQSClient, queueUrl: string): Promise<number> {
  const reply = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']
  }))
  return Object.values(reply.Attributes ?? {}).reduce((sum, v) => sum + Number(v), 0)
}

/** Runs the whole quick start and prints what a user would check with kafka-console-consumer. */
export async function runQuickstart (): Promise<void> {
  console.log('Starting local Apache Kafka and ElasticMQ (the first run downloads them from Maven Central)...')
  const infra = await startInfra()
  const logger = createLogger(process.env.SQS_CONNECT_LOG_LEVEL ?? 'warn')
  let worker: Worker | undefined
  const sqs = new SQSClient({ endpoint: infra.env.sqsEndpoint, region: infra.env.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  try {
    useLocalCredentials(infra.env.region)
    console.log(`Kafka: ${infra.env.kafkaBootstrap}   SQS: ${infra.env.sqsEndpoint}`)
    const { standardUrl, fifoUrl } = await prepare(infra, sqs)
    console.log(`Sent the seed's two fuel reports to ${standardUrl} (DelaySeconds 10, as in the seed) and to ${fifoUrl}`)
    worker = new Worker({
      config: parseWorkerConfig({
        'bootstrap.servers': infra.env.kafkaBootstrap,
        'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter'
      }),
      plugins: builtInPlugins(),
      logger
    })
    for (const [target, url] of [[STANDARD, standardUrl], [FIFO, fifoUrl]] as const) {
      const config = { 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': '1', 'kafka.topic': target.topic, 'sqs.url': url, name: target.connector }
      console.log(`Loading connector ${JSON.stringify({ name: target.connector, config })}`)
      await worker.startConnector(config)
    }
    for (const target of [STANDARD, FIFO]) {
      const records = await readTopic([infra.env.kafkaBootstrap], target.topic, { count: 2, timeoutMs: 60_000 })
      console.log(`\nTopic ${target.topic}: ${records.length} record(s)`)
      for (const record of records) console.log(formatRecord(record))
      if (records.length !== 2) throw new SqsConnectError(ErrorCodes.TASK_FAILED, `Expected 2 records in ${target.topic} within 60 s, found ${records.length}`, { subject: target.topic })
    }
    await worker.stop()
    console.log(`\nMessages left in SQS: standard ${await remaining(sqs, standardUrl)}, FIFO ${await remaining(sqs, fifoUrl)} (deleted after Kafka acknowledged them)`)
  } finally {
    await worker?.stop()
    sqs.destroy()
    await infra.stop()
  }
  console.log('Stopped Kafka and ElasticMQ. Done.')
}
