/** Errors of the REST API, answered as Connect's ErrorMessage: {"error_code":<status>,"message":"..."}. */
import { ErrorCodes, SqsConnectError } from '../errors.ts'

/** An error with the HTTP status Connect's ConnectExceptionMapper would give it. */
export class RestError extends Error {
  readonly status: number

  constructor (status: number, message: string) {
    super(message)
    this.name = 'RestError'
    this.status = status
  }
}

export const notFound = (message: string): RestError => new RestError(404, message)
export const badRequest = (message: string): RestError => new RestError(400, message)

/** HTTP statuses of the herder's errors, as ConnectExceptionMapper maps NotFound, AlreadyExists and BadRequest. */
const STATUS_BY_CODE: ReadonlyMap<string, number> = new Map([
  [ErrorCodes.CONFIG_INVALID, 400],
  [ErrorCodes.BAD_REQUEST, 400],
  [ErrorCodes.PLUGIN_NOT_FOUND, 400],
  [ErrorCodes.NOT_FOUND, 404],
  [ErrorCodes.ALREADY_EXISTS, 409],
  [ErrorCodes.REBALANCE_IN_PROGRESS, 409]
])

/** Jersey's messages for HTTP-level failures (fastify's own wording says the same in other words). */
const HTTP_MESSAGES: ReadonlyMap<number, string> = new Map([
  [404, 'HTTP 404 Not Found'],
  [405, 'HTTP 405 Method Not Allowed'],
  [415, 'HTTP 415 Unsupported Media Type']
])

/** A forwarded request's own status (its subject), so the caller sees what the leader answered. */
function forwardedStatus (error: SqsConnectError): number {
  const status = Number(error.subject)
  return Number.isInteger(status) && status >= 400 && status < 600 ? status : 500
}

/** The status and body Connect answers for `error`: herder errors by their code, config errors 400, unknown errors 500. */
export function errorResponse (error: unknown): { status: number, body: { error_code: number, message: string } } {
  let status = 500
  let message = error instanceof Error ? error.message : String(error)
  if (error instanceof RestError) status = error.status
  else if (error instanceof SqsConnectError && STATUS_BY_CODE.has(error.code)) status = STATUS_BY_CODE.get(error.code)!
  else if (error instanceof SqsConnectError && error.code === ErrorCodes.FORWARDED_REQUEST_FAILED) status = forwardedStatus(error)
  else if (typeof (error as { statusCode?: unknown }).statusCode === 'number') {
    status = (error as { statusCode: number }).statusCode
    message = HTTP_MESSAGES.get(status) ?? message
  }
  return { status, body: { error_code: status, message } }
}
