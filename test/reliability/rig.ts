/**
 * The servers of one reliability run: a real Kafka 4.4.0 and ElasticMQ, and a toxiproxy with two proxies: one
 * to ElasticMQ, one to a second Kafka listener that the broker advertises at the proxy's own port (a client
 * reconnects to the advertised address after bootstrap, so only then does all its traffic pass the proxy).
 * The harness always uses the direct addresses.
 */
import { startInfra, startToxiproxy, type RunningInfra, type ToxiproxyProxy, type ToxiproxyServer } from '../../infra/index.ts'
import { fetchMetadata } from '../../infra/kafka-probe.ts'
import { freePorts, LOOPBACK } from '../../infra/ports.ts'
import { waitFor } from '../integration/support/kafka.ts'

/** After a kill -9 the broker recovers its logs before it serves; on a loaded machine that can outlast infra's 90 s wait. */
const BROKER_RECOVERY_MS = 5 * 60_000

export interface Rig {
  readonly infra: RunningInfra
  readonly toxiproxy: ToxiproxyServer
  /** toxiproxy → ElasticMQ; a worker uses it with sqs.endpoint.url. */
  readonly sqsProxy: ToxiproxyProxy
  /** toxiproxy → the broker's PROXIED listener; a worker bootstrapping at `listen` stays on the proxy. */
  readonly kafkaProxy: ToxiproxyProxy
  /** Starts the broker again (same ports, same data) and waits until it serves, for up to 5 minutes. */
  restartBroker (): Promise<void>
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
      restartBroker: async () => {
        try {
          await infra.kafka.start()
        } catch (error) {
          // start() gave up waiting but left the broker running: keep waiting for it, unless it died.
          if (infra.kafka.pid === undefined) throw error
          log(`the broker is still recovering after infra's wait: ${(error as Error).message.split('\n')[0] ?? ''}`)
          const port = Number(infra.env.kafkaBootstrap.split(':').at(-1))
          await waitFor('the broker to serve again', async () => (await fetchMetadata(port, 2000).catch(() => ({ brokers: [] }))).brokers.length > 0, BROKER_RECOVERY_MS, 500)
        }
      },
      stop: async () => { await Promise.all([infra.stop(), toxiproxy.stop()]) }
    }
  } catch (error) {
    await toxiproxy.stop()
    throw error
  }
}
