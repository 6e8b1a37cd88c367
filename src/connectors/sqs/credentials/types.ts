/** The shapes the AWS SDK for JavaScript v3 uses for credentials, kept here so the connector owns its contract. */

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/**
 * What the SDK calls a credential identity provider: called whenever credentials are needed. The SDK passes
 * identity properties (the calling client's config) that SDK providers use, e.g. for the STS region.
 */
export type AwsCredentialIdentityProvider = (identityProperties?: object) => Promise<AwsCredentials>

/** Where a provider gets its credentials from; decides what a failure message lists as tried. */
export type CredentialSource =
  | 'default-chain'
  | 'environment'
  | 'environment-sdk'
  | 'profile'
  | 'container'
  | 'container-or-instance'
  | 'instance'
  | 'web-identity'
  | 'module'

/** A provider and what it stands for. */
export interface NamedProvider {
  readonly provider: AwsCredentialIdentityProvider
  readonly source: CredentialSource
  /** For messages: the configured class or module, never a secret. */
  readonly label: string
}
