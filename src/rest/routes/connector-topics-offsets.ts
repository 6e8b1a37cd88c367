/** Connect's topic tracking (KIP-558) and offsets (KIP-875) routes of ConnectorsResource. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Herder } from '../../runtime/herder/herder.ts'
import { badRequest, RestError } from '../rest-error.ts'
import type { RouteRegistration } from '../rest-server.ts'
import { connectorParams } from './request-parsing.ts'

export interface TopicTrackingSettings {
  /** topic.tracking.enable */
  readonly enabled: boolean
  /** topic.tracking.allow.reset */
  readonly allowReset: boolean
}

export function connectorTopicsAndOffsetsRoutes (herder: Herder, tracking: TopicTrackingSettings): RouteRegistration {
  const checkTracking = (): void => {
    if (!tracking.enabled) throw new RestError(403, 'Topic tracking is disabled.')
  }
  return (app) => {
    // As in Connect, an unknown connector simply has no topics.
    app.get('/connectors/:connector/topics', async (request: FastifyRequest) => {
      checkTracking()
      const { connector } = connectorParams(request)
      return { [connector]: { topics: herder.activeTopics(connector) } }
    })

    app.put('/connectors/:connector/topics/reset', async (request: FastifyRequest, reply: FastifyReply) => {
      checkTracking()
      if (!tracking.allowReset) throw new RestError(403, 'Topic tracking reset is disabled.')
      herder.resetActiveTopics(connectorParams(request).connector)
      await reply.code(202).send()
    })

    app.get('/connectors/:connector/offsets', async (request: FastifyRequest) => herder.connectorOffsets(connectorParams(request).connector))

    app.patch('/connectors/:connector/offsets', async (request: FastifyRequest) => {
      const offsets = (request.body as { offsets?: unknown } | undefined)?.offsets
      if (!Array.isArray(offsets) || offsets.length === 0) throw badRequest('Partitions / offsets need to be provided for an alter offsets request')
      return await herder.modifyConnectorOffsets(connectorParams(request).connector, 'altered')
    })

    app.delete('/connectors/:connector/offsets', async (request: FastifyRequest) =>
      await herder.modifyConnectorOffsets(connectorParams(request).connector, 'reset'))
  }
}
