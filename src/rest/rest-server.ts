/**
 * The HTTP side of the Connect REST API: one fastify instance per listener, every route on each, Connect's
 * error body for every failure (unknown paths and methods included). Routes are registered by the caller.
 */
import type { ServerOptions as HttpsServerOptions } from 'node:https'
import type { TLSSocket } from 'node:tls'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { acceptJsonBodies, registerWithMethodNotAllowed } from './http-conventions.ts'
import { errorResponse } from './rest-error.ts'
import type { Listener } from './listeners.ts'

export type RouteRegistration = (app: FastifyInstance) => void

export interface RestServerOptions {
  readonly listeners: readonly Listener[]
  /** Key and certificate for https listeners (listeners.https.* settings). */
  readonly https?: HttpsServerOptions
  /** Decides on the Authorization header of each request; a false answer is a 401 (basic authentication). */
  readonly authenticate?: (authorization: string | undefined) => boolean
  readonly routes: readonly RouteRegistration[]
}

export interface RestServer {
  /** Where each listener is bound, e.g. http://127.0.0.1:8083 (the real port when 0 was asked for). */
  readonly urls: readonly string[]
  /** Stops accepting requests and closes open connections; idempotent. */
  close (): Promise<void>
}

/** Starts every listener; a listener that cannot bind closes the ones already started and throws. */
export async function startRestServer (options: RestServerOptions): Promise<RestServer> {
  const apps: FastifyInstance[] = []
  const urls: string[] = []
  try {
    for (const listener of options.listeners) {
      const app = createApp(options, listener)
      apps.push(app)
      await app.listen({ host: listener.host, port: listener.port })
      const address = app.server.address()
      const port = typeof address === 'object' && address !== null ? address.port : listener.port
      urls.push(`${listener.protocol}://${listener.host === '0.0.0.0' ? '127.0.0.1' : listener.host}:${port}`)
    }
  } catch (error) {
    await Promise.all(apps.map(async (app) => await app.close()))
    throw error
  }
  let closing: Promise<void> | undefined
  return {
    urls,
    close: async () => {
      closing ??= Promise.all(apps.map(async (app) => await app.close())).then(() => {})
      await closing
    }
  }
}

function createApp (options: RestServerOptions, listener: Listener): FastifyInstance {
  if (listener.protocol === 'https' && options.https === undefined) {
    throw new Error('An https listener needs listeners.https.* key and certificate settings')
  }
  // Jersey serves /connectors and /connectors/ alike; connector names may be long.
  const routerOptions = { ignoreTrailingSlash: true, maxParamLength: 1000 }
  const app = (listener.protocol === 'https'
    ? Fastify({ https: options.https!, forceCloseConnections: true, routerOptions })
    : Fastify({ forceCloseConnections: true, routerOptions })) as unknown as FastifyInstance
  if (listener.protocol === 'https') app.addHook('onRequest', refuseUntrustedClientCertificate)
  const authenticate = options.authenticate
  if (authenticate !== undefined) {
    app.addHook('onRequest', async (request, reply) => {
      // Connect's filter runs after routing: unknown paths and methods answer 404/405 without asking for credentials.
      if (request.routeOptions.url === undefined || isInternalRequest(request.method, request.url)) return
      if (!authenticate(request.headers.authorization)) await unauthorized(reply)
    })
  }
  app.setErrorHandler(async (error, _request, reply) => {
    const { status, body } = errorResponse(error)
    await reply.code(status).send(body)
  })
  app.setNotFoundHandler(async (_request, reply) => {
    await reply.code(404).send({ error_code: 404, message: 'HTTP 404 Not Found' })
  })
  acceptJsonBodies(app)
  registerWithMethodNotAllowed(app, () => { for (const register of options.routes) register(app) })
  return app
}

/**
 * Worker-to-leader requests that Connect's basic-auth filter lets through (they are signed instead):
 * POST /connectors/{name}/tasks and PUT /connectors/{name}/fence.
 */
function isInternalRequest (method: string, url: string): boolean {
  const path = url.split('?')[0]!
  return (method === 'POST' && /^\/connectors\/[^/]+\/tasks\/?$/.test(path)) || (method === 'PUT' && /^\/connectors\/[^/]+\/fence\/?$/.test(path))
}

/** Connect's answer to a request that fails authentication: 401 with a plain-text sentence. */
async function unauthorized (reply: FastifyReply): Promise<void> {
  // The header is ours (Connect sends none): it lets browsers and curl --anyauth offer basic authentication.
  await reply.code(401).header('www-authenticate', 'Basic realm="sqs-connect"').type('text/plain').send('User cannot access the resource.')
}

/**
 * With ssl.client.auth=requested the handshake lets a client through without a certificate; one that presents a
 * certificate the trust store does not vouch for is refused, as Java's wantClientAuth refuses it.
 */
async function refuseUntrustedClientCertificate (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const socket = request.raw.socket as TLSSocket
  if (socket.authorized || typeof socket.getPeerCertificate !== 'function') return
  const certificate = socket.getPeerCertificate()
  if (certificate !== null && Object.keys(certificate).length > 0) await unauthorized(reply)
}
