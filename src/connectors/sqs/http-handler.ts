/** The HTTP layer of the SQS client: keep-alive socket pools, timeouts and the forward proxy. */
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { SqsSourceConfig } from './config.ts'
import { createProxyAgents, isProxyRefusal, proxyRefusedError, proxySettings, type ProxySettings } from './proxy.ts'
import { HttpConnections } from './wire/http-connections.ts'
import type { HttpSettings } from './wire/http-exchange.ts'

/** The handler's agents and timeouts: sockets outlive a long poll, and the pool leaves room for deletes beside polls. */
export function requestHandlerOptions (config: SqsSourceConfig, proxy = proxySettings(config)): NodeHttpHandlerOptions {
  const agentOptions = { keepAlive: true, maxSockets: 64 }
  const agents = proxy !== undefined
    ? createProxyAgents(proxy, agentOptions)
    : { httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) }
  return {
    ...agents,
    connectionTimeout: 10_000,
    // A long poll holds the socket silent for up to waitTimeSeconds; give it room.
    requestTimeout: (config.waitTimeSeconds + 15) * 1000,
    // Without this a request past requestTimeout is only logged and a silent connection hangs forever;
    // as a TimeoutError it is retried by the retry policy.
    throwOnRequestTimeout: true
  }
}

/**
 * The SDK client's HTTP handler (sending through sqs.proxy.url when it is set), and the same agents, timeouts and proxy
 * for the wire client (one socket pool for both).
 */
export interface HttpLayer {
  readonly handler: NodeHttpHandler
  readonly settings: HttpSettings
  readonly proxy: ProxySettings | undefined
}

export function createHttpLayer (config: SqsSourceConfig): HttpLayer {
  const proxy = proxySettings(config)
  const options = requestHandlerOptions(config, proxy)
  // Without a proxy the wire client keeps connections of its own, closed with the SDK client (destroy()).
  const direct = proxy === undefined ? new HttpConnections() : undefined
  const handler = proxy !== undefined ? new ProxiedRequestHandler(proxy, options) : new DirectRequestHandler(options, direct!)
  const settings: HttpSettings = {
    httpAgent: options.httpAgent as HttpAgent,
    httpsAgent: options.httpsAgent as HttpAgent,
    connectionTimeoutMs: options.connectionTimeout ?? 0,
    requestTimeoutMs: options.requestTimeout ?? 0,
    direct
  }
  return { handler, settings, proxy }
}

/** The SDK's handler, which also closes the wire client's own connections when the SDK client is destroyed. */
class DirectRequestHandler extends NodeHttpHandler {
  readonly #direct: HttpConnections

  constructor (options: NodeHttpHandlerOptions, direct: HttpConnections) {
    super(options)
    this.#direct = direct
  }

  override destroy (): void {
    super.destroy()
    this.#direct.destroy()
  }
}

/**
 * Sends through the proxy's agents and turns the proxy's refusal of the login into an SqsConnectError. The SDK
 * would otherwise see the proxy's 407 page as an unparseable SQS answer; an error thrown here is not retried by it.
 */
class ProxiedRequestHandler extends NodeHttpHandler {
  readonly #proxy: ProxySettings

  constructor (proxy: ProxySettings, options: NodeHttpHandlerOptions) {
    super(options)
    this.#proxy = proxy
  }

  override async handle (...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const result = await super.handle(...args)
    const { statusCode, headers } = result.response
    if (isProxyRefusal(statusCode, headers)) {
      // The body is the proxy's error page; drop it along with the connection it came on.
      (result.response.body as { destroy?: () => void } | undefined)?.destroy?.()
      throw proxyRefusedError(this.#proxy, statusCode)
    }
    return result
  }
}
