/** Sorts Kafka client failures into "try again" and "this record can never be written". */
import { GenericError, MultipleErrors } from '@platformatic/kafka'

/** Broker error ids that no retry can fix for the records of a request. */
const FATAL_PROTOCOL_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
  'UNSUPPORTED_VERSION',
  'POLICY_VIOLATION'
])

function leaves (error: unknown): unknown[] {
  const nested = error instanceof AggregateError ? error.errors.flatMap(leaves) : []
  const cause = error instanceof Error && error.cause !== undefined ? leaves(error.cause) : []
  return [error, ...nested, ...cause]
}

/** The broker error ids (e.g. MESSAGE_TOO_LARGE) found anywhere inside a client error. */
export function protocolErrorIds (error: unknown): string[] {
  return leaves(error)
    .filter((e): e is GenericError => e instanceof GenericError || e instanceof MultipleErrors)
    .map((e) => e.apiId as unknown)
    .filter((id): id is string => typeof id === 'string')
}

/** True when sending the same records again cannot succeed (too large, not authorized, serialization). */
export function isFatalProduceError (error: unknown): boolean {
  if (protocolErrorIds(error).some((id) => FATAL_PROTOCOL_ERRORS.has(id))) return true
  return leaves(error).some((e) => e instanceof GenericError && e.code === 'PLT_KFK_USER')
}

/** True when the client gave up because the topic does not exist (it never creates topics itself). */
export function isUnknownTopic (error: unknown): boolean {
  return leaves(error).some((e) => e instanceof GenericError && e.code === 'PLT_KFK_USER' && /^Unknown topic /.test(e.message)) ||
    protocolErrorIds(error).includes('UNKNOWN_TOPIC_OR_PARTITION')
}
