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
  KAFKA_UNAVAILABLE: 'SQSC_KAFKA_UNAVAILABLE',
  KAFKA_TRANSACTIONS_UNAVAILABLE: 'SQSC_KAFKA_TRANSACTIONS_UNAVAILABLE',
  KAFKA_PRODUCER_FENCED: 'SQSC_KAFKA_PRODUCER_FENCED',
  TASK_FAILED: 'SQSC_TASK_FAILED',
  SHUTDOWN_TIMEOUT: 'SQSC_SHUTDOWN_TIMEOUT',
  INFRA_FAILED: 'SQSC_INFRA_FAILED',
  USAGE: 'SQSC_USAGE'
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
