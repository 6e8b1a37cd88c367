/** Builds the SQS clients for a queue: region, endpoint, credentials and HTTP layer from the connector config. */
import { SQSClient } from '@aws-sdk/client-sqs'
import type { SqsSourceConfig } from './config.ts'
import { resolveCredentials, verifyCredentials } from './credentials.ts'
import type { AwsCredentialIdentityProvider } from './credentials/types.ts'
import { SdkHotPath, type SqsHotPath } from './hot-path.ts'
import { createHttpLayer, type HttpLayer } from './http-handler.ts'
import type { QueueLocation } from './queue-url.ts'
import { WireClient } from './wire/wire-client.ts'

/** The region: sqs.region, then AWS_REGION (as the seed documents), then the queue URL's, then us-east-1 for local hosts. */
export function resolveRegion (config: Pick<SqsSourceConfig, 'region'>, location: QueueLocation, env: NodeJS.ProcessEnv = process.env): string {
  if (config.region !== '') return config.region
  const fromEnv = env.AWS_REGION?.trim() ?? ''
  return fromEnv !== '' ? fromEnv : location.region ?? 'us-east-1'
}

/** The endpoint: sqs.endpoint.url, else the queue URL's origin when it is not an AWS host, else the SDK's own. */
export function resolveEndpoint (config: Pick<SqsSourceConfig, 'endpointUrl'>, location: QueueLocation): string | undefined {
  return config.endpointUrl !== '' ? config.endpointUrl : location.endpoint
}

/** A task's clients: the AWS SDK client (every call) and the client of the hot path chosen by sqs.client. */
export interface SqsClients {
  readonly sdk: SQSClient
  readonly hotPath: SqsHotPath
}

/** The task's clients; fails (with the credential sources tried) when no credentials can be had. */
export async function createSqsClients (config: SqsSourceConfig, location: QueueLocation): Promise<SqsClients> {
  const credentials = await resolveCredentials(config)
  const endpoint = resolveEndpoint(config, location)
  const region = resolveRegion(config, location)
  const http = createHttpLayer(config)
  const client = new SQSClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    credentials,
    requestHandler: http.handler,
    // One attempt per send(): RetryPolicy (retry-policy.ts) is the only retry loop, so sqs.max.retries and
    // sqs.max.retry.time.ms bound every retry and fatal errors are not retried first (docs/retries.md).
    maxAttempts: 1,
    // The hot-path clients check each body's MD5 themselves, without the middleware's copy of every body (body-md5.ts).
    md5: false
  })
  try {
    await verifyCredentials(client.config.credentials)
    const hotPath = config.client === 'sdk' ? new SdkHotPath(client) : createWireClient(client, config, location, region, http)
    return { sdk: client, hotPath }
  } catch (error) {
    client.destroy()
    throw error
  }
}

/**
 * Where the SDK client sends the hot-path calls, so the wire client sends them there too: the configured endpoint
 * (sqs.endpoint.url, or the queue URL's origin for hosts that are not AWS), else the queue URL's origin. The SDK's
 * SQS client resolves an endpoint from its rules (region, FIPS, dual-stack) and then, for any call with a QueueUrl
 * and no configured endpoint, calls the queue URL's origin instead (its useQueueUrlAsEndpoint default).
 */
export function hotPathEndpoint (config: Pick<SqsSourceConfig, 'endpointUrl' | 'queueUrl'>, location: QueueLocation): URL {
  return new URL(resolveEndpoint(config, location) ?? new URL(config.queueUrl).origin)
}

/** The wire client with the SDK client's credentials provider, over the same agents. */
export function createWireClient (client: SQSClient, config: SqsSourceConfig, location: QueueLocation, region: string, http: Pick<HttpLayer, 'settings' | 'proxy'>): WireClient {
  return new WireClient({
    endpoint: hotPathEndpoint(config, location),
    region,
    credentials: client.config.credentials as AwsCredentialIdentityProvider,
    http: http.settings,
    proxy: http.proxy
  })
}
