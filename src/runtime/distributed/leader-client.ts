/**
 * Forwards a REST write to the leader (or a task's worker), as Connect's HerderRequestHandler does, and turns the
 * answer back into the herder's result or error: 404, 400 and 409 keep their meaning; other statuses pass through.
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import { alreadyExistsError, badRequestError, notFoundError } from '../herder/herder-errors.ts'

export interface ForwardedRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path and query, e.g. `/connectors/sqs/config`. */
  readonly path: string
  readonly body?: unknown
}

/** Connect's answer when the target is not known (no leader elected yet, or a rebalance under way). */
export const noLeaderError = (): SqsConnectError => new SqsConnectError(ErrorCodes.REBALANCE_IN_PROGRESS,
  'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.')

/** Connect's RebalanceNeededException answer. */
export const staleConfigError = (): SqsConnectError => new SqsConnectError(ErrorCodes.REBALANCE_IN_PROGRESS,
  'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)')

const FORWARD_TIMEOUT_MS = 90_000

/** Sends the request to `baseUrl` and resolves with the status and parsed JSON body (undefined when empty). */
export async function forwardRequest (baseUrl: string, request: ForwardedRequest, headers: Readonly<Record<string, string>> = {}): Promise<{ status: number, body: unknown }> {
  const url = new URL(request.path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`)
  let response: Response
  try {
    response = await fetch(url, {
      method: request.method,
      headers: { ...headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json' },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS)
    })
  } catch (error) {
    throw new SqsConnectError(ErrorCodes.FORWARDED_REQUEST_FAILED, `Forwarding ${request.method} ${request.path} to ${url.origin} failed: ${(error as Error).message}`,
      { subject: '500', cause: error, retriable: true })
  }
  const text = await response.text()
  const body: unknown = text === '' ? undefined : JSON.parse(text)
  if (response.ok) return { status: response.status, body }
  const message = typeof (body as { message?: unknown } | undefined)?.message === 'string' ? (body as { message: string }).message : `HTTP ${response.status}`
  if (response.status === 404) throw notFoundError(message, request.path)
  if (response.status === 400) throw badRequestError(message, request.path)
  if (response.status === 409 && message.endsWith('already exists')) throw alreadyExistsError(message.replace(/^Connector (.*) already exists$/, '$1'))
  if (response.status === 409) throw new SqsConnectError(ErrorCodes.REBALANCE_IN_PROGRESS, message)
  throw new SqsConnectError(ErrorCodes.FORWARDED_REQUEST_FAILED, message, { subject: String(response.status) })
}
