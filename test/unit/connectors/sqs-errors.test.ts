import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifySqsError, describeSqsError, fatalSqsError, iamAction, kindOf, type SqsCallContext } from '../../../src/connectors/sqs/sqs-errors.ts'
import { SqsConnectError } from '../../../src/errors.ts'

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders'
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const context: SqsCallContext = { queueUrl: QUEUE, region: 'eu-west-1', credentialsSource: 'aws.access.key.id / aws.secret.key.id', secrets: [SECRET] }

/** An error shaped as @aws-sdk/client-sqs 3.x throws it for an error answer (JSON protocol, query-compatible code). */
function awsError (name: string, status: number, options: { code?: string, fault?: 'client' | 'server', message?: string, throttling?: boolean, clockSkewCorrected?: boolean } = {}): Error {
  return Object.assign(new Error(options.message ?? `${name} message`), {
    name,
    ...(options.code === undefined ? {} : { Code: options.code, Type: 'Sender' }),
    $fault: options.fault ?? (status >= 500 ? 'server' : 'client'),
    $metadata: { httpStatusCode: status, attempts: 1, ...(options.clockSkewCorrected === true ? { clockSkewCorrected: true } : {}) },
    ...(options.throttling === true ? { $retryable: { throttling: true } } : {})
  })
}

/** A Node network error as the HTTP handler passes it on. */
function netError (code: string, message = `connect ${code} 127.0.0.1:9324`): Error {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' })
}

test('throttling in every shape is retried as throttling', () => {
  const shapes = [
    awsError('RequestThrottled', 403, { code: 'RequestThrottled' }),
    awsError('ThrottlingException', 400, { code: 'ThrottlingException' }),
    awsError('SQSServiceException', 400, { code: 'ThrottlingException' }),
    awsError('KmsThrottled', 400, { code: 'KMS.ThrottlingException' }),
    awsError('OverLimit', 403, { code: 'OverLimit' }),
    awsError('Unknown', 429, { message: 'UnknownError' }),
    awsError('SomethingNew', 400, { throttling: true })
  ]
  for (const error of shapes) assert.equal(kindOf(error), 'throttling', describeSqsError(error))
})

test('server faults, network errors and timeouts are retried as transient', () => {
  const shapes: unknown[] = [
    awsError('InternalError', 500, { code: 'InternalError' }),
    awsError('ServiceUnavailable', 503, { code: 'ServiceUnavailable' }),
    awsError('Unknown', 502),
    awsError('Unknown', 504),
    awsError('RequestTimeout', 408),
    ...['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].map((code) => netError(code)),
    Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    new Error('socket hang up'),
    Object.assign(new Error('a request has exceeded the configured 16000 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' }),
    Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }),
    new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED', 'connect ECONNREFUSED ::1:9324')], 'connect failed'),
    new Error('fetch failed', { cause: netError('ECONNRESET') }),
    // The SDK corrected its clock offset from the answer: the next attempt is signed right.
    awsError('SignatureDoesNotMatch', 403, { message: 'Signature expired: 20260101T000000Z is now earlier than ...' }),
    awsError('InvalidClientTokenId', 403, { clockSkewCorrected: true }),
    awsError('RequestExpired', 400),
    // No answer and nothing recognised (e.g. a checksum mismatch): bounded by the retry budget.
    new Error('Invalid MD5 checksum on messages: abc vs def'),
    'a string thrown by someone'
  ]
  for (const error of shapes) assert.equal(kindOf(error), 'transient', describeSqsError(error))
})

test('errors that retrying cannot fix are fatal', () => {
  const shapes = [
    awsError('QueueDoesNotExist', 400, { code: 'AWS.SimpleQueueService.NonExistentQueue' }),
    awsError('SQSServiceException', 400, { code: 'AWS.SimpleQueueService.NonExistentQueue' }),
    awsError('AccessDenied', 403),
    awsError('AccessDeniedException', 400),
    awsError('InvalidClientTokenId', 403, { code: 'InvalidClientTokenId' }),
    awsError('SignatureDoesNotMatch', 403),
    awsError('UnrecognizedClientException', 400),
    awsError('MissingAuthenticationToken', 403),
    awsError('IncompleteSignature', 400),
    awsError('ExpiredToken', 403),
    awsError('ExpiredTokenException', 400),
    awsError('KmsAccessDenied', 400, { code: 'KMS.AccessDeniedException' }),
    awsError('KmsDisabled', 400, { code: 'KMS.DisabledException' }),
    awsError('KmsNotFound', 400, { code: 'KMS.NotFoundException' }),
    awsError('InvalidAddress', 404),
    awsError('InvalidSecurity', 403),
    awsError('UnsupportedOperation', 400),
    awsError('InvalidParameterValue', 400),
    awsError('Unknown', 403),
    awsError('Unknown', 401),
    Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
  ]
  for (const error of shapes) assert.equal(kindOf(error), 'fatal', describeSqsError(error))
})

test('a fatal verdict carries an SqsConnectError with code, subject and cause', () => {
  const cause = awsError('QueueDoesNotExist', 400, { code: 'AWS.SimpleQueueService.NonExistentQueue' })
  const verdict = classifySqsError(cause, 'ReceiveMessage', context)
  assert.equal(verdict.retry, false)
  if (verdict.retry) return
  assert.ok(verdict.error instanceof SqsConnectError)
  assert.equal(verdict.error.code, 'SQSC_SQS_QUEUE_NOT_FOUND')
  assert.equal(verdict.error.subject, 'sqs.url')
  assert.equal(verdict.error.retriable, false)
  assert.equal(verdict.error.cause, cause)
  assert.deepEqual(classifySqsError(awsError('ServiceUnavailable', 503), 'ReceiveMessage', context), { retry: true, kind: 'transient' })
  assert.deepEqual(classifySqsError(awsError('RequestThrottled', 403), 'ReceiveMessage', context), { retry: true, kind: 'throttling' })
})

