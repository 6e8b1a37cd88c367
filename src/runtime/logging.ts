/** The runtime's pino logger; secret-looking fields are redacted wherever they appear. */
import pino, { type DestinationStream, type Logger } from 'pino'
import type { PluginLogger } from '../connect/connector.ts'
import { log4jLevel, LogLevels } from './log-levels.ts'

/** Paths pino replaces with [hidden] (Connect's word); config maps are logged through redactConfig instead. */
const REDACT = [
  '*.password', '*.secret', '*.secretAccessKey', '*.sessionToken',
  '*["aws.secret.key.id"]', '*["aws.access.key.id"]', '*["sqs.proxy.password"]'
]

export type { Logger }

const registries = new WeakMap<object, LogLevels>()

/**
 * JSON logs to stderr (stdout stays free for CLI output) at the given level (pino or log4j names), with a
 * registry of named loggers (logLevelsOf) whose levels change at runtime. `destination` is for tests.
 */
export function createLogger (level: string = process.env.SQS_CONNECT_LOG_LEVEL ?? 'info', destination: DestinationStream = pino.destination(2)): Logger {
  const levels = new LogLevels(log4jLevel(level) ?? 'INFO')
  const logger = pino({
    level: 'info',
    redact: { paths: REDACT, censor: '[hidden]' },
    base: { pid: process.pid },
    onChild: (child) => {
      registries.set(child, levels)
      levels.track(child)
    }
  }, destination)
  registries.set(logger, levels)
  levels.attachRoot(logger)
  return logger
}

/** The level registry behind a logger made by createLogger (or one of its children). */
export function logLevelsOf (logger: Logger): LogLevels | undefined {
  return registries.get(logger)
}

/** A child logger carrying a logger name (see LoggerNames), whose level the registry sets. */
export function namedLogger (parent: Logger, name: string, bindings: Record<string, unknown> = {}): Logger {
  return parent.child({ logger: name, ...bindings })
}

/** Adapts a pino logger to the plugin logging facade. */
export function pluginLogger (logger: Logger): PluginLogger {
  return {
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.info(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg)
  }
}

/** Names that look secret even when no definition says so (a misspelt or unknown property, a client override). */
const SECRET_LOOKING = /(password|secret|token|license|\.key\.id$|sasl\.jaas\.config$|user\.info$)/i
/** A URL carrying user info (`https://user:pass@registry`): the user info is hidden, the rest stays readable. */
const URL_USER_INFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s,]+@/gi

/**
 * A copy of a config map fit for logs: values of PASSWORD-type properties (`passwords`) and of
 * secret-looking keys shown as [hidden], as Connect shows passwords.
 */
export function redactConfig (config: Readonly<Record<string, string>>, passwords: ReadonlySet<string> = new Set()): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, passwords.has(k) || SECRET_LOOKING.test(k) ? '[hidden]' : v.replace(URL_USER_INFO, '$1[hidden]@')]))
}
