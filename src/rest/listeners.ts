/** Connect's `listeners` worker property: comma-separated `protocol://host:port`; an empty host binds every interface. */
import { configError } from '../errors.ts'

export interface Listener {
  readonly protocol: 'http' | 'https'
  /** The address to bind; '0.0.0.0' when the listener names no host. */
  readonly host: string
  /** 0 asks the system for a free port (tests). */
  readonly port: number
}

const LISTENER = /^(https?):\/\/(\[[^\]]*\]|[^:/]*):(\d{1,5})\/?$/i

/** Parses each entry; an entry that is not `http(s)://host:port` is a config error naming `listeners`. */
export function parseListeners (entries: readonly string[]): Listener[] {
  if (entries.length === 0) throw configError('listeners', 'Invalid value for configuration listeners: at least one listener is needed, e.g. http://:8083')
  return entries.map((entry) => {
    const match = LISTENER.exec(entry.trim())
    const port = Number(match?.[3])
    if (match === null || port > 65_535) {
      throw configError('listeners', `Invalid value ${entry} for configuration listeners: expected protocol://host:port with protocol http or https, e.g. http://:8083`)
    }
    const host = match[2]!.replace(/^\[|\]$/g, '')
    return { protocol: match[1]!.toLowerCase() as Listener['protocol'], host: host === '' ? '0.0.0.0' : host, port }
  })
}
