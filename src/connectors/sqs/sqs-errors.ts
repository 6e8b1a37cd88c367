/**
 * What a failed SQS call means: throttling and transient faults (5xx, network, timeouts) are retried;
 * faults that retrying cannot fix (access, credentials, a missing queue, an unusable KMS key, a rejected
 * request) become one SqsConnectError at once, saying what to fix. Error shapes: sqs.md section 7.
 */
import { ErrorCodes, SqsConnectError, type ErrorCode } from '../../errors.ts'
import { proxyFailure } from './proxy.ts'
import type { FailureVerdict } from './retry-policy.ts'

/** Where a call went and with which identity, for messages that say what to fix. Holds no secrets. */
export interface SqsCallContext {
  readonly queueUrl: string
  /** The region requests are signed for. */
  readonly region: string
  /** Where the credentials come from, e.g. 'aws.access.key.id / aws.secret.key.id'. */
  readonly credentialsSource: string
  /** Values that must never appear in a message (secret key, proxy password); replaced by '[hidden]'. */
  readonly secrets?: readonly string[]
}

const THROTTLING = new Set([
  'RequestThrottled', 'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException',
  'RequestLimitExceeded', 'SlowDown', 'KmsThrottled', 'KMS.ThrottlingException', 'OverLimit'
])
const TRANSIENT = new Set([
  'InternalError', 'InternalFailure', 'InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException',
  'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'RequestExpired'
])
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'ECONNABORTED', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'
])
const NETWORK_MESSAGE = /socket hang up|network socket disconnected|read ECONNRESET|connect ETIMEDOUT/i

const QUEUE_NOT_FOUND = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NonExistentQueue'])
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError', 'NotAuthorized'])
const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'MissingAuthenticationToken',
  'MissingAuthenticationTokenException', 'IncompleteSignature', 'IncompleteSignatureException', 'InvalidAccessKeyId',
  'ExpiredToken', 'ExpiredTokenException', 'InvalidToken', 'CredentialsProviderError'
])
const KMS_UNUSABLE = new Set([
  'KmsAccessDenied', 'KmsDisabled', 'KmsNotFound', 'KmsInvalidState', 'KmsInvalidKeyUsage', 'KmsOptInRequired',
  'KMS.AccessDeniedException', 'KMS.DisabledException', 'KMS.NotFoundException', 'KMS.InvalidStateException',
  'KMS.InvalidKeyUsageException', 'KMS.OptInRequired', 'KMS.KeyUnavailableException'
])

/** The parts of an AWS SDK (or Node network) error that classification reads. */
interface ErrorFacts {
  /** The SDK class name and the query-compatible code (x-amzn-query-error), whichever are present. */
  readonly names: readonly string[]
  readonly status: number | undefined
  readonly fault: string | undefined
  readonly networkCode: string | undefined
  readonly message: string
  readonly throttlingHint: boolean
  readonly clockSkewCorrected: boolean
}

