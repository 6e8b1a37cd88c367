/**
 * WireClient and the AWS SDK client side by side against one scripted HTTP server on 127.0.0.1: the same requests
 * (target, headers that matter, body bytes), the same outputs, and the same errors as sqs-errors.ts sees them. The
 * wire client uses its own connections (http-connections.ts), as it does without a proxy; the network error and
 * timeout cases run over node:http too (its path with a proxy).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { Agent } from 'node:http'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { SQSClient } from '@aws-sdk/client-sqs'
import { SdkHotPath, type SqsHotPath } from '../../../../src/connectors/sqs/hot-path.ts'
import { classifySqsError, describeSqsError, kindOf } from '../../../../src/connectors/sqs/sqs-errors.ts'
import { HttpConnections } from '../../../../src/connectors/sqs/wire/http-connections.ts'
import type { HttpSettings } from '../../../../src/connectors/sqs/wire/http-exchange.ts'
import { WireClient } from '../../../../src/connectors/sqs/wire/wire-client.ts'

interface Canned { status: number, headers?: Record<string, string>, body: string }
interface Seen { headers: IncomingHttpHeaders, body: string }

let canned: Canned = { status: 200, body: '{}' }
const seen: Seen[] = []
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
    res.writeHead(canned.status, { 'content-type': 'application/x-amz-json-1.0', ...canned.headers })
    res.end(canned.body)
  })
})
let endpoint = ''
let sdkClient: SQSClient
let sdk: SqsHotPath
let wire: SqsHotPath
const agent = new Agent({ keepAlive: true })
const connections = new HttpConnections()
/** Both transports of the wire client: node:http over an agent (with a proxy), and its own connections (without). */
const TRANSPORTS: ReadonlyArray<[string, (timeouts: { connectionTimeoutMs: number, requestTimeoutMs: number }) => HttpSettings]> = [
  ['node:http', (timeouts) => ({ httpAgent: agent, httpsAgent: agent, ...timeouts })],
  ['own connections', (timeouts) => ({ httpAgent: agent, httpsAgent: agent, ...timeouts, direct: connections })]
]
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'not-a-real-secret', sessionToken: 'session-token' }
const QUEUE = 'http://127.0.0.1:9/000000000000/orders.fifo'
const context = { queueUrl: QUEUE, region: 'eu-west-1', credentialsSource: 'test', secrets: [] }

before(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  sdkClient = new SQSClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1, md5: false })
  sdk = new SdkHotPath(sdkClient)
  wire = new WireClient({
    endpoint: new URL(endpoint), region: 'eu-west-1', credentials: sdkClient.config.credentials,
    http: { httpAgent: agent, httpsAgent: agent, connectionTimeoutMs: 1000, requestTimeoutMs: 5000, direct: connections }
  })
})

after(() => {
  sdkClient.destroy()
  agent.destroy()
  connections.destroy()
  server.closeAllConnections()
  server.close()
})

/** Calls both clients with the same canned answer; returns both results (or errors) and both requests. */
async function both<T> (answer: Canned, call: (c: SqsHotPath) => Promise<T>): Promise<{ sdk: { value?: T, error?: unknown }, wire: { value?: T, error?: unknown }, requests: Seen[] }> {
  canned = answer
  seen.length = 0
  const run = async (c: SqsHotPath): Promise<{ value?: T, error?: unknown }> => {
    try { return { value: await call(c) } } catch (error) { return { error } }
  }
  const s = await run(sdk)
  const w = await run(wire)
  return { sdk: s, wire: w, requests: [...seen] }
}

const receive = async (c: SqsHotPath) => await c.receiveMessage({
  QueueUrl: QUEUE, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30,
  MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ReceiveRequestAttemptId: 'attempt-1'
})

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex')

const without$metadata = (value: object | undefined): object => {
  const { $metadata: _, ...rest } = (value ?? {}) as Record<string, unknown>
  return rest
}

