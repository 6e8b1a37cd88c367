/**
 * Where the SQS client's AWS credentials come from: static keys from the connector config, else the
 * provider named by sqs.credentials.provider.class (default: the AWS default chain).
 */
import type { SqsSourceConfig } from './config.ts'

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** What the AWS SDK calls a credential identity provider: called whenever credentials are needed. */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentials>

/** undefined means: let the SDK use its default chain. */
export async function resolveCredentials (config: SqsSourceConfig): Promise<AwsCredentialIdentityProvider | undefined> {
  if (config.accessKeyId !== '' && config.secretAccessKey !== '') {
    const identity = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
    return async () => identity
  }
  return undefined
}
