import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startRestServer } from '../../../src/rest/rest-server.ts'
import { metricsRoutes } from '../../../src/rest/routes/metrics.ts'
import { WorkerMetrics } from '../../../src/runtime/metrics/worker-metrics.ts'

test('GET /metrics answers with the rendered text as Prometheus text 0.0.4, fresh at each scrape', async () => {
  const metrics = new WorkerMetrics({ connectors: () => [] })
  const task = metrics.task('c', 0)
  const server = await startRestServer({ listeners: [{ protocol: 'http', host: '127.0.0.1', port: 0 }], routes: [metricsRoutes(async () => await metrics.text())] })
  try {
    const url = `${server.urls[0]!}/metrics`
    task.polled(3, 1)
    let response = await fetch(url)
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
    assert.match(await response.text(), /^kafka_connect_source_task_metrics_source_record_poll_total\{connector="c",task="0"\} 3$/m)
    task.polled(4, 1)
    response = await fetch(url)
    assert.match(await response.text(), /^kafka_connect_source_task_metrics_source_record_poll_total\{connector="c",task="0"\} 7$/m)
  } finally {
    await server.close()
  }
})
