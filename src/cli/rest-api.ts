/** Composes the Connect REST API of a standalone worker: listeners, routes, worker_id, and GET / with the Kafka cluster id. */
import { KafkaAdmin } from '../kafka/admin.ts'
import { advertisedWorkerId } from '../rest/advertised-worker-id.ts'
import { CONNECT_VERSION } from '../rest/connect-version.ts'
import { parseListeners } from '../rest/listeners.ts'
import { startRestServer, type RestServer } from '../rest/rest-server.ts'
import { connectorPluginRoutes } from '../rest/routes/connector-plugins.ts'
import { connectorTaskRoutes } from '../rest/routes/connector-tasks.ts'
import { connectorTopicsAndOffsetsRoutes } from '../rest/routes/connector-topics-offsets.ts'
import { connectorRoutes } from '../rest/routes/connectors.ts'
import { loggersRoutes } from '../rest/routes/loggers.ts'
import { metricsRoutes } from '../rest/routes/metrics.ts'
import { restSecurityOptions } from '../rest/rest-security.ts'
import { rootRoutes, type Health } from '../rest/routes/root.ts'
import { VERSION } from '../connectors/sqs/version.ts'
import type { Herder } from '../runtime/herder/herder.ts'
import { logLevelsOf, type Logger } from '../runtime/logging.ts'
import type { PluginRegistry } from '../runtime/plugins.ts'
import { parseRestWorkerConfig } from '../runtime/rest-worker-config.ts'
import type { WorkerConfig } from '../runtime/worker-config.ts'

export interface RestApiOptions {
  readonly workerConfig: WorkerConfig
  readonly herder: Herder
  readonly plugins: PluginRegistry
  readonly logger: Logger
  /** Whether the worker finished starting (the connector files ran): /health answers 503 until then. */
  readonly started: () => boolean
  /** GET /metrics: the worker's metrics in Prometheus' text format. */
  readonly metricsText: () => Promise<string>
}

/** Asks Kafka for its cluster id once; a failure is forgotten so the next GET / asks again. close() ends a pending ask. */
function clusterIdSource (bootstrapServers: readonly string[], logger: Logger): { get: () => Promise<string | null>, close: () => Promise<void> } {
  let known: Promise<string> | undefined
  const open = new Set<KafkaAdmin>()
  const ask = async (): Promise<string> => {
    const admin = new KafkaAdmin(bootstrapServers, 'sqs-connect-rest-admin')
    open.add(admin)
    try {
      return await admin.clusterId()
    } finally {
      open.delete(admin)
      await admin.close()
    }
  }
  return {
    get: async () => {
      known ??= ask()
      try {
        return await known
      } catch (error) {
        known = undefined
        logger.warn({ err: error }, 'Could not read the Kafka cluster id')
        return null
      }
    },
    close: async () => { await Promise.all([...open].map(async (admin) => await admin.close())) }
  }
}

/** Starts every listener with every route and sets the herder's worker_id; logs one line with the URLs. */
export async function startRestApi (options: RestApiOptions): Promise<RestServer> {
  const settings = parseRestWorkerConfig(options.workerConfig.raw)
  const listeners = parseListeners(settings.listeners)
  // HTTPS key stores and basic-auth credentials are read first, so their errors come before anything starts.
  const security = restSecurityOptions(options.workerConfig.raw)
  const levels = logLevelsOf(options.logger)
  const clusterId = clusterIdSource(options.workerConfig.bootstrapServers, options.logger)
  void clusterId.get()
  const health = (): Health => options.started()
    ? { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }
    : { status: 'starting', message: 'Worker is still starting up.' }
  let server: RestServer
  try {
    server = await startRestServer({
      listeners,
      ...security,
      routes: [
        rootRoutes(async () => ({ version: CONNECT_VERSION, commit: `sqs-connect-${VERSION}`, kafka_cluster_id: await clusterId.get() }), health),
        connectorRoutes(options.herder),
        connectorTaskRoutes(options.herder),
        connectorTopicsAndOffsetsRoutes(options.herder, { enabled: settings.topicTrackingEnabled, allowReset: settings.topicTrackingAllowReset }),
        connectorPluginRoutes(options.herder, options.plugins),
        metricsRoutes(options.metricsText),
        ...(levels === undefined ? [] : [loggersRoutes(levels)])
      ]
    })
  } catch (error) {
    await clusterId.close()
    throw error
  }
  const boundPorts = server.urls.map((url) => Number(new URL(url).port))
  options.herder.workerId = advertisedWorkerId(settings, listeners, boundPorts)
  options.logger.info({ urls: server.urls, workerId: options.herder.workerId }, `REST API listening on ${server.urls.join(', ')}`)
  return {
    urls: server.urls,
    close: async () => {
      await server.close()
      await clusterId.close()
    }
  }
}
