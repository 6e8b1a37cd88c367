/** The HTTP layer of the SQS client: keep-alive socket pools, timeouts and (later) the proxy. */
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { SqsSourceConfig } from './config.ts'

/** Sockets outlive a long poll, and the pool leaves room for deletes beside polls. */
export function createRequestHandler (config: SqsSourceConfig): NodeHttpHandler {
  const agentOptions = { keepAlive: true, maxSockets: 64 }
  return new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: 10_000,
    // A long poll holds the socket silent for up to waitTimeSeconds; give it room.
    requestTimeout: (config.waitTimeSeconds + 15) * 1000,
    // Without this a request past requestTimeout is only logged and a silent connection hangs forever;
    // as a TimeoutError it is retried by the retry policy.
    throwOnRequestTimeout: true
  })
}
