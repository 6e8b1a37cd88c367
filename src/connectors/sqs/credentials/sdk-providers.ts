/** The AWS SDK for JavaScript providers behind each credential source (see docs/credentials.md). */
import {
  createCredentialChain, fromContainerMetadata, fromEnv, fromHttp, fromIni, fromInstanceMetadata, fromNodeProviderChain, fromTokenFile
} from '@aws-sdk/credential-providers'
import { fromAliasEnv, NextProviderError } from './alias-env-provider.ts'
import type { AwsCredentialIdentityProvider, CredentialSource } from './types.ts'

export type SdkSource = Exclude<CredentialSource, 'module'>

/** True when AWS_EC2_METADATA_DISABLED turns instance metadata off (any value but "false", as the SDK reads it). */
export function instanceMetadataDisabled (env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.AWS_EC2_METADATA_DISABLED
  return value !== undefined && value !== '' && value !== 'false'
}

/** True when ECS/EKS container credentials are configured. */
export function containerCredentialsConfigured (env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? '') !== '' || (env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '') !== ''
}

/** Container credentials as the SDK's own chain gets them: the HTTP provider, then the older container metadata one. */
function fromContainer (): AwsCredentialIdentityProvider {
  return createCredentialChain(fromHttp(), fromContainerMetadata())
}

/** EC2 instance metadata (IMDSv2 first), honouring AWS_EC2_METADATA_DISABLED as the default chain does. */
function fromInstance (): AwsCredentialIdentityProvider {
  const imds = fromInstanceMetadata()
  return async (properties) => {
    if (instanceMetadataDisabled()) throw new NextProviderError('EC2 instance metadata is disabled by AWS_EC2_METADATA_DISABLED')
    return await imds(properties)
  }
}

/** The default chain: the Java v1 aliases AWS_ACCESS_KEY/AWS_SECRET_KEY, then the SDK's Node chain. */
function fromDefaultChain (): AwsCredentialIdentityProvider {
  return createCredentialChain(fromAliasEnv({ skipWhenProfileSet: true }), fromNodeProviderChain())
}

/** A fresh provider for a source; each task gets its own (providers cache what they fetched). */
export function sdkProvider (source: SdkSource): AwsCredentialIdentityProvider {
  switch (source) {
    case 'default-chain': return fromDefaultChain()
    case 'environment': return createCredentialChain(fromAliasEnv({ skipWhenProfileSet: false }), fromEnv())
    case 'environment-sdk': return fromEnv()
    case 'profile': return fromIni()
    case 'container': return fromContainer()
    case 'container-or-instance': {
      const container = fromContainer()
      const instance = fromInstance()
      return async (properties) => await (containerCredentialsConfigured() ? container : instance)(properties)
    }
    case 'instance': return fromInstance()
    case 'web-identity': return fromTokenFile()
  }
}
