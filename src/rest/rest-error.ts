/** Errors of the REST API, answered as Connect's ErrorMessage: {"error_code":<status>,"message":"..."}. */
import { hasCode, ErrorCodes } from '../errors.ts'

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
export const conflict = (message: string): RestError => new RestError(409, message)

/** The status and body Connect answers for `error`: config errors are 400, unknown errors 500. */
export function errorResponse (error: unknown): { status: number, body: { error_code: number, message: string } } {
  let status = 500
  if (error instanceof RestError) status = error.status
  else if (hasCode(error, ErrorCodes.CONFIG_INVALID)) status = 400
  else if (typeof (error as { statusCode?: unknown }).statusCode === 'number') status = (error as { statusCode: number }).statusCode
  const message = error instanceof Error ? error.message : String(error)
  return { status, body: { error_code: status, message } }
}
