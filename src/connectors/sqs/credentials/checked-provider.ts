/**
 * Wraps a credential provider so that a failure says which sources were tried and what to set, and a
 * provider module that returns something else than credentials is told so. Never puts a secret in a message.
 */
import { configError, ErrorCodes, SqsConnectError } from '../../../errors.ts'
import { CONTRACT, PROVIDER_CLASS } from './provider-module.ts'
import { triedSources, WHAT_TO_SET } from './tried-sources.ts'
import type { AwsCredentialIdentityProvider, AwsCredentials, NamedProvider } from './types.ts'

const isText = (value: unknown): value is string => typeof value === 'string' && value !== ''

function checkShape (named: NamedProvider, identity: unknown): AwsCredentials {
  const candidate = identity as Partial<Record<keyof AwsCredentials, unknown>> | null | undefined
  const problems: string[] = []
  if (!isText(candidate?.accessKeyId)) problems.push('no accessKeyId')
  if (!isText(candidate?.secretAccessKey)) problems.push('no secretAccessKey')
  if (candidate?.sessionToken !== undefined && typeof candidate.sessionToken !== 'string') problems.push('a sessionToken that is not a string')
  if (candidate?.expiration !== undefined && !(candidate.expiration instanceof Date)) problems.push('an expiration that is not a Date')
  if (problems.length > 0) {
    throw configError(PROVIDER_CLASS, `Invalid value ${named.label} for configuration ${PROVIDER_CLASS}: its provider returned ${problems.join(', ')}. Expected ${CONTRACT}`)
  }
  return identity as AwsCredentials
}

function unavailable (named: NamedProvider, error: unknown): SqsConnectError {
  const reason = error instanceof Error ? error.message : String(error)
  const tried = triedSources(named.source, named.label).map((s, i) => `(${i + 1}) ${s}`).join('; ')
  return new SqsConnectError(ErrorCodes.CREDENTIALS_UNAVAILABLE,
    `No AWS credentials for SQS from ${PROVIDER_CLASS}=${named.label}. Tried: ${tried}. Last error: ${reason}. ${WHAT_TO_SET}`,
    { subject: PROVIDER_CLASS, cause: error })
}

/** The provider, with failures turned into SQSC_CREDENTIALS_UNAVAILABLE errors that list the sources tried. */
export function checkedProvider (named: NamedProvider): AwsCredentialIdentityProvider {
  return async (properties) => {
    let identity: unknown
    try {
      identity = await named.provider(properties)
    } catch (error) {
      if (error instanceof SqsConnectError) throw error
      throw unavailable(named, error)
    }
    return named.source === 'module' ? checkShape(named, identity) : identity as AwsCredentials
  }
}
