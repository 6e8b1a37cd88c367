import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasCode, ErrorCodes } from '../../../../src/errors.ts'
import { WorkerBufferBudget } from '../../../../src/runtime/buffer-budget.ts'
import { connectMetricName } from '../../../../src/runtime/metrics/collected.ts'
import { WorkerMetrics, type ConnectorView } from '../../../../src/runtime/metrics/worker-metrics.ts'
import { parsePrometheusText, sampleValue } from '../../../integration/support/prometheus.ts'

test('Connect\'s MBean names map to the JMX exporter\'s Prometheus names', () => {
  assert.equal(connectMetricName('source-task-metrics', 'source-record-poll-total'), 'kafka_connect_source_task_metrics_source_record_poll_total')
  assert.equal(connectMetricName('connect-worker-metrics', 'connector-startup-success-percentage'), 'kafka_connect_connect_worker_metrics_connector_startup_success_percentage')
  assert.equal(connectMetricName('task-error-metrics', 'deadletterqueue-produce-requests'), 'kafka_connect_task_error_metrics_deadletterqueue_produce_requests')
})

function workerWith (connectors: ConnectorView[]): WorkerMetrics {
  return new WorkerMetrics({ connectors: () => connectors, workerId: 'w1:8083', commitId: 'abc' })
}

test('task metrics are published per connector and task with Connect\'s names', async () => {
  const metrics = workerWith([{ name: 'orders', state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }, { id: 1, state: 'FAILED' }] }])
  const t0 = metrics.task('orders', 0)
  const t1 = metrics.task('orders', 1)
  t0.stateChanged('RUNNING')
  t0.polled(10, 40)
  t0.polled(4, 20)
  t0.written(9)
  t0.dropped(2)
  t1.stateChanged('FAILED')
  t1.errors.recordError()
  t1.errors.recordSkipped()
  t1.errors.dlqProduceRequest()
  t1.errors.errorTimestamp()
  const samples = parsePrometheusText(await metrics.text())
  const of0 = { connector: 'orders', task: '0' }
  const of1 = { connector: 'orders', task: '1' }
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_poll_total', of0), 14)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_write_total', of0), 9)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_active_count', of0), 3)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_active_count_max', of0), 14)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_poll_batch_max_time_ms', of0), 40)
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_poll_batch_avg_time_ms', of0), 30)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_task_metrics_batch_size_avg', of0), 7)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_task_metrics_status', { ...of0, status: 'running' }), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_task_metrics_status', { ...of1, status: 'failed' }), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_task_metrics_status', { ...of1, status: 'running' }), 0)
  assert.ok(Number.isNaN(sampleValue(samples, 'kafka_connect_source_task_metrics_poll_batch_avg_time_ms', of1)), 'no poll yet: NaN, as Kafka')
  assert.equal(sampleValue(samples, 'kafka_connect_task_error_metrics_total_record_errors', of1), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_task_error_metrics_total_records_skipped', of1), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_task_error_metrics_deadletterqueue_produce_requests', of1), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_task_error_metrics_total_record_errors', of0), 0)
  assert.ok(sampleValue(samples, 'kafka_connect_task_error_metrics_last_error_timestamp', of1) > 0)
})

test('a closed task\'s series disappear, plugin series included', async () => {
  const metrics = workerWith([])
  const task = metrics.task('c', 3)
  task.plugin.counter({ name: 'things_total', help: 'things' }).inc(2)
  let samples = parsePrometheusText(await metrics.text())
  assert.equal(sampleValue(samples, 'sqs_connect_things_total', { connector: 'c', task: '3' }), 2)
  task.close()
  task.close()
  task.plugin.counter({ name: 'things_total', help: 'things' }).inc(5)
  samples = parsePrometheusText(await metrics.text())
  assert.deepEqual(samples.filter((s) => s.labels.task === '3'), [])
})

test('worker metrics: counts, start-ups and their success fraction, per-connector task states, connector info', async () => {
  const connectors: ConnectorView[] = [
    { name: 'a', state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }, { id: 1, state: 'FAILED' }, { id: 2, state: 'RUNNING' }] },
    { name: 'b', state: 'FAILED', tasks: [] }
  ]
  const metrics = workerWith(connectors)
  metrics.connectorInfo('a', { className: 'io.confluent.connect.sqs.source.SqsSourceConnector', version: '0.1.0', type: 'source' })
  await metrics.startup('connector', async () => {})
  await assert.rejects(metrics.startup('connector', async () => { throw new Error('no') }), /no/)
  await metrics.startup('connector', async () => {})
  await metrics.startup('task', async () => {})
  const samples = parsePrometheusText(await metrics.text())
  const worker = (metric: string, labels: Record<string, string> = {}): number => sampleValue(samples, `kafka_connect_connect_worker_metrics_${metric}`, labels)
  assert.equal(worker('connector_count'), 2)
  assert.equal(worker('task_count'), 3)
  assert.equal(worker('connector_startup_attempts_total'), 3)
  assert.equal(worker('connector_startup_success_total'), 2)
  assert.equal(worker('connector_startup_failure_total'), 1)
  assert.equal(worker('connector_startup_success_percentage'), 2 / 3)
  assert.equal(worker('connector_startup_failure_percentage'), 1 / 3)
  assert.equal(worker('task_startup_success_percentage'), 1)
  assert.equal(worker('connector_total_task_count', { connector: 'a' }), 3)
  assert.equal(worker('connector_running_task_count', { connector: 'a' }), 2)
  assert.equal(worker('connector_failed_task_count', { connector: 'a' }), 1)
  assert.equal(worker('connector_total_task_count', { connector: 'b' }), 0)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_metrics_status', { connector: 'b', status: 'failed' }), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_metrics_status', { connector: 'b', status: 'running' }), 0)
  assert.equal(sampleValue(samples, 'kafka_connect_connector_metrics_info', {
    connector: 'a', connector_type: 'source', connector_class: 'io.confluent.connect.sqs.source.SqsSourceConnector', connector_version: '0.1.0'
  }), 1)
  assert.equal(sampleValue(samples, 'kafka_connect_app_info', { id: 'w1:8083', commit_id: 'abc' }), 1)
  assert.ok(sampleValue(samples, 'kafka_connect_app_info_start_time_ms', { id: 'w1:8083' }) > 0)
})

