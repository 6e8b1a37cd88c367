/** The worker_id in statuses: Connect's advertised URL (RestServer.advertisedUrl) reduced to host:port. */
import { hostname } from 'node:os'
import type { Listener } from './listeners.ts'

export interface AdvertisedSettings {
  readonly advertisedHostName: string | null
  readonly advertisedPort: number | null
  readonly advertisedListener: 'http' | 'https' | null
}

/**
 * As Connect: the advertised listener is rest.advertised.listener, else http when an http listener exists, else
 * https; its host is rest.advertised.host.name, else the listener's host, else the machine's host name; its port is
 * rest.advertised.port, else the port the listener is bound to (`boundPorts`, in listener order).
 */
export function advertisedWorkerId (settings: AdvertisedSettings, listeners: readonly Listener[], boundPorts: readonly number[], machineHost: string = hostname()): string {
  const protocol = settings.advertisedListener ?? (listeners.some((l) => l.protocol === 'http') ? 'http' : 'https')
  const index = Math.max(0, listeners.findIndex((l) => l.protocol === protocol))
  const listener = listeners[index]
  // parseListeners turns an empty host into 0.0.0.0 (bind everything), which names no host to advertise.
  const listenerHost = listener === undefined || listener.host === '0.0.0.0' || listener.host === '' ? undefined : listener.host
  const host = settings.advertisedHostName ?? listenerHost ?? machineHost
  const port = settings.advertisedPort ?? boundPorts[index] ?? listener?.port ?? 8083
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}
