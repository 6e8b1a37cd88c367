/**
 * The servers of one reliability run: a real Kafka 4.4.0 and ElasticMQ, and a toxiproxy with two proxies: one
 * to ElasticMQ, one to a second Kafka listener that the broker advertises at the proxy's own port (a client
 * reconnects to the advertised address after bootstrap, so only then does all its traffic pass the proxy).
 * The harness always uses the direct addresses.
 */
import { startInfra, startToxiproxy, type RunningInfra, type ToxiproxyProxy, type ToxiproxyServer } from '../../infra/index.ts'
import { freePorts, LOOPBACK } from '../../infra/ports.ts'

export interface Rig {
  readonly infra: RunningInfra
  readonly toxiproxy: ToxiproxyServer
  /** toxiproxy → ElasticMQ; a worker uses it with sqs.endpoint.url. */
  readonly sqsProxy: ToxiproxyProxy
  /** toxiproxy → the broker's PROXIED listener; a worker bootstrapping at `listen` stays on the proxy. */
  readonly kafkaProxy: ToxiproxyProxy
  stop (): Promise<void>
}

export async function startRig (log: (line: string) => void): Promise<Rig> {
  const toxiproxy = await startToxiproxy({ log })
  try {
    const [proxiedPort] = await freePorts(1) as [number]
    const kafkaProxy = await toxiproxy.createProxy('kafka', `${LOOPBACK}:${proxiedPort}`)
    const infra = await startInfra({ log, kafkaExtraListener: { name: 'PROXIED', port: proxiedPort, advertised: kafkaProxy.listen } })
    const sqsProxy = await toxiproxy.createProxy('sqs', infra.env.sqsEndpoint)
    return {
      infra,
      toxiproxy,
      sqsProxy,
      kafkaProxy,
      stop: async () => { await Promise.all([infra.stop(), toxiproxy.stop()]) }
    }
  } catch (error) {
    await toxiproxy.stop()
    throw error
  }
}
