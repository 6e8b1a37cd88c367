/**
 * A local HTTP server in front of a real SQS server that answers chosen requests with SQS error responses
 * (AWS JSON protocol: HTTP status, `{"__type": ..., "message": ...}` and the x-amzn-query-error header), or
 * with silence, and forwards every other request unchanged.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { after } from 'node:test'

/** One error answer as SQS sends it. */
export interface SqsErrorAnswer {
  readonly status: number
  /** The shape name, e.g. 'ThrottlingException' (sent as com.amazonaws.sqs#<type>); empty: no body. */
  readonly type: string
  /** The query-compatible code for x-amzn-query-error; none when absent. */
  readonly queryCode?: string
  readonly fault?: 'Sender' | 'Receiver'
  readonly message?: string
}

export const answers = {
  internalError: { status: 500, type: 'InternalError', queryCode: 'InternalError', fault: 'Receiver' },
  serviceUnavailable: { status: 503, type: 'ServiceUnavailable', queryCode: 'ServiceUnavailable', fault: 'Receiver' },
  throttling: { status: 400, type: 'ThrottlingException', queryCode: 'ThrottlingException', message: 'Rate exceeded' },
  requestThrottled: { status: 403, type: 'RequestThrottled', queryCode: 'RequestThrottled' },
  kmsThrottled: { status: 400, type: 'KmsThrottled', queryCode: 'KMS.ThrottlingException' },
  tooManyRequests: { status: 429, type: '' },
  invalidClientTokenId: { status: 403, type: 'InvalidClientTokenId', queryCode: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
  accessDenied: { status: 403, type: 'AccessDenied', queryCode: 'AccessDenied', message: 'User: arn:aws:iam::000000000000:user/connector is not authorized to perform this action' }
} satisfies Record<string, SqsErrorAnswer>

/**
 * Decides per request: an error answer, 'hang' (read the request, never answer: a silent connection),
 * 'lose-reply' (forward it, then answer 500 instead of the real reply: SQS did the work, the client never
 * learns of it), or undefined to forward. `n` counts requests of this operation from 1.
 */
export type FaultPlan = (operation: string, n: number) => SqsErrorAnswer | 'hang' | 'lose-reply' | undefined

export interface FaultServer {
  /** http://127.0.0.1:<port>, for sqs.endpoint.url. */
  readonly url: string
  /** Requests seen per operation (ReceiveMessage, DeleteMessageBatch, ...). */
  readonly seen: Map<string, number>
  /** Error answers sent per operation. */
  readonly faulted: Map<string, number>
}

function answer (res: ServerResponse, error: SqsErrorAnswer): void {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fault-server' }
  if (error.queryCode !== undefined) headers['x-amzn-query-error'] = `${error.queryCode};${error.fault ?? 'Sender'}`
  res.writeHead(error.status, headers)
  res.end(error.type === '' ? '' : JSON.stringify({ __type: `com.amazonaws.sqs#${error.type}`, message: error.message ?? `${error.type} (from the fault server)` }))
}

function forward (req: IncomingMessage, res: ServerResponse, upstream: URL, instead?: SqsErrorAnswer): void {
  const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (reply) => {
    if (instead !== undefined) {
      reply.resume()
      reply.on('end', () => answer(res, instead))
      return
    }
    res.writeHead(reply.statusCode ?? 502, reply.headers)
    reply.pipe(res)
  })
  out.on('error', () => res.destroy())
  req.pipe(out)
}

/** Starts the server on 127.0.0.1 (closed when the calling test ends). */
export async function startFaultServer (upstreamUrl: string, plan: FaultPlan): Promise<FaultServer> {
  const upstream = new URL(upstreamUrl)
  const seen = new Map<string, number>()
  const faulted = new Map<string, number>()
  const server: Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '')
    const n = (seen.get(operation) ?? 0) + 1
    seen.set(operation, n)
    const error = plan(operation, n)
    if (error === undefined) return forward(req, res, upstream)
    faulted.set(operation, (faulted.get(operation) ?? 0) + 1)
    if (error === 'lose-reply') return forward(req, res, upstream, answers.internalError)
    // Read the request to its end first, so the client sees a clean answer on a reusable connection.
    req.resume()
    if (error !== 'hang') req.on('end', () => answer(res, error))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  after(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fault server has no port')
  return { url: `http://127.0.0.1:${address.port}`, seen, faulted }
}
