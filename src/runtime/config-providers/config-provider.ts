/**
 * Kafka's ConfigProvider, as Connect uses it: given a path and the keys referenced under it, return the
 * values it has. Lookups are synchronous, as in Kafka, and happen once when a config is resolved.
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'

export interface ConfigData {
  /** The values found; a requested key that is absent stays unresolved. */
  readonly data: ReadonlyMap<string, string>
  /** How long the values may be used, in ms (Kafka's ConfigData.ttl); the built-in providers set none. */
  readonly ttlMs?: number
  /** Why a requested key is absent, worded for an error message (e.g. the path is not allowed). */
  readonly whyAbsent?: (key: string) => string
}

export interface ConfigProvider {
  /** Values of `keys` at `path` (`path` is '' when the reference has none, as in ${env:VAR}). */
  get (path: string, keys: ReadonlySet<string>): ConfigData
}

/** Builds a provider from its `config.providers.<name>.param.*` parameters (prefix removed). */
export type ConfigProviderFactory = (params: Readonly<Record<string, string>>) => ConfigProvider

/** A failure inside a provider (unreadable file, bad path); the caller adds which property referenced it. */
export function providerFailure (message: string, cause?: unknown): SqsConnectError {
  return new SqsConnectError(ErrorCodes.CONFIG_INVALID, message, { cause })
}

/** A bad provider parameter; `param` is the name after `.param.`, the registry adds the prefix. */
export function parameterError (param: string, message: string): SqsConnectError {
  return new SqsConnectError(ErrorCodes.CONFIG_INVALID, message, { subject: param })
}