test('fatal messages say what to fix', () => {
  const cases: Array<[Error, string, string, RegExp[]]> = [
    [awsError('QueueDoesNotExist', 400, { code: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.' }), 'ReceiveMessage', 'SQSC_SQS_QUEUE_NOT_FOUND',
      [/SQS queue https:\/\/sqs\.eu-west-1\.amazonaws\.com\/123456789012\/orders does not exist: check sqs\.url and the region \(sqs\.region \/ AWS_REGION; requests are signed for eu-west-1\)/,
        /SQS ReceiveMessage answered QueueDoesNotExist, AWS\.SimpleQueueService\.NonExistentQueue, HTTP 400: The specified queue does not exist\./]],
    [awsError('AccessDenied', 403), 'ReceiveMessage', 'SQSC_SQS_ACCESS_DENIED',
      [/Access denied for sqs:ReceiveMessage on SQS queue .*orders: grant sqs:ReceiveMessage and sqs:DeleteMessage on this queue to the AWS identity of the connector \(credentials from aws\.access\.key\.id \/ aws\.secret\.key\.id\)/]],
    [awsError('AccessDenied', 403), 'DeleteMessageBatch', 'SQSC_SQS_ACCESS_DENIED', [/Access denied for sqs:DeleteMessage on/]],
    [awsError('InvalidClientTokenId', 403), 'ReceiveMessage', 'SQSC_SQS_BAD_CREDENTIALS', [/AWS did not accept the connector's credentials: the access key id is not known to AWS/]],
    [awsError('SignatureDoesNotMatch', 403), 'ReceiveMessage', 'SQSC_SQS_BAD_CREDENTIALS', [/the secret key must belong to the access key id\) and the region .*signed for eu-west-1/]],
    [awsError('ExpiredToken', 403), 'ReceiveMessage', 'SQSC_SQS_BAD_CREDENTIALS', [/session token has expired/]],
    [awsError('MissingAuthenticationToken', 403), 'ReceiveMessage', 'SQSC_SQS_BAD_CREDENTIALS', [/carried no credentials/]],
    [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'ReceiveMessage', 'SQSC_SQS_BAD_CREDENTIALS',
      [/no AWS credentials were found: set aws\.access\.key\.id and aws\.secret\.key\.id/]],
    [awsError('KmsDisabled', 400, { code: 'KMS.DisabledException' }), 'ReceiveMessage', 'SQSC_SQS_KMS_KEY_UNUSABLE', [/key is enabled and its key policy grants kms:Decrypt/]],
    [awsError('InvalidSecurity', 403), 'ReceiveMessage', 'SQSC_SQS_REQUEST_REJECTED', [/use https:\/\/ in sqs\.url/]],
    [awsError('InvalidAddress', 404), 'ReceiveMessage', 'SQSC_SQS_REQUEST_REJECTED', [/does not serve .*: check sqs\.url, sqs\.endpoint\.url and the region/]],
    [awsError('Unknown', 403), 'ReceiveMessage', 'SQSC_SQS_ACCESS_DENIED', [/SQS refused sqs:ReceiveMessage on queue .*and any proxy in between/]],
    [awsError('InvalidParameterValue', 400), 'ReceiveMessage', 'SQSC_SQS_REQUEST_REJECTED', [/SQS rejected ReceiveMessage on queue .*; retrying cannot fix this/]]
  ]
  for (const [cause, operation, code, patterns] of cases) {
    const error = fatalSqsError(cause, operation, context)
    assert.equal(error.code, code, error.message)
    for (const pattern of patterns) assert.match(error.message, pattern)
  }
})

test('secrets never reach a message; long or multi-line server texts are cut', () => {
  const leaky = awsError('SignatureDoesNotMatch', 403, { message: `The request signature does not match. Secret: ${SECRET}\nCanonical request: ...` })
  const error = fatalSqsError(leaky, 'ReceiveMessage', context)
  assert.ok(!error.message.includes(SECRET))
  assert.match(error.message, /Secret: \[hidden\]/)
  assert.ok(!error.message.includes('Canonical request'))
  const long = describeSqsError(new Error('x'.repeat(1000)))
  assert.ok(long.length < 350)
})

test('describeSqsError names the code, the query code and the status', () => {
  assert.equal(describeSqsError(awsError('KmsThrottled', 400, { code: 'KMS.ThrottlingException', message: 'slow down' })), 'KmsThrottled, KMS.ThrottlingException, HTTP 400: slow down')
  assert.equal(describeSqsError(netError('ECONNREFUSED')), 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9324')
  assert.equal(describeSqsError(new Error('socket hang up')), 'Error: socket hang up')
  // ElasticMQ sends no x-amzn-query-error: the SDK then puts the namespaced __type into Code.
  assert.equal(describeSqsError(awsError('QueueDoesNotExist', 400, { code: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'gone' })), 'QueueDoesNotExist, HTTP 400: gone')
  assert.equal(kindOf(awsError('SQSServiceException', 400, { code: 'com.amazonaws.sqs#QueueDoesNotExist' })), 'fatal')
})

test('IAM actions: batch operations are authorised by the single action', () => {
  assert.equal(iamAction('ReceiveMessage'), 'sqs:ReceiveMessage')
  assert.equal(iamAction('DeleteMessageBatch'), 'sqs:DeleteMessage')
})
