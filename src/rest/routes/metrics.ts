/** `GET /metrics`: the worker's metrics in Prometheus' text format (docs/metrics.md). */
import { PROMETHEUS_CONTENT_TYPE } from '../../runtime/metrics/worker-metrics.ts'
import type { RouteRegistration } from '../rest-server.ts'

/** The metrics route, answering with what `render` (e.g. Worker.metricsText) gives at each scrape. */
export function metricsRoutes (render: () => Promise<string>): RouteRegistration {
  return (app) => {
    app.get('/metrics', async (_request, reply) => {
      const text = await render()
      await reply.code(200).header('content-type', PROMETHEUS_CONTENT_TYPE).send(text)
    })
  }
}
