/**
 * Every error sqs-connect raises, each with a stable code. Callers branch on `code`,
 * operators grep for it; the message names the property, message or resource at fault.
 */

export const ErrorCodes = {
  CONFIG_INVALID: 'SQSC_CONFIG_INVALID',
  CONFIG_FILE_UNREADABLE: 'SQSC_CONFIG_FILE_UNREADABLE',
  PLUGIN_NOT_FOUND: 'SQSC_PLUGIN_NOT_FOUND',
  DATA_INVALID: 'SQSC_DATA_INVALID',
  CONVERSION_FAILED: 'SQSC_CONVERSION_FAILED',
  TRANSFORM_FAILED: 'SQSC_TRANSFORM_FAILED',
  CREDENTIALS_UNAVAILABLE: 'SQSC_CREDENTIALS_UNAVAILABLE',
  SQS_RECEIVE_FAILED: 'SQSC_SQS_RECEIVE_FAILED',
  SQS_DELETE_FAILED: 'SQSC_SQS_DELETE_FAILED',
  SQS_MESSAGE_INVALID: 'SQSC_SQS_MESSAGE_INVALID',
  SQS_ACCESS_DENIED: 'SQSC_SQS_ACCESS_DENIED',
  SQS_BAD_CREDENTIALS: 'SQSC_SQS_BAD_CREDENTIALS',
  SQS_QUEUE_NOT_FOUND: 'SQSC_SQS_QUEUE_NOT_FOUND',
  SQS_KMS_KEY_UNUSABLE: 'SQSC_SQS_KMS_KEY_UNUSABLE',
  SQS_REQUEST_REJECTED: 'SQSC_SQS_REQUEST_REJECTED',
  SQS_RETRIES_EXHAUSTED: 'SQSC_SQS_RETRIES_EXHAUSTED',
  SQS_PROXY_REFUSED: 'SQSC_SQS_PROXY_REFUSED',
  KAFKA_PRODUCE_FAILED: 'SQSC_KAFKA_PRODUCE_FAILED',
  SCHEMA_REGISTRY_UNAVAILABLE: 'SQSC_SCHEMA_REGISTRY_UNAVAILABLE',
  SCHEMA_REGISTRY_REJECTED: 'SQSC_SCHEMA_REGISTRY_REJECTED',
  KAFKA_UNAVAILABLE: 'SQSC_KAFKA_UNAVAILABLE',
  KAFKA_TOPIC_CREATION_FAILED: 'SQSC_KAFKA_TOPIC_CREATION_FAILED',
  KAFKA_TOPIC_NOT_FOUND: 'SQSC_KAFKA_TOPIC_NOT_FOUND',
  ERROR_TOLERANCE_EXCEEDED: 'SQSC_ERROR_TOLERANCE_EXCEEDED',
  KAFKA_TRANSACTIONS_UNAVAILABLE: 'SQSC_KAFKA_TRANSACTIONS_UNAVAILABLE',
  KAFKA_PRODUCER_FENCED: 'SQSC_KAFKA_PRODUCER_FENCED',
  /** Member metadata or an assignment that does not follow Connect's group protocol. */
  GROUP_PROTOCOL_INVALID: 'SQSC_GROUP_PROTOCOL_INVALID',
  /** The group coordinator refused this worker for good (protocol mismatch, authorization, group full). */
  GROUP_MEMBERSHIP_FAILED: 'SQSC_GROUP_MEMBERSHIP_FAILED',
  TASK_FAILED: 'SQSC_TASK_FAILED',
  SHUTDOWN_TIMEOUT: 'SQSC_SHUTDOWN_TIMEOUT',
  INFRA_FAILED: 'SQSC_INFRA_FAILED',
  METRIC_INVALID: 'SQSC_METRIC_INVALID',
  USAGE: 'SQSC_USAGE',
  /** A connector, task or plugin the request names does not exist (REST 404). */
  NOT_FOUND: 'SQSC_NOT_FOUND',
  /** A connector of that name exists already (REST 409). */
  ALREADY_EXISTS: 'SQSC_ALREADY_EXISTS',
  /** A request that cannot be carried out as asked, e.g. offsets of a connector that is not STOPPED (REST 400). */
  BAD_REQUEST: 'SQSC_BAD_REQUEST',
  /** Distributed mode: the cluster is rebalancing or this worker's config view is stale; try again (REST 409). */
  REBALANCE_IN_PROGRESS: 'SQSC_REBALANCE_IN_PROGRESS',
  /** Distributed mode: a request forwarded to the leader (or a task's worker) failed with this HTTP status. */
  FORWARDED_REQUEST_FAILED: 'SQSC_FORWARDED_REQUEST_FAILED'
} as const

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]

export interface SqsConnectErrorOptions {
  /** The configuration property, message id or resource the error is about. */
  subject?: string | undefined
  /** True when trying the same operation again may succeed. */
  retriable?: boolean
  cause?: unknown
}

/** The one error class of the product; `code` is stable across releases. */
export class SqsConnectError extends Error {
  readonly code: ErrorCode
  readonly subject: string | undefined
  readonly retriable: boolean

  constructor (code: ErrorCode, message: string, options: SqsConnectErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SqsConnectError'
    this.code = code
    this.subject = options.subject
    this.retriable = options.retriable ?? false
  }
}

/** A configuration problem; `property` is the key at fault. */
export function configError (property: string, message: string): SqsConnectError {
  return new SqsConnectError(ErrorCodes.CONFIG_INVALID, message, { subject: property })
}

/** Connect's DataException: a value that does not fit its schema. */
export function dataError (message: string): SqsConnectError {
  return new SqsConnectError(ErrorCodes.DATA_INVALID, message)
}

/** True when `error` is an SqsConnectError with the given code. */
export function hasCode (error: unknown, code: ErrorCode): error is SqsConnectError {
  return error instanceof SqsConnectError && error.code === code
}