test('ReceiveMessage: the same request and the same output, binary attributes as bytes', async () => {
  const message = {
    MessageId: 'm-1', ReceiptHandle: 'rh-1', MD5OfBody: md5('größe 🚀 {"a":1}'), Body: 'größe 🚀 {"a":1}',
    Attributes: { SentTimestamp: '1795610860803', ApproximateReceiveCount: '1', MessageGroupId: 'g', SequenceNumber: '18889', MessageDeduplicationId: 'd' },
    MD5OfMessageAttributes: 'y',
    MessageAttributes: {
      City: { StringValue: 'Any City', DataType: 'String' },
      Price: { StringValue: '1.990', DataType: 'Number.float' },
      Blob: { BinaryValue: Buffer.from([0, 1, 2, 255, 254]).toString('base64'), DataType: 'Binary' },
      Raw: { BinaryValue: '', DataType: 'Binary.raw' }
    }
  }
  const r = await both({ status: 200, headers: { 'x-amzn-requestid': 'req-1' }, body: JSON.stringify({ Messages: [message] }) }, receive)
  assert.equal(r.sdk.error, undefined)
  assert.equal(r.wire.error, undefined)
  assert.deepEqual(without$metadata(r.wire.value), without$metadata(r.sdk.value))
  const blob = r.wire.value?.Messages?.[0]?.MessageAttributes?.Blob?.BinaryValue
  assert.ok(blob instanceof Uint8Array)
  assert.deepEqual([...blob], [0, 1, 2, 255, 254])
  const metadata = (r.wire.value as { $metadata?: { requestId?: string, httpStatusCode?: number } } | undefined)?.$metadata
  assert.equal(metadata?.requestId, 'req-1')
  assert.equal(metadata?.httpStatusCode, 200)
  const [fromSdk, fromWire] = r.requests
  assert.equal(fromWire?.body, fromSdk?.body)
  for (const header of ['content-type', 'x-amz-target', 'x-amzn-query-mode', 'content-length', 'host', 'x-amz-security-token', 'x-amz-content-sha256']) {
    assert.equal(fromWire?.headers[header], fromSdk?.headers[header], header)
  }
  assert.match(String(fromWire?.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/sqs\/aws4_request, /)
})

test('ReceiveMessage with no messages, DeleteMessageBatch and ChangeMessageVisibilityBatch: the same outputs and bodies', async () => {
  const empty = await both({ status: 200, body: '{}' }, receive)
  assert.deepEqual(without$metadata(empty.wire.value), without$metadata(empty.sdk.value))
  const entries = [{ Id: '0', ReceiptHandle: 'rh-ü' }, { Id: '1', ReceiptHandle: 'rh-2' }]
  const batchAnswer = { status: 200, body: JSON.stringify({ Successful: [{ Id: '0' }], Failed: [{ Id: '1', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'bad handle' }] }) }
  const deletes = await both(batchAnswer, async (c) => await c.deleteMessageBatch({ QueueUrl: QUEUE, Entries: entries }))
  assert.deepEqual(without$metadata(deletes.wire.value), without$metadata(deletes.sdk.value))
  assert.equal(deletes.requests[1]?.body, deletes.requests[0]?.body)
  assert.equal(deletes.requests[1]?.headers['x-amz-target'], 'AmazonSQS.DeleteMessageBatch')
  const changes = await both(batchAnswer, async (c) => await c.changeMessageVisibilityBatch({ QueueUrl: QUEUE, Entries: entries.map((e) => ({ ...e, VisibilityTimeout: 0 })) }))
  assert.deepEqual(without$metadata(changes.wire.value), without$metadata(changes.sdk.value))
  assert.equal(changes.requests[1]?.body, changes.requests[0]?.body)
  assert.equal(changes.requests[1]?.headers['x-amz-target'], 'AmazonSQS.ChangeMessageVisibilityBatch')
})

/** A message of a large answer: the body, its MD5 (or `digest`), the attributes every answer carries. */
function bigMessage (id: string, body: string, digest = md5(body)): Record<string, unknown> {
  return { MessageId: id, ReceiptHandle: `rh-${id}`, MD5OfBody: digest, Body: body, Attributes: { SentTimestamp: '1795610860803', ApproximateReceiveCount: '1' } }
}

// Answers of 32 KiB and more are read by json-reader.ts, and MD5s of ASCII answers are taken over their bytes.
const ASCII_BODY = 'bench#1@1795610860803;' + 'x'.repeat(64 * 1024)
const JSON_BODY = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ id: i, path: `C:\\dir\\${i}` })) })

