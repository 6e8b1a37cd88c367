/** A plugin logger whose every line carries the queue URL, so a worker with several queues logs which one spoke. */
import type { PluginLogger } from '../../connect/connector.ts'

export function queueLogger (logger: PluginLogger, queueUrl: string): PluginLogger {
  return {
    debug: (obj, msg) => logger.debug({ queueUrl, ...obj }, msg),
    info: (obj, msg) => logger.info({ queueUrl, ...obj }, msg),
    warn: (obj, msg) => logger.warn({ queueUrl, ...obj }, msg),
    error: (obj, msg) => logger.error({ queueUrl, ...obj }, msg)
  }
}
