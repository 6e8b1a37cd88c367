/** Runs a worker in-process with JsonConverter, as a standalone worker would. */
import { after } from 'node:test'
import { builtInPlugins } from '../../../src/cli/plugins.ts'
import { createLogger } from '../../../src/runtime/logging.ts'
import { parseWorkerConfig } from '../../../src/runtime/worker-config.ts'
import { Worker } from '../../../src/runtime/worker.ts'

export async function startWorker (bootstrap: string, connectors: ReadonlyArray<Record<string, string>>, workerProps: Record<string, string> = {}): Promise<Worker> {
  const worker = new Worker({
    config: parseWorkerConfig({
      'bootstrap.servers': bootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      ...workerProps
    }),
    plugins: builtInPlugins(),
    logger: createLogger(process.env.SQS_CONNECT_LOG_LEVEL ?? 'warn')
  })
  after(async () => { await worker.stop() })
  for (const connector of connectors) await worker.startConnector(connector)
  return worker
}

/** The seed's connector config pointed at a local queue. */
export function sqsConnector (name: string, queueUrl: string, topic: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    name,
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
    'tasks.max': '1',
    'kafka.topic': topic,
    'sqs.url': queueUrl,
    ...extra
  }
}
