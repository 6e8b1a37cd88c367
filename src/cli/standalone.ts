/** `sqs-connect standalone WORKER.properties [CONNECTOR...]`: a standalone worker with the REST API until SIGTERM/SIGINT. */
import type { RestServer } from '../rest/rest-server.ts'
import { loadConfigFile } from '../runtime/config-files.ts'
import { StandaloneHerder } from '../runtime/herder/standalone-herder.ts'
import { createLogger, type Logger } from '../runtime/logging.ts'
import { parseWorkerConfig } from '../runtime/worker-config.ts'
import { Worker } from '../runtime/worker.ts'
import { builtInPlugins } from './plugins.ts'
import { startRestApi } from './rest-api.ts'
import { runWorkerProcess } from './worker-process.ts'

export interface StandaloneHandle {
  readonly worker: Worker
  readonly herder: StandaloneHerder
  /** Where the REST API listens. */
  readonly urls: readonly string[]
  /** Resolves once the worker stopped after a signal or stop(). */
  readonly stopped: Promise<void>
  stop (): Promise<void>
}

/**
 * Starts the worker and its REST API, then the connectors of the given files (none is fine: connectors can be
 * created over REST; they live until deleted or until the process ends, as in Connect's standalone mode).
 * SIGTERM/SIGINT stop the REST API first, then the worker.
 */
export async function runStandalone (workerFile: string, connectorFiles: readonly string[], logger: Logger = createLogger()): Promise<StandaloneHandle> {
  const workerConfig = parseWorkerConfig(await loadConfigFile(workerFile))
  const connectorConfigs = await Promise.all(connectorFiles.map(loadConfigFile))
  const plugins = builtInPlugins()
  const worker = new Worker({ config: workerConfig, plugins, logger })
  const herder = new StandaloneHerder({ worker, workerConfig, plugins, logger })
  let rest: RestServer | undefined
  const lifecycle = runWorkerProcess({
    logger,
    stoppingMessage: 'Stopping: finishing in-flight records and deleting what Kafka acknowledged',
    closers: [
      { name: 'REST API', close: async () => { await rest?.close() } },
      { name: 'herder', close: async () => { await herder.stop() } }
    ]
  })
  try {
    rest = await startRestApi({ workerConfig, herder, plugins, logger, started: lifecycle.started, metricsText: async () => await worker.metricsText() })
    for (const config of connectorConfigs) {
      await herder.putConnectorConfig(config.name ?? '', config, { allowReplace: false, fromFile: true })
    }
  } catch (error) {
    await lifecycle.stop()
    throw error
  }
  lifecycle.markStarted()
  logger.info({ connectors: connectorConfigs.length }, 'Standalone worker started')
  return { worker, herder, urls: rest.urls, stopped: lifecycle.stopped, stop: lifecycle.stop }
}
