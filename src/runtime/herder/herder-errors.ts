/** The errors of Connect's herders, with Connect's messages; the REST layer maps their codes to 404/409/400. */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'

/** Connect's NotFoundException. */
export const notFoundError = (message: string, subject: string): SqsConnectError =>
  new SqsConnectError(ErrorCodes.NOT_FOUND, message, { subject })

/** Connect's AlreadyExistsException. */
export const alreadyExistsError = (name: string): SqsConnectError =>
  new SqsConnectError(ErrorCodes.ALREADY_EXISTS, `Connector ${name} already exists`, { subject: name })

/** Connect's BadRequestException. */
export const badRequestError = (message: string, subject?: string): SqsConnectError =>
  new SqsConnectError(ErrorCodes.BAD_REQUEST, message, { subject })
