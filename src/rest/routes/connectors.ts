/** Connect's ConnectorsResource: the connector collection, configs, status and lifecycle (pause, resume, stop, restart, delete). */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Herder } from '../../runtime/herder/herder.ts'
import type { TargetState } from '../../runtime/worker.ts'
import { badRequest } from '../rest-error.ts'
import type { RouteRegistration } from '../rest-server.ts'
import { configMap, connectorParams, queryBoolean, queryList } from './request-parsing.ts'

/** CreateConnectorRequest.InitialState: RUNNING is Connect's word for the STARTED target state; any case. */
function initialState (value: unknown): TargetState | undefined {
  if (value === undefined || value === null) return undefined
  const state = typeof value === 'string' ? value.toUpperCase() : ''
  if (state === 'RUNNING') return 'STARTED'
  if (state === 'PAUSED' || state === 'STOPPED') return state
  throw badRequest(`Invalid initial_state ${JSON.stringify(value)}: expected RUNNING, PAUSED or STOPPED`)
}

/** Connect's checkAndPutConnectorConfigName: a name in the config must be the connector's; a missing one is filled in. */
function withName (name: string, config: Record<string, string | null>): Record<string, string | null> {
  const included = config.name
  if (included !== undefined && included !== null && included !== name) {
    throw badRequest(`Connector name configuration (${included}) doesn't match connector name in the URL (${name})`)
  }
  return { ...config, name }
}

/** The connector routes, answering from `herder`. */
export function connectorRoutes (herder: Herder): RouteRegistration {
  return (app) => {
    app.get('/connectors', async (request: FastifyRequest) => {
      const expand = queryList(request, 'expand')
      if (expand === undefined) return herder.connectors()
      const out: Record<string, Record<string, unknown>> = {}
      for (const name of herder.connectors()) {
        try {
          const expansions: Record<string, unknown> = {}
          for (const kind of expand) {
            if (kind === 'status') expansions.status = herder.connectorStatus(name)
            else if (kind === 'info') expansions.info = herder.connectorInfo(name)
          }
          out[name] = expansions
        } catch {
          // Deleted while we looked: left out, as Connect does.
        }
      }
      return out
    })

    app.post('/connectors', async (request: FastifyRequest, reply: FastifyReply) => {
      const body = (request.body ?? {}) as { name?: unknown, config?: unknown, initial_state?: unknown }
      if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object: {"name":...,"config":{...}}')
      const name = typeof body.name === 'string' ? body.name.trim() : ''
      const config = withName(name, configMap(body.config, 'config'))
      const result = await herder.putConnectorConfig(name, config, { allowReplace: false, initialState: initialState(body.initial_state) })
      await reply.code(201).header('location', `/connectors/${encodeURIComponent(name)}`).send(result.info)
    })

    app.get('/connectors/:connector', async (request: FastifyRequest) => herder.connectorInfo(connectorParams(request).connector))

    app.delete('/connectors/:connector', async (request: FastifyRequest, reply: FastifyReply) => {
      await herder.deleteConnector(connectorParams(request).connector)
      await reply.code(204).send()
    })

    app.get('/connectors/:connector/config', async (request: FastifyRequest) => herder.connectorConfig(connectorParams(request).connector))

    app.put('/connectors/:connector/config', async (request: FastifyRequest, reply: FastifyReply) => {
      const { connector } = connectorParams(request)
      const config = withName(connector, configMap(request.body, 'body'))
      const result = await herder.putConnectorConfig(connector, config, { allowReplace: true })
      if (result.created) await reply.code(201).header('location', `/connectors/${encodeURIComponent(connector)}`).send(result.info)
      else await reply.code(200).send(result.info)
    })

    app.patch('/connectors/:connector/config', async (request: FastifyRequest) => {
      const { connector } = connectorParams(request)
      const patch = configMap(request.body, 'body')
      // Connect does not check the name here; a patch that renamed the connector would leave it under two names.
      if (typeof patch.name === 'string') withName(connector, patch)
      return await herder.patchConnectorConfig(connector, patch)
    })

    app.get('/connectors/:connector/status', async (request: FastifyRequest) => herder.connectorStatus(connectorParams(request).connector))

    app.post('/connectors/:connector/restart', async (request: FastifyRequest, reply: FastifyReply) => {
      const { connector } = connectorParams(request)
      const includeTasks = queryBoolean(request, 'includeTasks')
      const onlyFailed = queryBoolean(request, 'onlyFailed')
      if (!includeTasks && !onlyFailed) {
        await herder.restartConnector(connector)
        await reply.code(204).send()
        return
      }
      await reply.code(202).send(await herder.restartConnectorAndTasks(connector, { includeTasks, onlyFailed }))
    })

    app.put('/connectors/:connector/pause', async (request: FastifyRequest, reply: FastifyReply) => {
      await herder.pauseConnector(connectorParams(request).connector)
      await reply.code(202).send()
    })

    app.put('/connectors/:connector/resume', async (request: FastifyRequest, reply: FastifyReply) => {
      await herder.resumeConnector(connectorParams(request).connector)
      await reply.code(202).send()
    })

    app.put('/connectors/:connector/stop', async (request: FastifyRequest, reply: FastifyReply) => {
      await herder.stopConnector(connectorParams(request).connector)
      await reply.code(204).send()
    })
  }
}
