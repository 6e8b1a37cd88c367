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

/**
 * PATCH/DELETE .../offsets: SQS has no framework-managed offsets, so nothing changes; Connect still requires the
 * connector to be STOPPED (with no task configs left) first, and answers its usual message.
 */
export function modifiedOffsetsAnswer (name: string, stopped: boolean, verb: 'altered' | 'reset'): { message: string } {
  if (!stopped) {
    throw badRequestError('Connectors must be in the STOPPED state before their offsets can be modified. This can be done ' +
      `for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`, name)
  }
  return {
    message: `The Connect framework-managed offsets for this connector have been ${verb} successfully. However, if this connector ` +
      `manages offsets externally, they will need to be manually ${verb} in the system that the connector uses.`
  }
}
