/** The worker's start-up log level: SQS_CONNECT_LOG_LEVEL when set, else the sqsconnect.log.level worker property. */
import type { ConfigKey, ConfigValue } from '../connect/config/config-def.ts'
import { LOG4J_LEVELS, log4jLevel, ROOT_LOGGER } from './log-levels.ts'
import { logLevelsOf, type Logger } from './logging.ts'

export const LOG_LEVEL_KEY = 'sqsconnect.log.level'

const levelName = Object.assign(
  (value: ConfigValue) => (typeof value === 'string' && value !== '' && log4jLevel(value) === undefined ? `Expected one of ${LOG4J_LEVELS.join(', ')} (any case)` : undefined),
  { describe: `empty or one of ${LOG4J_LEVELS.join(', ')}` }
)

export const logLevelKey: ConfigKey = {
  name: LOG_LEVEL_KEY, type: 'STRING', defaultValue: '', validator: levelName, importance: 'LOW',
  documentation: 'sqs-connect only: the root log level at start-up (log4j names: ERROR, WARN, INFO, DEBUG, TRACE, OFF); the SQS_CONNECT_LOG_LEVEL environment variable wins when set; empty means INFO. PUT /admin/loggers/{name} changes levels at runtime.'
}

/** Applies the worker property to the logger's root level unless SQS_CONNECT_LOG_LEVEL already chose one. */
export function applyWorkerLogLevel (logger: Logger, workerRaw: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = process.env): void {
  if ((env.SQS_CONNECT_LOG_LEVEL ?? '') !== '') return
  const level = log4jLevel(workerRaw[LOG_LEVEL_KEY] ?? '')
  if (level !== undefined) logLevelsOf(logger)?.initialLevel(ROOT_LOGGER, level)
}
