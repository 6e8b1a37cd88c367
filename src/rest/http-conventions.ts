/**
 * What Connect's Jersey server does at the HTTP level and fastify does differently by default: JSON bodies may be
 * empty (curl -X POST -H 'Content-Type: application/json' with no data), a known path asked with another method
 * answers 405, and a body that is not JSON is a 400 that says so.
 */
import type { FastifyInstance } from 'fastify'
import { RestError } from './rest-error.ts'

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const

/** Parses JSON bodies; an empty body is no body. */
export function acceptJsonBodies (app: FastifyInstance): void {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    if (text.trim() === '') { done(null, undefined); return }
    try {
      done(null, JSON.parse(text))
    } catch (error) {
      // Connect answers a body Jackson cannot parse with 500 (its ConnectExceptionMapper default), so do we.
      done(new RestError(500, `Cannot parse the request body as JSON: ${(error as Error).message}`), undefined)
    }
  })
}

/**
 * Collects the routes registered by `register`, then answers every other method on those paths with 405
 * (HEAD and OPTIONS are left to fastify).
 */
export function registerWithMethodNotAllowed (app: FastifyInstance, register: () => void): void {
  const methodsByUrl = new Map<string, Set<string>>()
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const known = methodsByUrl.get(route.url) ?? new Set<string>()
    for (const method of methods) known.add(method)
    methodsByUrl.set(route.url, known)
  })
  register()
  for (const [url, known] of [...methodsByUrl]) {
    const missing = METHODS.filter((method) => !known.has(method))
    if (missing.length === 0) continue
    app.route({ method: missing, url, handler: async () => { throw new RestError(405, 'HTTP 405 Method Not Allowed') } })
  }
}
