/** `sqs-connect standalone WORKER.properties CONNECTOR...`: a standalone worker until SIGTERM/SIGINT. */
import { loadConfigFile } from '../runtime/config-files.ts'
import { createLogger, type Logger } from '../runtime/logging.ts'
import { parseWorkerConfig } from '../runtime/worker-config.ts'
import { Worker } from '../runtime/worker.ts'
import { builtInPlugins } from './plugins.ts'

export interface StandaloneHandle {
  readonly worker: Worker
  /** Resolves once the worker stopped after a signal or stop(). */
  readonly stopped: Promise<void>
  stop (): Promise<void>
}

/** Starts a worker with the given files; stops cleanly on SIGTERM/SIGINT. */
export async function runStandalone (workerFile: string, connectorFiles: readonly string[], logger: Logger = createLogger()): Promise<StandaloneHandle> {
  const workerConfig = parseWorkerConfig(await loadConfigFile(workerFile))
  const connectorConfigs = await Promise.all(connectorFiles.map(loadConfigFile))
  const worker = new Worker({ config: workerConfig, plugins: builtInPlugins(), logger })
  let markStopped: () => void = () => {}
  const stopped = new Promise<void>((resolve) => { markStopped = resolve })
  // A worker whose tasks all failed stays up until told to stop, as Connect's does (its status says why);
  // without this the process would end by itself once nothing else keeps the event loop busy.
  const keepAlive = setInterval(() => {}, 1 << 30)
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= worker.stop().finally(() => { clearInterval(keepAlive); markStopped() })
    await stopping
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'Stopping: finishing in-flight records and deleting what Kafka acknowledged')
    void stop()
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  try {
    for (const config of connectorConfigs) await worker.startConnector(config)
  } catch (error) {
    await stop()
    throw error
  }
  logger.info({ connectors: connectorConfigs.length }, 'Standalone worker started')
  return { worker, stopped, stop }
}
