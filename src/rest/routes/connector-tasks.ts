/** Connect's task routes of ConnectorsResource: task configs, task status and task restart. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Herder } from '../../runtime/herder/herder.ts'
import type { RouteRegistration } from '../rest-server.ts'
import { connectorParams, taskParam } from './request-parsing.ts'

/**
 * GET .../tasks, GET .../tasks/{id}/status, POST .../tasks/{id}/restart. GET .../tasks-config is not served:
 * Kafka 4.0 removed it (KIP-970), so it answers 404 like any unknown path.
 */
export function connectorTaskRoutes (herder: Herder): RouteRegistration {
  return (app) => {
    app.get('/connectors/:connector/tasks', async (request: FastifyRequest) => herder.taskConfigs(connectorParams(request).connector))

    app.get('/connectors/:connector/tasks/:task/status', async (request: FastifyRequest) =>
      herder.taskStatus(connectorParams(request).connector, taskParam(request)))

    app.post('/connectors/:connector/tasks/:task/restart', async (request: FastifyRequest, reply: FastifyReply) => {
      await herder.restartTask(connectorParams(request).connector, taskParam(request))
      await reply.code(204).send()
    })
  }
}
