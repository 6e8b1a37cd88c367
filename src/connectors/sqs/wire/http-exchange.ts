/**
 * One HTTP POST of the wire client over node:http/https with the SDK client's own agents (keep-alive pool, proxy
 * agents), its connection and request timeouts (a request past its timeout fails with a TimeoutError, as the SDK's
 * handler does with throwOnRequestTimeout) and the call's AbortSignal. The answer is read into one Buffer.
 */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'

export interface HttpSettings {
  readonly httpAgent: Agent
  readonly httpsAgent: Agent
  readonly connectionTimeoutMs: number
  readonly requestTimeoutMs: number
}

export interface HttpAnswer {
  readonly statusCode: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
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
  const secure = url.protocol === 'https:'
  return await new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false
    const timers: NodeJS.Timeout[] = []
    const finish = (error: Error | undefined, answer?: HttpAnswer): void => {
      if (settled) return
      settled = true
      for (const timer of timers) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      if (error !== undefined) {
        req.destroy()
        reject(error)
      } else if (answer !== undefined) resolve(answer)
    }
    const onAbort = (): void => finish(signal === undefined ? new Error('Request aborted') : abortError(signal))
    const req = (secure ? httpsRequest : httpRequest)({
      host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
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
    // As the SDK's handler: these network errors are named TimeoutError (and keep their code).
    req.on('error', (error: Error & { code?: string }) => finish(TIMEOUT_CODES.has(error.code ?? '') ? Object.assign(error, { name: 'TimeoutError' }) : error))
    signal?.addEventListener('abort', onAbort, { once: true })
    if (settings.connectionTimeoutMs > 0) {
      timers.push(setTimeout(() => finish(timeoutError(`the request socket did not establish a connection with the server within the configured timeout of ${settings.connectionTimeoutMs} ms`)), settings.connectionTimeoutMs))
      req.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(timers[0])
        else socket.once('connect', () => clearTimeout(timers[0]))
      })
    }
    if (settings.requestTimeoutMs > 0) {
      timers.push(setTimeout(() => finish(timeoutError(`a request has exceeded the configured ${settings.requestTimeoutMs} ms requestTimeout`, 'ETIMEDOUT')), settings.requestTimeoutMs))
    }
    req.end(body)
  })
}
