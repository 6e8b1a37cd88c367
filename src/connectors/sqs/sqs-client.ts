/** Builds the SQS client for a queue: region and endpoint from the URL, credentials from the AWS chain. */
import { SQSClient } from '@aws-sdk/client-sqs'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { QueueLocation } from './queue-url.ts'

export interface SqsClientOptions {
  readonly location: QueueLocation
  readonly waitTimeSeconds: number
}

/** The region: AWS_REGION wins (as the seed documents), then the queue URL's, then us-east-1 for local hosts. */
export function resolveRegion (location: QueueLocation, env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION ?? location.region ?? 'us-east-1'
}

/** A client whose sockets outlive a long poll and whose pool leaves room for deletes beside polls. */
export function createSqsClient (options: SqsClientOptions): SQSClient {
  const agentOptions = { keepAlive: true, maxSockets: 64 }
  return new SQSClient({
    region: resolveRegion(options.location),
    ...(options.location.endpoint === undefined ? {} : { endpoint: options.location.endpoint }),
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: 10_000,
      // A long poll holds the socket silent for up to waitTimeSeconds; give it room.
      requestTimeout: (options.waitTimeSeconds + 15) * 1000
    })
  })
}
