/** Builds the SQS client for a queue: region, endpoint, credentials and HTTP layer from the connector config. */
import { SQSClient } from '@aws-sdk/client-sqs'
import type { SqsSourceConfig } from './config.ts'
import { resolveCredentials, verifyCredentials } from './credentials.ts'
import { createRequestHandler } from './http-handler.ts'
import type { QueueLocation } from './queue-url.ts'

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

/** The task's client; fails (with the credential sources tried) when no credentials can be had. */
export async function createSqsClient (config: SqsSourceConfig, location: QueueLocation): Promise<SQSClient> {
  const credentials = await resolveCredentials(config)
  const endpoint = resolveEndpoint(config, location)
  const client = new SQSClient({
    region: resolveRegion(config, location),
    ...(endpoint === undefined ? {} : { endpoint }),
    credentials,
    requestHandler: createRequestHandler(config),
    // One attempt per send(): RetryPolicy (retry-policy.ts) is the only retry loop, so sqs.max.retries and
    // sqs.max.retry.time.ms bound every retry and fatal errors are not retried first (docs/retries.md).
    maxAttempts: 1,
    // The Receiver checks each body's MD5 itself, without the middleware's copy of every body (body-md5.ts).
    md5: false
  })
  try {
    await verifyCredentials(client.config.credentials)
  } catch (error) {
    client.destroy()
    throw error
  }
  return client
}
