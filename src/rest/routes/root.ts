/** `GET /` (ServerInfo) and `GET /health` (KIP-1017) of Connect's RootResource. */
import type { RouteRegistration } from '../rest-server.ts'

export interface ServerInfo {
  readonly version: string
  readonly commit: string
  /** The Kafka cluster id; null until it is known. */
  readonly kafka_cluster_id: string | null
}

export type Health = { readonly status: 'healthy' | 'starting' | 'unhealthy', readonly message: string }

const STATUS_CODES = { healthy: 200, starting: 503, unhealthy: 500 } as const

/** The root routes, answering from the given sources. */
export function rootRoutes (serverInfo: () => ServerInfo | Promise<ServerInfo>, health: () => Health | Promise<Health>): RouteRegistration {
  return (app) => {
    app.get('/', async () => await serverInfo())
    app.get('/health', async (_request, reply) => {
      const answer = await health()
      await reply.code(STATUS_CODES[answer.status]).send(answer)
    })
  }
}