test('the plugin facade prefixes names, adds connector and task labels, and keeps the plugin\'s own labels', async () => {
  const metrics = workerWith([])
  const a = metrics.task('a', 0).plugin
  const b = metrics.task('b', 1).plugin
  a.counter({ name: 'sqs_x_total', help: 'x', labelNames: ['result'] }).inc(1, { result: 'empty' })
  b.counter({ name: 'sqs_x_total', help: 'x', labelNames: ['result'] }).inc(3, { result: 'empty' })
  a.gauge({ name: 'sqs_depth', help: 'd' }).set(7)
  const h = b.histogram({ name: 'sqs_latency_seconds', help: 'l', buckets: [1, 10] })
  h.observe(0.5)
  h.observe(5)
  const samples = parsePrometheusText(await metrics.text())
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_x_total', { connector: 'a', task: '0', result: 'empty' }), 1)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_x_total', { connector: 'b', task: '1', result: 'empty' }), 3)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_depth', { connector: 'a', task: '0' }), 7)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_latency_seconds_bucket', { connector: 'b', le: '1' }), 1)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_latency_seconds_count', { connector: 'b' }), 2)
  assert.equal(sampleValue(samples, 'sqs_connect_sqs_latency_seconds_sum', { connector: 'b' }), 5.5)
})

test('the plugin facade refuses bad names, the runtime\'s labels, and a second definition that differs', () => {
  const plugin = workerWith([]).task('a', 0).plugin
  const invalid = (error: unknown): boolean => hasCode(error, ErrorCodes.METRIC_INVALID)
  assert.throws(() => plugin.counter({ name: 'Bad-Name', help: 'x' }), invalid)
  assert.throws(() => plugin.counter({ name: 'ok_total', help: 'x', labelNames: ['task'] }), (e: unknown) => invalid(e) && /label task/.test((e as Error).message))
  plugin.counter({ name: 'once_total', help: 'x' })
  assert.throws(() => plugin.gauge({ name: 'once_total', help: 'x' }), (e: unknown) => invalid(e) && /sqs_connect_once_total is already defined as a counter/.test((e as Error).message))
  assert.throws(() => plugin.counter({ name: 'once_total', help: 'x', labelNames: ['kind'] }), invalid)
})

test('a second metrics object for the same connector and task replaces the first (a restart), without mixing counts', async () => {
  const metrics = workerWith([])
  const first = metrics.task('c', 0)
  first.polled(5, 1)
  first.plugin.counter({ name: 'n_total', help: 'n' }).inc(5)
  const second = metrics.task('c', 0)
  second.polled(2, 1)
  second.plugin.counter({ name: 'n_total', help: 'n' }).inc(2)
  assert.ok(first.closed)
  first.close()
  const samples = parsePrometheusText(await metrics.text())
  assert.equal(sampleValue(samples, 'kafka_connect_source_task_metrics_source_record_poll_total', { connector: 'c', task: '0' }), 2)
  assert.equal(sampleValue(samples, 'sqs_connect_n_total', { connector: 'c', task: '0' }), 2)
})

test('the worker\'s buffer budget: bytes held now, the most held at once, the limit, and waits', async () => {
  const budget = new WorkerBufferBudget(1000)
  const metrics = new WorkerMetrics({ connectors: () => [], buffer: budget })
  const a = budget.open()
  const b = budget.open()
  assert.ok(a.tryTake(900))
  assert.ok(b.tryTake(300))
  const waited = a.take(50)
  b.give(300)
  await waited
  const samples = parsePrometheusText(await metrics.text())
  assert.equal(sampleValue(samples, 'sqsconnect_worker_buffer_bytes', {}), 950)
  assert.equal(sampleValue(samples, 'sqsconnect_worker_buffer_peak_bytes', {}), 1200)
  assert.equal(sampleValue(samples, 'sqsconnect_worker_buffer_limit_bytes', {}), 1000)
  assert.equal(sampleValue(samples, 'sqsconnect_worker_buffer_waits_total', {}), 1)
})
