/**
 * Errors of SQS answers, shaped as the AWS SDK shapes them for SQS (a query-compatible JSON service), so that
 * sqs-errors.ts classifies and describes both clients' errors alike: `name` is the modelled exception's name when
 * the code is one of SQS's modelled errors (e.g. QueueDoesNotExist for AWS.SimpleQueueService.NonExistentQueue),
 * else the code itself; `Code` is the x-amzn-query-error code; `message`, `$fault` and `$metadata` as the SDK's.
 */
import type { ResponseMetadata } from './json-protocol.ts'

/** SQS's modelled errors and their query-compatible codes (facts of the SQS API model). */
const MODELLED: Readonly<Record<string, string>> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidAddress: 'InvalidAddress',
  InvalidAttributeName: 'InvalidAttributeName',
  InvalidAttributeValue: 'InvalidAttributeValue',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  InvalidIdFormat: 'InvalidIdFormat',
  InvalidMessageContents: 'InvalidMessageContents',
  InvalidSecurity: 'InvalidSecurity',
  KmsAccessDenied: 'KMS.AccessDeniedException',
  KmsDisabled: 'KMS.DisabledException',
  KmsInvalidKeyUsage: 'KMS.InvalidKeyUsageException',
  KmsInvalidState: 'KMS.InvalidStateException',
  KmsNotFound: 'KMS.NotFoundException',
  KmsOptInRequired: 'KMS.OptInRequired',
  KmsThrottled: 'KMS.ThrottlingException',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  OverLimit: 'OverLimit',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  RequestThrottled: 'RequestThrottled',
  ResourceNotFoundException: 'ResourceNotFoundException',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation'
}
const NAME_OF_CODE = new Map(Object.entries(MODELLED).map(([name, code]) => [code, name]))

/** An error answer of SQS, as the SDK throws it. */
export class SqsServiceError extends Error {
  readonly $fault: 'client' | 'server'
  readonly $metadata: ResponseMetadata
  /** The query-compatible error code (x-amzn-query-error), when the server sent one. */
  readonly Code: string | undefined
  readonly Type: string | undefined

  constructor (name: string, message: string, fault: 'client' | 'server', metadata: ResponseMetadata, code: string | undefined, type: string | undefined) {
    super(message)
    this.name = name
    this.$fault = fault
    this.$metadata = metadata
    this.Code = code
    this.Type = type
  }
}

/** The SDK's way of cleaning an error code: the part before ',' and ':', the part after '#'. */
function cleanCode (raw: string): string {
  let code = raw.split(',')[0] ?? raw
  code = code.split(':')[0] ?? code
  return code.includes('#') ? code.split('#')[1] ?? code : code
}

/** The error of a non-2xx answer; `data` is its parsed JSON body ({} when it had none or was not JSON). */
export function serviceError (data: Record<string, unknown>, headers: Readonly<Record<string, string | string[] | undefined>>, metadata: ResponseMetadata): SqsServiceError {
  const queryError = headerText(headers['x-amzn-query-error'])
  const [queryCode, queryType] = queryError === undefined ? [undefined, undefined] : queryError.split(';')
  const bodyCode = typeof data.code === 'string' ? data.code : typeof data.Code === 'string' ? data.Code : undefined
  const errorType = headerText(headers['x-amzn-errortype'])
  const raw = queryCode ?? bodyCode ?? errorType ?? (typeof data.__type === 'string' ? data.__type : undefined)
  const code = raw === undefined ? 'Unknown' : cleanCode(raw)
  const name = MODELLED[code] !== undefined ? code : NAME_OF_CODE.get(code) ?? code
  const fault = metadata.httpStatusCode < 500 || MODELLED[name] !== undefined ? 'client' : 'server'
  const text = typeof data.message === 'string' ? data.message : typeof data.Message === 'string' ? data.Message : 'UnknownError'
  return new SqsServiceError(name, text, fault, metadata, queryCode, queryType)
}

/** A header's value as text: the first one when it came more than once. */
export function headerText (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
