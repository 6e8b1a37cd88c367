/**
 * The environment variable aliases of the AWS SDK for Java v1 that Confluent's connector documents:
 * AWS_ACCESS_KEY for AWS_ACCESS_KEY_ID and AWS_SECRET_KEY for AWS_SECRET_ACCESS_KEY. The JavaScript SDK
 * ignores them, so this provider sits in front of its chain and steps aside when they are not in use.
 */
import type { AwsCredentialIdentityProvider } from './types.ts'

/** Thrown to let the next provider of a chain try (the SDK's chains look at `tryNextLink`). */
export class NextProviderError extends Error {
  readonly tryNextLink = true
  override readonly name = 'CredentialsProviderError'
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value)

export interface AliasEnvOptions {
  /** In the default chain the SDK prefers AWS_PROFILE over environment keys; so do the aliases there. */
  readonly skipWhenProfileSet: boolean
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Credentials from AWS_ACCESS_KEY / AWS_SECRET_KEY, each variable falling back to its standard name.
 * Steps aside when the standard pair is complete (the SDK's own env provider reads it).
 */
export function fromAliasEnv (options: AliasEnvOptions): AwsCredentialIdentityProvider {
  const env = options.env ?? process.env
  return async () => {
    const standardPair = nonEmpty(env.AWS_ACCESS_KEY_ID) !== undefined && nonEmpty(env.AWS_SECRET_ACCESS_KEY) !== undefined
    if (standardPair) throw new NextProviderError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set: the SDK reads them')
    if (options.skipWhenProfileSet && nonEmpty(env.AWS_PROFILE) !== undefined) throw new NextProviderError('AWS_PROFILE is set: the profile wins')
    const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID) ?? nonEmpty(env.AWS_ACCESS_KEY)
    const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY) ?? nonEmpty(env.AWS_SECRET_KEY)
    if (accessKeyId === undefined || secretAccessKey === undefined) throw new NextProviderError('AWS_ACCESS_KEY / AWS_SECRET_KEY are not set')
    const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN)
    return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) }
  }
}
