/** The runtime's pino logger; secret-looking fields are redacted wherever they appear. */
import pino, { type Logger } from 'pino'
import type { PluginLogger } from '../connect/connector.ts'

/** Paths pino replaces with [redacted]; config maps are logged through redactConfig instead. */
const REDACT = [
  '*.password', '*.secret', '*.secretAccessKey', '*.sessionToken',
  '*["aws.secret.key.id"]', '*["aws.access.key.id"]', '*["sqs.proxy.password"]'
]

export type { Logger }

/** JSON logs to stderr (stdout stays free for CLI output) at the given level. */
export function createLogger (level: string = process.env.SQS_CONNECT_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } }, pino.destination(2))
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

const SECRET_KEY = /(password|secret|credentials|token|license|\.key\.id$)/i

/** A copy of a config map fit for logs: values of secret-looking keys hidden. */
export function redactConfig (config: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[hidden]' : v]))
}
