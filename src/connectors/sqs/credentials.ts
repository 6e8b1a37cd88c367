/**
 * Where the SQS client's AWS credentials come from: static keys from the connector config (they win), else
 * the provider named by sqs.credentials.provider.class: the default chain, a well-known AWS SDK for Java
 * class mapped to its Node.js provider, or a JavaScript module. docs/credentials.md has the whole story.
 */
import { configError } from '../../errors.ts'
import type { SqsSourceConfig } from './config.ts'
import { checkedProvider } from './credentials/checked-provider.ts'
import { lookUpJavaClass, MAPPED_JAVA_CLASSES } from './credentials/java-provider-classes.ts'
import { loadProviderModule, PROVIDER_CLASS } from './credentials/provider-module.ts'
import { sdkProvider } from './credentials/sdk-providers.ts'
import type { AwsCredentialIdentityProvider, NamedProvider } from './credentials/types.ts'

export type { AwsCredentialIdentityProvider, AwsCredentials } from './credentials/types.ts'
export type { CredentialsProviderContext } from './credentials/provider-module.ts'

const ACCESS_KEY = 'aws.access.key.id'
const SECRET_KEY = 'aws.secret.key.id'

/** Static keys when both are set; a config error naming the missing one when only one is. */
function staticKeys (config: SqsSourceConfig): AwsCredentialIdentityProvider | undefined {
  const hasAccess = config.accessKeyId !== ''
  const hasSecret = config.secretAccessKey !== ''
  if (hasAccess && hasSecret) {
    const identity = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
    return async () => identity
  }
  if (hasAccess) throw configError(SECRET_KEY, `Missing required configuration "${SECRET_KEY}": ${ACCESS_KEY} is set, and static keys need both`)
  if (hasSecret) throw configError(ACCESS_KEY, `Missing required configuration "${ACCESS_KEY}": ${SECRET_KEY} is set, and static keys need both`)
  return undefined
}

/** The provider sqs.credentials.provider.class names. */
async function namedProvider (config: SqsSourceConfig): Promise<NamedProvider> {
  const label = config.credentialsProviderClass.trim()
  const java = lookUpJavaClass(label)
  switch (java.kind) {
    case 'mapped': return { provider: sdkProvider(java.source), source: java.source, label }
    case 'unavailable': throw configError(PROVIDER_CLASS, `Invalid value ${label} for configuration ${PROVIDER_CLASS}: ${java.reason}`)
    case 'unknown':
      throw configError(PROVIDER_CLASS, `Invalid value ${label} for configuration ${PROVIDER_CLASS}: sqs-connect cannot load Java classes. ` +
        `Supported AWS SDK for Java class names: ${Object.keys(MAPPED_JAVA_CLASSES).join(', ')}. ` +
        'Or name a JavaScript module (a file path or a package) that exports createCredentialsProvider, see docs/credentials.md')
    case 'not-java': return { provider: await loadProviderModule(label, config.properties), source: 'module', label }
  }
}

/** The credential provider for the SQS client; throws a config error for an unusable configuration. */
export async function resolveCredentials (config: SqsSourceConfig): Promise<AwsCredentialIdentityProvider> {
  return staticKeys(config) ?? checkedProvider(await namedProvider(config))
}

/**
 * Asks for credentials once, through the client's own provider (so the SDK passes its region and HTTP
 * handler to STS/SSO), so that a task with no credentials fails at start with the sources it tried.
 */
export async function verifyCredentials (clientCredentials: () => Promise<unknown>): Promise<void> {
  await clientCredentials()
}
