/** The runtime's pino logger; secret-looking fields are redacted wherever they appear. */
import pino, { type Logger } from 'pino'
import type { PluginLogger } from '../connect/connector.ts'

/** Paths pino replaces with [hidden] (Connect's word); config maps are logged through redactConfig instead. */
const REDACT = [
  '*.password', '*.secret', '*.secretAccessKey', '*.sessionToken',
  '*["aws.secret.key.id"]', '*["aws.access.key.id"]', '*["sqs.proxy.password"]'
]

export type { Logger }

/** JSON logs to stderr (stdout stays free for CLI output) at the given level. */
export function createLogger (level: string = process.env.SQS_CONNECT_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[hidden]' }, base: { pid: process.pid } }, pino.destination(2))
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
