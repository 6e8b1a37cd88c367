/**
 * Small HTTP servers on 127.0.0.1 for tests: a recording forwarder in front of a real server (it
 * reads which access key signed each request), and stub servers that answer like AWS metadata endpoints.
 */
import { after } from 'node:test'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  /** The access key id of a SigV4 Authorization header: `AWS4-HMAC-SHA256 Credential=<AKID>/<date>/...`. */
  readonly accessKeyId: string | undefined
  /** The SQS operation (JSON protocol: `X-Amz-Target: AmazonSQS.<Operation>`). */
  readonly operation: string | undefined
}

export interface LocalServer {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Response bodies, in request order (forwarder only). */
  readonly responses: string[]
}

const SIGV4_CREDENTIAL = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//

function record (method: string | undefined, path: string | undefined, headers: IncomingHttpHeaders, body: string): RecordedRequest {
  const target = headers['x-amz-target']
  return {
    method: method ?? '',
    path: path ?? '',
    headers,
    body,
    accessKeyId: SIGV4_CREDENTIAL.exec(headers.authorization ?? '')?.[1],
    operation: typeof target === 'string' ? target.split('.').at(-1) : undefined
  }
}

async function listen (server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  after(async () => { await new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }) })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

async function readBody (stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
}

/** Forwards every request to `target` (an origin) and records it with the response body; closed after the file. */
export async function startRecordingForwarder (target: string): Promise<LocalServer> {
  const requests: RecordedRequest[] = []
  const responses: string[] = []
  const to = new URL(target)
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const index = requests.push(record(req.method, req.url, req.headers, body.toString('utf8'))) - 1
      const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (reply) => {
        void readBody(reply).then((replyBody) => {
          responses[index] = replyBody.toString('utf8')
          res.writeHead(reply.statusCode ?? 502, reply.headers)
          res.end(replyBody)
        })
      })
      upstream.on('error', (error) => { res.writeHead(502); res.end(String(error)) })
      upstream.end(body)
    })
  })
  return { url: await listen(server), requests, responses }
}

export interface StubReply { readonly status?: number, readonly body: string, readonly contentType?: string }

/** A server that answers each request with `answer(request)`, recording it; closed after the file. */
export async function startStubServer (answer: (request: RecordedRequest) => StubReply): Promise<LocalServer> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const recorded = record(req.method, req.url, req.headers, body.toString('utf8'))
      requests.push(recorded)
      const reply = answer(recorded)
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' })
      res.end(reply.body)
    })
  })
  return { url: await listen(server), requests, responses: [] }
}
