/**
 * The lean SQS client of the hot path (sqs.client=wire): ReceiveMessage, DeleteMessageBatch and
 * ChangeMessageVisibilityBatch over SQS's AWS JSON 1.0 protocol, signed with SigV4, sent over the SDK client's own
 * agents with its credentials provider, region and endpoint. Takes the SDK's inputs, gives the SDK's outputs and
 * error shapes; one attempt per call (the task's RetryPolicy retries, as with the SDK client).
 */
import type {
  ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult, DeleteMessageBatchRequest, DeleteMessageBatchResult,
  Message, ReceiveMessageRequest, ReceiveMessageResult
} from '@aws-sdk/client-sqs'
import { verifyBodyDigests } from '../body-md5.ts'
import type { AwsCredentialIdentityProvider } from '../credentials/types.ts'
import type { SqsHotPath } from '../hot-path.ts'
import { isProxyRefusal, proxyRefusedError, type ProxySettings } from '../proxy.ts'
import { VERSION } from '../version.ts'
import { post, type HttpAnswer, type HttpSettings } from './http-exchange.ts'
import type { LongStringListener } from './json-reader.ts'
import { batchBody, operationHeaders, parseBody, receiveMessageBody, receiveMessageOutput, type HotPathOperation, type ResponseMetadata } from './json-protocol.ts'
import { SigV4Signer } from './sigv4.ts'
import { headerText, serviceError } from './wire-errors.ts'

const USER_AGENT = `sqs-connect/${VERSION} wire lang/js md/nodejs#${process.versions.node}`
/** The SDK's threshold: a server clock this far off makes later requests be signed with the server's time. */
const CLOCK_SKEW_MS = 300_000

export interface WireClientOptions {
  /** The endpoint the SDK client would call, e.g. https://sqs.us-east-1.amazonaws.com. */
  readonly endpoint: URL
  /** The region requests are signed for. */
  readonly region: string
  /** The SDK client's provider (it caches and refreshes expiring credentials). */
  readonly credentials: AwsCredentialIdentityProvider
  readonly http: HttpSettings
  /** The forward proxy, when one is configured: its refusal of the login becomes an SqsConnectError. */
  readonly proxy?: ProxySettings | undefined
}

export class WireClient implements SqsHotPath {
  readonly #o: WireClientOptions
  readonly #url: URL
  readonly #signer: SigV4Signer
  /** Server time minus local time, once the server's clock was seen to be off by more than five minutes. */
  #clockOffsetMs = 0