test('ReceiveMessage of large answers: ASCII, non-ASCII and JSON bodies give the same output as the SDK\'s', async () => {
  const answers = [
    [bigMessage('a', ASCII_BODY), bigMessage('b', ASCII_BODY.replace('x', 'y')), bigMessage('c', 'short')],
    [bigMessage('a', ASCII_BODY), bigMessage('d', 'é日😀 '.repeat(20_000))],
    [bigMessage('e', JSON_BODY), bigMessage('a', ASCII_BODY)],
    [bigMessage('f', ASCII_BODY + '\u0001"\\' + ASCII_BODY)]
  ]
  for (const messages of answers) {
    const r = await both({ status: 200, body: JSON.stringify({ Messages: messages }) }, receive)
    assert.equal(r.sdk.error, undefined)
    assert.equal(r.wire.error, undefined)
    assert.deepEqual(without$metadata(r.wire.value), without$metadata(r.sdk.value))
    assert.deepEqual(r.wire.value?.Messages?.map((m) => m.Body), messages.map((m) => m.Body))
  }
})

test('a body that does not match its MD5OfBody: both clients throw the SDK\'s error, naming the messages, retried as transient', async () => {
  const cases = [
    // small answer, JSON.parse and the digest of the string
    [bigMessage('ok', 'fine'), bigMessage('bad-small', 'tampered', md5('original'))],
    // large ASCII answer: the digests of bodies at their place in the answer's bytes
    [bigMessage('ok', ASCII_BODY), bigMessage('bad-1', ASCII_BODY, md5(ASCII_BODY + 'x')), bigMessage('bad-2', ASCII_BODY.replace('x', 'z'), md5(ASCII_BODY))],
    // large non-ASCII answer: the digests of the strings
    [bigMessage('ok', 'ü'.repeat(40_000)), bigMessage('bad-3', 'ü'.repeat(40_000), md5('ü'.repeat(39_999)))]
  ]
  for (const messages of cases) {
    const bad = messages.filter((m) => String(m.MessageId).startsWith('bad')).map((m) => String(m.MessageId))
    const r = await both({ status: 200, body: JSON.stringify({ Messages: messages }) }, receive)
    for (const error of [r.sdk.error, r.wire.error]) {
      assert.ok(error instanceof Error, 'the call fails')
      assert.equal(error.message, `Invalid MD5 checksum on messages: ${bad.join(', ')}`)
      assert.equal(kindOf(error), 'transient')
    }
  }
})

