/**
 * One HTTP POST of the wire client: over its own keep-alive connections (http-connections.ts) when no proxy is
 * configured, else over node:http/https with the SDK client's agents (the proxy agents); either way with the SDK
 * client's connection and request timeouts (a request past its timeout fails with a TimeoutError, as the SDK's
 * handler does with throwOnRequestTimeout) and the call's AbortSignal. The answer is read into one Buffer.
 */
import { request as httpRequest, type Agent } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { socketHost, type HttpAnswer, type HttpConnections } from './http-connections.ts'

export type { HttpAnswer }

export interface HttpSettings {
  readonly httpAgent: Agent
  readonly httpsAgent: Agent
  readonly connectionTimeoutMs: number
  readonly requestTimeoutMs: number
  /** The wire client's own connections, when requests go straight to SQS (no proxy). */
  readonly direct?: HttpConnections | undefined
}

const TIMEOUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT'])

function timeoutError (message: string, code?: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError' }, code === undefined ? {} : { code })
}

function abortError (signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' }, reason === undefined ? {} : { cause: reason })
}

/** POSTs `body` to `url` with `headers`; resolves with the whole answer, rejects with the network error, a TimeoutError or an AbortError. */
export async function post (url: URL, headers: Record<string, string>, body: Buffer, settings: HttpSettings, signal: AbortSignal | undefined): Promise<HttpAnswer> {
  if (signal?.aborted === true) throw abortError(signal)
  if (settings.direct !== undefined) return await postDirect(settings.direct, url, headers, body, settings, signal)
  const secure = url.protocol === 'https:'
  return await new Promise<HttpAnswer>((resolve, reject) => {
    const { finish, timers } = settleOnce(resolve, reject, signal, () => req.destroy())
    const req = (secure ? httpsRequest : httpRequest)({
      host: socketHost(url),
      port: url.port === '' ? undefined : url.port,
      method: 'POST',
      path: url.pathname,
      headers,
      agent: secure ? settings.httpsAgent : settings.httpAgent
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', (error) => finish(error))
      res.on('aborted', () => finish(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })))
      res.on('end', () => finish(undefined, { statusCode: res.statusCode ?? -1, headers: res.headers, body: chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks) }))
    })
    req.on('error', (error: Error & { code?: string }) => finish(asSdkNetworkError(error)))
    if (settings.connectionTimeoutMs > 0) {
      timers.push(setTimeout(() => finish(connectTimeoutError(settings)), settings.connectionTimeoutMs))
      req.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(timers[0])
        else socket.once('connect', () => clearTimeout(timers[0]))
      })
    }
    if (settings.requestTimeoutMs > 0) {
      timers.push(setTimeout(() => finish(requestTimeoutError(settings)), settings.requestTimeoutMs))
    }
    req.end(body)
  })
}

/** As the SDK's handler: these network errors are named TimeoutError (and keep their code). */
function asSdkNetworkError (error: Error & { code?: string }): Error {
  return TIMEOUT_CODES.has(error.code ?? '') ? Object.assign(error, { name: 'TimeoutError' }) : error
}

/**
 * Settles a request's promise once: clears its timers (the caller pushes them) and its abort listener, and on an
 * error first destroys what the request used (`destroy`). The call's AbortSignal ends it with an AbortError.
 */
function settleOnce (resolve: (answer: HttpAnswer) => void, reject: (error: Error) => void, signal: AbortSignal | undefined, destroy: () => void):
{ finish: (error: Error | undefined, answer?: HttpAnswer) => void, timers: NodeJS.Timeout[] } {
  let settled = false
  const timers: NodeJS.Timeout[] = []
  const finish = (error: Error | undefined, answer?: HttpAnswer): void => {
    if (settled) return
    settled = true
    for (const timer of timers) clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
    if (error !== undefined) {
      destroy()
      reject(error)
    } else if (answer !== undefined) resolve(answer)
  }
  const onAbort = (): void => finish(signal === undefined ? new Error('Request aborted') : abortError(signal))
  signal?.addEventListener('abort', onAbort, { once: true })
  return { finish, timers }
}

function connectTimeoutError (settings: HttpSettings): Error {
  return timeoutError(`the request socket did not establish a connection with the server within the configured timeout of ${settings.connectionTimeoutMs} ms`)
}

function requestTimeoutError (settings: HttpSettings): Error {
  return timeoutError(`a request has exceeded the configured ${settings.requestTimeoutMs} ms requestTimeout`, 'ETIMEDOUT')
}

/** The request as HTTP/1.1 bytes: request line, headers, body. Header values are ours (signed); no line breaks. */
function requestBytes (url: URL, headers: Record<string, string>, body: Buffer): Buffer {
  let head = `POST ${url.pathname}${url.search} HTTP/1.1\r\n`
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`)
    head += `${name}: ${value}\r\n`
  }
  head += 'connection: keep-alive\r\n\r\n'
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(head, 'latin1') + body.length)
  const at = bytes.write(head, 0, 'latin1')
  body.copy(bytes, at)
  return bytes
}

/** post() over the wire client's own connections: the same timeouts, abort and error names as over node:http. */
async function postDirect (connections: HttpConnections, url: URL, headers: Record<string, string>, body: Buffer, settings: HttpSettings, signal: AbortSignal | undefined): Promise<HttpAnswer> {
  const request = requestBytes(url, headers, body)
  return await new Promise<HttpAnswer>((resolve, reject) => {
    let socket: Socket | undefined
    const { finish, timers } = settleOnce(resolve, reject, signal, () => socket?.destroy())
    if (settings.requestTimeoutMs > 0) timers.push(setTimeout(() => finish(requestTimeoutError(settings)), settings.requestTimeoutMs))
    connections.send(url, request, (connection, connecting) => {
      socket = connection
      if (!connecting || settings.connectionTimeoutMs <= 0) return
      const timer = setTimeout(() => finish(connectTimeoutError(settings)), settings.connectionTimeoutMs)
      timers.push(timer)
      connection.once('connect', () => clearTimeout(timer))
    }).then((answer) => finish(undefined, answer), (error: Error) => finish(asSdkNetworkError(error)))
  })
}
