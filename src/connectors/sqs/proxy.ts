/**
 * The forward proxy of the SQS client (sqs.proxy.url, sqs.proxy.user, sqs.proxy.password): agents that send
 * every request through it, and the error that a refused proxy login becomes.
 */
import type { AgentOptions } from 'node:http'
import { isIP } from 'node:net'
import { checkServerIdentity } from 'node:tls'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { configError, ErrorCodes, hasCode, SqsConnectError } from '../../errors.ts'
import type { SqsSourceConfig } from './config.ts'

/** Where the proxy is and how to log in to it; holds no URL with credentials in it. */
export interface ProxySettings {
  /** The proxy URL as configured, which carries no user info (proxySettings() refuses that). */
  readonly url: URL
  /** host:port of the proxy, for messages. */
  readonly address: string
  /** The user name, '' when the proxy takes no login. */
  readonly user: string
  /** Proxy-Authorization for basic auth, or nothing. */
  readonly headers: Readonly<Record<string, string>>
}

/** The proxy of a connector config, or undefined when sqs.proxy.url is empty. */
export function proxySettings (config: Pick<SqsSourceConfig, 'proxyUrl' | 'proxyUser' | 'proxyPassword'>): ProxySettings | undefined {
  if (config.proxyUrl === '') return undefined
  const url = new URL(config.proxyUrl)
  // Credentials in the URL would sit in a STRING property that is shown and logged like any other.
  if (url.username !== '' || url.password !== '') {
    throw configError('sqs.proxy.url', 'Invalid value for configuration sqs.proxy.url: the URL must not contain a user or password; set sqs.proxy.user and sqs.proxy.password instead')
  }
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80'
  const headers: Record<string, string> = {}
  if (config.proxyUser !== '') {
    // RFC 7617: user-id ":" password, UTF-8, base64; no percent-encoding needed since nothing goes into a URL.
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${config.proxyUser}:${config.proxyPassword}`, 'utf8').toString('base64')}`
  }
  return { url, address: `${url.hostname}:${port}`, user: config.proxyUser, headers }
}

/**
 * The agent for https endpoints: a CONNECT tunnel per socket, TLS end to end (the proxy sees only host:port).
 * It serves https requests only, and says so: agent-base otherwise guesses from the call stack (the SDK passes
 * no `protocol`), guesses differently when a socket is freed, and so never reuses a kept-alive tunnel.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  override isSecureEndpoint (): boolean { return true }

  override async connect (...[req, opts]: Parameters<HttpsProxyAgent<string>['connect']>): ReturnType<HttpsProxyAgent<string>['connect']> {
    const host = opts.host
    // For an IP-address endpoint the library sets neither host nor servername on the TLS socket, and Node would
    // check the certificate against the proxy's name instead: check it against the endpoint's address.
    if (!opts.secureEndpoint || host === undefined || host === null || isIP(host) === 0) return await super.connect(req, opts)
    return await super.connect(req, { ...opts, checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert) })
  }
}

/** The agent for http endpoints: absolute-URI requests to the proxy; it serves plain http requests only. */
class ForwardAgent extends HttpProxyAgent<string> {
  override isSecureEndpoint (): boolean { return false }
}

/** Agents for both kinds of endpoint, each keeping up to `maxSockets` sockets alive. */
export function createProxyAgents (settings: ProxySettings, options: Pick<AgentOptions, 'keepAlive' | 'maxSockets'>): { httpAgent: HttpProxyAgent<string>, httpsAgent: HttpsProxyAgent<string> } {
  const href = settings.url.href
  return {
    httpAgent: new ForwardAgent(href, { ...options, headers: { ...settings.headers } }),
    httpsAgent: new TunnelAgent(href, { ...options, headers: { ...settings.headers } })
  }
}

/**
 * True when an HTTP status came from the proxy refusing the login: 407 by the standard, and 401 without an
 * AWS request id (tinyproxy answers a wrong password with 401; SQS itself never answers 401).
 */
export function isProxyRefusal (statusCode: number, headers: Readonly<Record<string, string | undefined>>): boolean {
  if (statusCode === 407) return true
  return statusCode === 401 && headers['x-amzn-requestid'] === undefined && headers['x-amz-request-id'] === undefined
}

/** The error for a refused proxy login: names the properties and the proxy, never the password. */
export function proxyRefusedError (settings: ProxySettings, statusCode: number): SqsConnectError {
  const login = settings.user === ''
    ? 'no proxy user is configured: set sqs.proxy.user and sqs.proxy.password'
    : `check sqs.proxy.user ("${settings.user}") and sqs.proxy.password`
  return new SqsConnectError(ErrorCodes.SQS_PROXY_REFUSED,
    `The proxy ${settings.address} (sqs.proxy.url) refused the login with HTTP ${statusCode}: ${login}`,
    { subject: 'sqs.proxy.user', retriable: false })
}

/** The proxy-login failure behind an SQS call's error, or undefined when the error is something else. */
export function proxyFailure (error: unknown): SqsConnectError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (hasCode(current, ErrorCodes.SQS_PROXY_REFUSED)) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