  constructor (options: WireClientOptions) {
    this.#o = options
    this.#url = new URL(options.endpoint.href)
    if (!this.#url.pathname.endsWith('/')) this.#url.pathname += '/'
    this.#signer = new SigV4Signer('sqs', options.region)
  }

  /** The endpoint the calls go to. */
  get endpoint (): URL {
    return new URL(this.#url.href)
  }

  async receiveMessage (input: ReceiveMessageRequest, abortSignal?: AbortSignal): Promise<ReceiveMessageResult> {
    const bodies = new LongBodies()
    const { data, metadata, body } = await this.#call('ReceiveMessage', receiveMessageBody(input), abortSignal, bodies.listener)
    return bodies.checkedOutput(data, metadata, body)
  }

  async deleteMessageBatch (input: DeleteMessageBatchRequest, abortSignal?: AbortSignal): Promise<DeleteMessageBatchResult> {
    const { data, metadata } = await this.#call('DeleteMessageBatch', batchBody(input.QueueUrl, input.Entries), abortSignal)
    return { ...data, $metadata: metadata } as unknown as DeleteMessageBatchResult
  }

  async changeMessageVisibilityBatch (input: ChangeMessageVisibilityBatchRequest, abortSignal?: AbortSignal): Promise<ChangeMessageVisibilityBatchResult> {
    const { data, metadata } = await this.#call('ChangeMessageVisibilityBatch', batchBody(input.QueueUrl, input.Entries), abortSignal)
    return { ...data, $metadata: metadata } as unknown as ChangeMessageVisibilityBatchResult
  }

  async #call (operation: HotPathOperation, text: string, signal: AbortSignal | undefined, onLongString?: LongStringListener): Promise<{ data: Record<string, unknown>, metadata: ResponseMetadata, body: Buffer }> {
    const body = Buffer.from(text, 'utf8')
    const headers: Record<string, string> = { ...operationHeaders(operation), 'content-length': String(body.length), host: this.#url.host }
    const credentials = await this.#o.credentials()
    this.#signer.sign({ path: this.#url.pathname, headers, body }, credentials, Date.now() + this.#clockOffsetMs)
    headers['user-agent'] = USER_AGENT
    const answer = await post(this.#url, headers, body, this.#o.http, signal)
    const proxy = this.#o.proxy
    if (proxy !== undefined && isProxyRefusal(answer.statusCode, answer.headers as Record<string, string | undefined>)) throw proxyRefusedError(proxy, answer.statusCode)
    const metadata = metadataOf(answer)
    const ok = answer.statusCode >= 200 && answer.statusCode < 300
    if (this.#correctClock(answer) && !ok) metadata.clockSkewCorrected = true
    const data = parseAnswer(answer, metadata, ok ? onLongString : undefined)
    if (ok) return { data, metadata, body: answer.body }
    throw serviceError(data, answer.headers, metadata)
  }

  /** As the SDK does: when the server's Date is five minutes or more off ours, sign later requests with its time. */
  #correctClock (answer: HttpAnswer): boolean {
    const date = answer.headers.date
    if (date === undefined) return false
    const serverMs = Date.parse(date)
    if (Number.isNaN(serverMs)) return false
    if (Math.abs(Date.now() + this.#clockOffsetMs - serverMs) < CLOCK_SKEW_MS) return false
    this.#clockOffsetMs = serverMs - Date.now()
    return true
  }
}

function metadataOf (answer: HttpAnswer): ResponseMetadata {
  const h = answer.headers
  return {
    httpStatusCode: answer.statusCode,
    requestId: headerText(h['x-amzn-requestid']) ?? headerText(h['x-amzn-request-id']) ?? headerText(h['x-amz-request-id']),
    extendedRequestId: headerText(h['x-amz-id-2']),
    cfId: headerText(h['x-amz-cf-id']),
    attempts: 1,
    totalRetryDelay: 0
  }
}

/**
 * The answer's JSON. A body that is not JSON (e.g. an HTML page of something in between) throws the parser's
 * SyntaxError with the answer's $metadata, as the SDK does; it is classified by its HTTP status.
 */
function parseAnswer (answer: HttpAnswer, metadata: ResponseMetadata, onLongString: LongStringListener | undefined): Record<string, unknown> {
  try {
    return parseBody(answer.body, onLongString)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    error.message += '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'
    Object.defineProperty(error, '$response', { value: { statusCode: answer.statusCode, headers: answer.headers, body: answer.body }, enumerable: false })
    throw Object.assign(error, { $metadata: metadata })
  }
}

/**
 * Where each long body lies in a ReceiveMessage answer (json-reader.ts reports it while parsing), so that its MD5 is
 * checked over the answer's own bytes instead of encoding the string again.
 */
export class LongBodies {
  readonly #spans = new Map<object, readonly [number, number]>()
  /** For parseBody(): remembers where each long Body string was. */
  readonly listener: LongStringListener = (holder, key, start, end) => { if (key === 'Body') this.#spans.set(holder, [start, end]) }

  /** The answer's output, every body checked against its MD5OfBody (the SDK's error when one does not match). */
  checkedOutput (data: Record<string, unknown>, metadata: ResponseMetadata, answer: Buffer): ReceiveMessageResult {
    const output = receiveMessageOutput(data, metadata)
    const spans = this.#spans
    const bytesOf = spans.size > 0
      ? (message: Message) => { const span = spans.get(message); return span === undefined ? undefined : answer.subarray(span[0], span[1]) }
      : undefined
    if (output.Messages !== undefined) verifyBodyDigests(output.Messages, bytesOf)
    return output
  }
}