/** Raw error answers of SQS (query-compatible headers), ElasticMQ (only __type) and things in between. */
const ERRORS: Array<[string, Canned]> = [
  ['a missing queue, as SQS answers it', { status: 400, headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender', 'x-amzn-requestid': 'r' }, body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}' }],
  ['a missing queue, as ElasticMQ answers it', { status: 400, body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}' }],
  ['access denied', { status: 400, headers: { 'x-amzn-query-error': 'AccessDenied;Sender' }, body: '{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User is not authorized to perform sqs:ReceiveMessage"}' }],
  ['an unknown access key', { status: 403, headers: { 'x-amzn-query-error': 'InvalidClientTokenId;Sender' }, body: '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}' }],
  ['a bad signature', { status: 403, body: '{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"The request signature we calculated does not match"}' }],
  ['throttling', { status: 400, headers: { 'x-amzn-query-error': 'RequestThrottled;Sender' }, body: '{"__type":"com.amazonaws.sqs#RequestThrottled","message":"Rate exceeded"}' }],
  ['a KMS key that is disabled', { status: 400, headers: { 'x-amzn-query-error': 'KMS.DisabledException;Sender' }, body: '{"__type":"com.amazonaws.sqs#KmsDisabled","message":"disabled"}' }],
  ['an internal error', { status: 500, headers: { 'x-amzn-query-error': 'InternalError;Receiver' }, body: '{"__type":"com.amazon.coral.service#InternalFailure","message":"We encountered an internal error."}' }],
  ['an empty 503', { status: 503, body: '' }],
  ['an HTML 502 from something in between', { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad Gateway</body></html>' }],
  ['an unknown 404 without a type', { status: 404, body: '{"message":"no such thing"}' }]
]

for (const [label, answer] of ERRORS) {
  test(`errors are classified and described alike: ${label}`, async () => {
    const r = await both(answer, receive)
    const s = r.sdk.error as Record<string, unknown>
    const w = r.wire.error as Record<string, unknown>
    assert.ok(s !== undefined && w !== undefined, 'both calls fail')
    assert.equal(w.name, s.name)
    assert.equal(w.message, s.message)
    assert.equal(w.$fault, s.$fault)
    assert.equal(w.Code, s.Code)
    const sm = s.$metadata as Record<string, unknown>
    const wm = w.$metadata as Record<string, unknown>
    assert.equal(wm.httpStatusCode, sm.httpStatusCode)
    assert.equal(wm.requestId, sm.requestId)
    assert.equal(wm.attempts, sm.attempts)
    assert.equal(kindOf(w), kindOf(s))
    assert.equal(describeSqsError(w, context), describeSqsError(s, context))
    const ws = classifySqsError(w, 'ReceiveMessage', context)
    const ss = classifySqsError(s, 'ReceiveMessage', context)
    assert.equal(ws.retry, ss.retry)
    if (!ws.retry && !ss.retry) {
      assert.equal(ws.error.code, ss.error.code)
      assert.equal(ws.error.message, ss.error.message)
    }
  })
}

for (const [transport, settings] of TRANSPORTS) {
  test(`${transport}: a network error passes through with its code, and an aborted call ends with an AbortError`, async () => {
    const closed = new WireClient({
      endpoint: new URL('http://127.0.0.1:9'), region: 'eu-west-1', credentials: async () => credentials,
      http: settings({ connectionTimeoutMs: 1000, requestTimeoutMs: 5000 })
    })
    await assert.rejects(receive(closed), (error: Error & { code?: string }) => error.code === 'ECONNREFUSED' && kindOf(error) === 'transient')
    const controller = new AbortController()
    controller.abort()
    const client = new WireClient({ endpoint: new URL(endpoint), region: 'eu-west-1', credentials: async () => credentials, http: settings({ connectionTimeoutMs: 1000, requestTimeoutMs: 5000 }) })
    await assert.rejects(client.receiveMessage({ QueueUrl: QUEUE }, controller.signal), { name: 'AbortError' })
  })

  test(`${transport}: a request past its timeout fails with a TimeoutError (ETIMEDOUT), retried as transient, as with throwOnRequestTimeout`, async () => {
    const silent = createServer(() => { /* never answers */ })
    silent.listen(0, '127.0.0.1')
    await once(silent, 'listening')
    const hanging = new WireClient({
      endpoint: new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`), region: 'eu-west-1', credentials: async () => credentials,
      http: settings({ connectionTimeoutMs: 1000, requestTimeoutMs: 300 })
    })
    const started = Date.now()
    try {
      await assert.rejects(receive(hanging), (error: Error & { code?: string }) => error.name === 'TimeoutError' && error.code === 'ETIMEDOUT' && kindOf(error) === 'transient')
      assert.ok(Date.now() - started >= 290, 'not before the timeout')
      // An abort during the wait ends the call at once with an AbortError.
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 50)
      await assert.rejects(hanging.receiveMessage({ QueueUrl: QUEUE, WaitTimeSeconds: 1 }, controller.signal), { name: 'AbortError' })
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
  })
}

test('a server clock an hour ahead: the error says the clock was corrected, and the next request is signed with the server\'s time', async () => {
  const skewed = new WireClient({
    endpoint: new URL(endpoint), region: 'eu-west-1', credentials: async () => credentials,
    http: { httpAgent: agent, httpsAgent: agent, connectionTimeoutMs: 1000, requestTimeoutMs: 5000 }
  })
  const serverTime = new Date(Date.now() + 3600_000)
  canned = { status: 403, headers: { date: serverTime.toUTCString() }, body: '{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired"}' }
  seen.length = 0
  await assert.rejects(receive(skewed), (error: { $metadata?: { clockSkewCorrected?: boolean } }) => error.$metadata?.clockSkewCorrected === true)
  canned = { status: 200, body: '{}' }
  await receive(skewed)
  const amzDate = (s: Seen | undefined): number => {
    const d = String(s?.headers['x-amz-date'])
    return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)), Number(d.slice(9, 11)), Number(d.slice(11, 13)), Number(d.slice(13, 15)))
  }
  assert.ok(Math.abs(amzDate(seen[0]) - Date.now()) < 60_000, 'the first request carries the local time')
  assert.ok(Math.abs(amzDate(seen[1]) - serverTime.getTime()) < 60_000, 'the second carries the server\'s time')
})
