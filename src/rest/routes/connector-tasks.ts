/** Connect's task routes of ConnectorsResource: task configs, task status and task restart. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Herder } from '../../runtime/herder/herder.ts'
import type { RouteRegistration } from '../rest-server.ts'
import { badRequest } from '../rest-error.ts'
import { configMap, connectorParams, taskParam } from './request-parsing.ts'

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

    // Distributed mode only: a follower running a connector hands its task configs to the leader (Connect's internal endpoint).
    const putTaskConfigs = herder.putTaskConfigs?.bind(herder)
    if (putTaskConfigs !== undefined) {
      app.put('/connectors/:connector/tasks', async (request: FastifyRequest, reply: FastifyReply) => {
        if (!Array.isArray(request.body)) throw badRequest('Task configs must be a JSON array of objects')
        await putTaskConfigs(connectorParams(request).connector, request.body.map((c: unknown, i: number) => configMap(c, `task ${i}`) as Record<string, string>))
        await reply.code(204).send()
      })
    }
  }
}
