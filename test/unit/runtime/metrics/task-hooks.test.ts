/** WorkerSourceTask reports polls, acknowledgements and state changes to its TaskMetrics, and hands its plugin the metrics facade. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RecordMetadata, SourceTask, SourceTaskContext } from '../../../../src/connect/connector.ts'
import type { Converter, HeaderConverter } from '../../../../src/connect/converter.ts'
import { Schemas } from '../../../../src/connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../../../src/connect/data/source-record.ts'
import type { OutgoingRecord, WrittenRecord } from '../../../../src/kafka/producer.ts'
import { createLogger } from '../../../../src/runtime/logging.ts'
import { WorkerMetrics } from '../../../../src/runtime/metrics/worker-metrics.ts'
import { WorkerSourceTask } from '../../../../src/runtime/worker-source-task.ts'
import { parsePrometheusText, sampleValue } from '../../../integration/support/prometheus.ts'

const text: Converter = { configure () {}, fromConnectData: (_t, _s, v) => Buffer.from(String(v)) }
const header: HeaderConverter = { configure () {}, fromConnectHeader: (_t, _k, _s, v) => Buffer.from(String(v)) }

/** Hands out 3 polls of 5 records, then empty polls; counts its acknowledgements through the plugin facade. */
class CountingTask implements SourceTask {
  polls = 0
  committed = 0
  #acks: { inc (): void } | undefined
  version (): string { return 'test' }
  start (_config: Record<string, string>, context: SourceTaskContext): void {
    this.#acks = context.metrics?.counter({ name: 'test_acks_total', help: 'acknowledged records' })
  }

  async poll (): Promise<SourceRecord[]> {
    await new Promise((resolve) => setTimeout(resolve, 2))
    const n = this.polls++ < 3 ? 5 : 0
    return Array.from({ length: n }, (_, i) => sourceRecord({ sourcePartition: {}, sourceOffset: { i: `${this.polls}-${i}` }, topic: 't', keySchema: null, key: null, valueSchema: Schemas.STRING, value: 'v' }))
  }

  commitRecord (_r: SourceRecord, _m: RecordMetadata | null): void { this.committed += 1; this.#acks?.inc() }
  async commit (): Promise<void> {}
  stop (): void {}
  async close (): Promise<void> {}
}

const sender = {
  async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> { return records.map((_, i) => ({ topic: 't', partition: 0, offset: BigInt(i) })) },
  async close (): Promise<void> {}
}

test('polled, written, active and state reach the task\'s metrics; stop() removes them', async () => {
  const metrics = new WorkerMetrics({ connectors: () => [] })
  const task = new CountingTask()
  const wst = new WorkerSourceTask({
    connectorName: 'c', taskId: 2, task, config: {}, converters: { key: text, value: text, header }, sender,
    logger: createLogger('silent'), metrics: metrics.task('c', 2)
  })
  await wst.start()
  for (let i = 0; i < 500 && task.committed < 15; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  const samples = parsePrometheusText(await metrics.text())
  const of = { connector: 'c', task: '2' }
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_poll_total', of), 15)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_write_total', of), 15)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_active_count', of), 0)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_task_metrics_batch_size_max', of), 5)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_task_metrics_status', { ...of, status: 'running' }), 1)
  assert.ok(sampleValue(samples, 'kafka_connect_connector_task_metrics_running_ratio', of) > 0)
  assert.equal(sampleValue(samples, 'sqs_connect_test_acks_total', of), 15)
  await wst.stop(1000)
  assert.deepEqual(parsePrometheusText(await metrics.text()).filter((s) => s.labels.task === '2'), [])
})
