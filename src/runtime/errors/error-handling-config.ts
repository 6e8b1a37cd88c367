/** The connector's errors.* properties as the runtime's error handling uses them. */
import { parseConfig } from '../../connect/config/config-def.ts'
import { connectorConfigKeys } from '../connector-config.ts'
import { DLQ_CONTEXT_HEADERS, DLQ_REPLICATION_FACTOR, DLQ_TOPIC_NAME } from './dead-letter-config.ts'

export type ToleranceType = 'none' | 'all'

export interface ErrorHandlingConfig {
  /** errors.retry.timeout: -1 retries forever, 0 never. */
  readonly retryTimeoutMs: number
  /** errors.retry.delay.max.ms. */
  readonly retryDelayMaxMs: number
  readonly tolerance: ToleranceType
  readonly logEnable: boolean
  readonly logIncludeMessages: boolean
  /** '' when there is no dead-letter topic. */
  readonly dlqTopic: string
  readonly dlqReplicationFactor: number
  readonly dlqContextHeaders: boolean
}

export const DEFAULT_ERROR_HANDLING: ErrorHandlingConfig = {
  retryTimeoutMs: 0, retryDelayMaxMs: 60_000, tolerance: 'none', logEnable: false, logIncludeMessages: false, dlqTopic: '', dlqReplicationFactor: 3, dlqContextHeaders: false
}

/** Reads the errors.* keys of a connector config that was validated already (bad values fall back to defaults). */
export function parseErrorHandlingConfig (props: Readonly<Record<string, string>>): ErrorHandlingConfig {
  const keys = connectorConfigKeys.filter((key) => key.name.startsWith('errors.'))
  const { values } = parseConfig(keys, props)
  const pick = <T>(name: string, fallback: T): T => (values[name] ?? fallback) as T
  const d = DEFAULT_ERROR_HANDLING
  return {
    retryTimeoutMs: pick('errors.retry.timeout', d.retryTimeoutMs),
    retryDelayMaxMs: pick('errors.retry.delay.max.ms', d.retryDelayMaxMs),
    tolerance: pick<string>('errors.tolerance', d.tolerance).toLowerCase() === 'all' ? 'all' : 'none',
    logEnable: pick('errors.log.enable', d.logEnable),
    logIncludeMessages: pick('errors.log.include.messages', d.logIncludeMessages),
    dlqTopic: pick<string>(DLQ_TOPIC_NAME, d.dlqTopic).trim(),
    dlqReplicationFactor: pick(DLQ_REPLICATION_FACTOR, d.dlqReplicationFactor),
    dlqContextHeaders: pick(DLQ_CONTEXT_HEADERS, d.dlqContextHeaders)
  }
}
