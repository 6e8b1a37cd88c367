/** Loopback port helpers: pick free ports, wait for ports to be free again. */
import { createServer, type Server } from 'node:net'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'

/** Every server this tooling starts binds here and nowhere else. */
export const LOOPBACK = '127.0.0.1'

function listen (port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => resolve(server))
  })
}

function close (server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Returns `count` distinct free loopback ports, chosen by the kernel when binding 127.0.0.1:0. */
export async function freePorts (count: number): Promise<number[]> {
  // Hold all sockets open until every port is known, so the kernel cannot hand out the same port twice.
  const servers = await Promise.all(Array.from({ length: count }, () => listen(0)))
  const ports = servers.map((server) => {
    const address = server.address()
    if (address === null || typeof address === 'string') throw new SqsConnectError(ErrorCodes.INFRA_FAILED, 'Could not read a bound port', { subject: 'ports' })
    return address.port
  })
  await Promise.all(servers.map(close))
  return ports
}

/** True when nothing listens on the loopback port (we can bind it ourselves). */
export async function isPortFree (port: number): Promise<boolean> {
  try {
    await close(await listen(port))
    return true
  } catch {
    return false
  }
}

/** Waits until every port can be bound again, e.g. before restarting a server on the same ports. */
export async function waitForPortsFree (ports: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const busy: number[] = []
    for (const port of ports) if (!await isPortFree(port)) busy.push(port)
    if (busy.length === 0) return
    if (Date.now() > deadline) {
      throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `Loopback port(s) ${busy.join(', ')} still in use after ${timeoutMs} ms`, { subject: `port ${busy.join(',')}`, retriable: true })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
