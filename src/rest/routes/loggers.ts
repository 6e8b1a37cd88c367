/** Connect's LoggingResource: `GET /admin/loggers`, `GET|PUT /admin/loggers/{logger}` over the runtime's named loggers. */
import { log4jLevel, type LogLevels } from '../../runtime/log-levels.ts'
import type { RouteRegistration } from '../rest-server.ts'
import { badRequest, notFound } from '../rest-error.ts'

/** The routes, answering from and changing `levels`. */
export function loggersRoutes (levels: LogLevels): RouteRegistration {
  return (app) => {
    app.get('/admin/loggers', async () => levels.all())
    app.get<{ Params: { logger: string } }>('/admin/loggers/:logger', async (request) => {
      const name = request.params.logger
      const level = levels.level(name)
      if (level === undefined) throw notFound(`Logger ${name} not found.`)
      return level
    })
    app.put<{ Params: { logger: string }, Querystring: { scope?: string }, Body: unknown }>('/admin/loggers/:logger', async (request, reply) => {
      const body = request.body
      const given = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).level : undefined
      if (given === undefined || given === null) throw badRequest('Desired \'level\' parameter was not specified in request.')
      const text = typeof given === 'string' ? given : JSON.stringify(given)
      const level = log4jLevel(text)
      if (level === undefined || text.trim().toUpperCase() === 'SILENT') throw notFound(`invalid log level '${text}'.`)
      const changed = levels.setLevel(request.params.logger, level)
      // A standalone worker is the whole cluster: cluster scope changes this worker and answers as Connect does.
      if ((request.query.scope ?? 'worker').toLowerCase() === 'cluster') return await reply.code(204).send()
      return changed
    })
  }
}