function facts (error: unknown): ErrorFacts {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const metadata = (e.$metadata ?? {}) as { httpStatusCode?: unknown, clockSkewCorrected?: unknown }
  const response = (e.$response ?? {}) as { statusCode?: unknown }
  const status = typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : typeof response.statusCode === 'number' ? response.statusCode : undefined
  // Some servers (ElasticMQ) send no x-amzn-query-error, and the SDK then takes the code from __type, namespace and all.
  const names = [...new Set([e.name, e.Code, e.code].filter((n): n is string => typeof n === 'string' && n !== '' && n !== 'Error').map((n) => n.replace(/^.*#/, '')))]
  return {
    names,
    status,
    fault: typeof e.$fault === 'string' ? e.$fault : undefined,
    networkCode: networkCodeOf(error, 0),
    message: typeof e.message === 'string' ? e.message : String(error),
    throttlingHint: (e.$retryable as { throttling?: unknown } | undefined)?.throttling === true,
    clockSkewCorrected: metadata.clockSkewCorrected === true
  }
}

/** A Node network error code on the error, its cause, or (AggregateError) any of its errors. */
function networkCodeOf (error: unknown, depth: number): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined
  const e = error as { code?: unknown, message?: unknown, cause?: unknown, errors?: unknown }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code
  if (typeof e.message === 'string' && NETWORK_MESSAGE.test(e.message)) return e.message
  const nested = [e.cause, ...(Array.isArray(e.errors) ? e.errors as unknown[] : [])]
  for (const inner of nested) {
    const code = networkCodeOf(inner, depth + 1)
    if (code !== undefined) return code
  }
  return undefined
}

const has = (set: ReadonlySet<string>, f: ErrorFacts): boolean => f.names.some((n) => set.has(n))

/** 'throttling' and 'transient' are retried; 'fatal' is not. Exported for tests and docs. */
export function kindOf (error: unknown): 'throttling' | 'transient' | 'fatal' {
  const f = facts(error)
  if (has(THROTTLING, f) || f.throttlingHint || f.status === 429) return 'throttling'
  if (has(QUEUE_NOT_FOUND, f) || has(ACCESS_DENIED, f) || has(KMS_UNUSABLE, f)) return 'fatal'
  // The SDK corrected its clock offset from the server's answer: the next attempt is signed with the right time.
  if (f.clockSkewCorrected || /signature expired/i.test(f.message)) return 'transient'
  if (has(BAD_CREDENTIALS, f)) return 'fatal'
  if (has(TRANSIENT, f) || f.networkCode !== undefined) return 'transient'
  if (f.status !== undefined && (f.status >= 500 || f.status === 408)) return 'transient'
  if (f.fault === 'server') return 'transient'
  // Any other answer from the server (4xx) says the same thing again when asked again.
  if (f.status !== undefined && f.status >= 400) return 'fatal'
  // No answer at all and nothing recognised (e.g. an MD5 mismatch): retrying is bounded by the budget.
  return 'transient'
}

/** The verdict for the retry policy: retry (throttling or transient), or the fatal error to fail with. */
export function classifySqsError (error: unknown, operation: string, context: SqsCallContext): FailureVerdict {
  // Our own errors from below the SDK (a proxy refusing the login) already say what to fix.
  const own = error instanceof SqsConnectError ? error : proxyFailure(error)
  if (own !== undefined && !own.retriable) return { retry: false, error: own }
  const kind = kindOf(error)
  if (kind !== 'fatal') return { retry: true, kind }
  return { retry: false, error: fatalSqsError(error, operation, context) }
}

/** The IAM action an operation needs (batch calls are authorised by the single action). */
export function iamAction (operation: string): string {
  return `sqs:${operation.replace(/Batch$/, '')}`
}

/** One line about an error for messages and logs: its code, HTTP status and (sanitised) text. */
export function describeSqsError (error: unknown, context?: Pick<SqsCallContext, 'secrets'>): string {
  const f = facts(error)
  const name = f.names[0] ?? (error instanceof Error ? error.name : 'error')
  const code = f.names.find((n) => n !== name)
  const label = [name, code, f.status === undefined ? undefined : `HTTP ${f.status}`].filter((x) => x !== undefined).join(', ')
  return `${label}: ${sanitise(f.message, context?.secrets ?? [])}`
}

/** The first line of a server's message, shortened, with every known secret hidden. */
function sanitise (text: string, secrets: readonly string[]): string {
  let line = (text.split('\n')[0] ?? '').trim()
  for (const secret of secrets) if (secret.length >= 4) line = line.split(secret).join('[hidden]')
  return line.length > 300 ? `${line.slice(0, 300)}...` : line
}

/** The error a task fails with when SQS refuses a call for good, with what to fix. */
export function fatalSqsError (error: unknown, operation: string, context: SqsCallContext): SqsConnectError {
  const f = facts(error)
  const said = describeSqsError(error, context)
  const make = (code: ErrorCode, subject: string, message: string): SqsConnectError =>
    new SqsConnectError(code, `${message} (SQS ${operation} answered ${said})`, { subject, cause: error })
  const queue = context.queueUrl
  if (has(QUEUE_NOT_FOUND, f)) {
    return make(ErrorCodes.SQS_QUEUE_NOT_FOUND, 'sqs.url',
      `SQS queue ${queue} does not exist: check sqs.url and the region (sqs.region / AWS_REGION; requests are signed for ${context.region})`)
  }
  if (has(KMS_UNUSABLE, f)) {
    return make(ErrorCodes.SQS_KMS_KEY_UNUSABLE, 'sqs.url',
      `The KMS key that encrypts SQS queue ${queue} cannot be used: make sure the key is enabled and its key policy grants kms:Decrypt ` +
      `to the AWS identity of the connector (credentials from ${context.credentialsSource})`)
  }
  if (has(ACCESS_DENIED, f)) {
    return make(ErrorCodes.SQS_ACCESS_DENIED, 'sqs.url',
      `Access denied for ${iamAction(operation)} on SQS queue ${queue}: grant sqs:ReceiveMessage and sqs:DeleteMessage on this queue ` +
      `to the AWS identity of the connector (credentials from ${context.credentialsSource})`)
  }
  if (has(BAD_CREDENTIALS, f)) {
    return make(ErrorCodes.SQS_BAD_CREDENTIALS, 'aws.access.key.id', `AWS did not accept the connector's credentials: ${credentialsHint(f, context)}`)
  }
  if (f.names.includes('InvalidSecurity')) {
    return make(ErrorCodes.SQS_REQUEST_REJECTED, 'sqs.url',
      `SQS queue ${queue} only accepts secure requests: use https:// in sqs.url (and sqs.endpoint.url, if set)`)
  }
  if (f.names.includes('InvalidAddress') || f.status === 404) {
    return make(ErrorCodes.SQS_REQUEST_REJECTED, 'sqs.url',
      `The SQS endpoint does not serve ${queue}: check sqs.url, sqs.endpoint.url and the region (requests are signed for ${context.region})`)
  }
  if (f.status === 401 || f.status === 403) {
    return make(ErrorCodes.SQS_ACCESS_DENIED, 'sqs.url',
      `SQS refused ${iamAction(operation)} on queue ${queue}: check the permissions of the AWS identity of the connector ` +
      `(credentials from ${context.credentialsSource}) and any proxy in between`)
  }
  return make(ErrorCodes.SQS_REQUEST_REJECTED, 'sqs.url', `SQS rejected ${operation} on queue ${queue}; retrying cannot fix this`)
}

function credentialsHint (f: ErrorFacts, context: SqsCallContext): string {
  const source = `check the credentials from ${context.credentialsSource}`
  if (f.names.some((n) => n.startsWith('ExpiredToken') || n === 'InvalidToken')) {
    return `the session token has expired or is invalid; ${source} and make sure temporary credentials are renewed`
  }
  if (f.names.includes('SignatureDoesNotMatch') || f.names.some((n) => n.startsWith('IncompleteSignature'))) {
    return `the signature does not match; ${source} (the secret key must belong to the access key id) and the region ` +
      `(sqs.region / AWS_REGION; requests are signed for ${context.region})`
  }
  if (f.names.some((n) => n.startsWith('MissingAuthenticationToken'))) {
    return `the request carried no credentials; ${source}`
  }
  if (f.names.includes('CredentialsProviderError')) {
    return 'no AWS credentials were found: set aws.access.key.id and aws.secret.key.id, or make credentials available to ' +
      `${context.credentialsSource} (environment, profile, web identity, container or instance metadata)`
  }
  return `the access key id is not known to AWS (wrong, deleted or inactive key, or a key of another AWS partition); ${source}`
}
