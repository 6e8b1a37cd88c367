/**
 * The wire client's own HTTP/1.1 connections, used when no proxy is configured: keep-alive sockets (node:net, or
 * node:tls for https with Node's default trust store and NODE_EXTRA_CA_CERTS) per origin, one request at a time on
 * each, the request written in one write and the answer parsed here into one Buffer (Content-Length, chunked, or
 * until the server closes). node:http costs several times the CPU per request for the same exchange
 * (docs/performance.md), which with 1 KiB messages was the largest part of the worker's CPU. With a proxy, the
 * requests go through node:http and the proxy agents as before.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { IncomingHttpHeaders } from 'node:http'

/** An HTTP answer read whole: what both transports of http-exchange.ts give. */
export interface HttpAnswer {
  readonly statusCode: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1')
const CRLF = Buffer.from('\r\n', 'latin1')
/** What one read of a plain connection can bring. */
const READ_BUFFER_BYTES = 64 * 1024
/** A head larger than this is not an HTTP answer we can use. */
const MAX_HEAD_BYTES = 64 * 1024

function protocolError (message: string): Error {
  return Object.assign(new Error(`Parse Error: ${message}`), { code: 'HPE_INVALID_RESPONSE' })
}

/** What node:http gives when the connection closes before the answer is complete. */
function hangUp (): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
}

function parseHead (head: Buffer): { statusCode: number, minor: number, headers: IncomingHttpHeaders } {
  const lines = head.toString('latin1').split('\r\n')
  const status = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '')
  if (status === null) throw protocolError(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`)
  const headers: Record<string, string | string[]> = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    const seen = headers[name]
    if (name === 'set-cookie') headers[name] = [...(seen as string[] | undefined ?? []), value]
    else headers[name] = seen === undefined ? value : `${seen as string}, ${value}`
  }
  return { statusCode: Number(status[2]), minor: Number(status[1]), headers: headers as IncomingHttpHeaders }
}

/**
 * The body of one answer as its bytes arrive: `feed` takes bytes and returns how many it used (the bytes are valid
 * only during the call: a plain connection reads into one buffer it reuses); `done` once complete.
 */
interface BodyReader {
  feed: (bytes: Buffer) => number
  readonly done: boolean
  /** Complete only when the server closes the connection (no length, not chunked). */
  readonly untilClose: boolean
  body: () => Buffer
}

function lengthReader (length: number): BodyReader {
  const body = Buffer.allocUnsafe(length)
  let filled = 0
  return {
    feed (bytes) {
      const used = Math.min(bytes.length, length - filled)
      bytes.copy(body, filled, 0, used)
      filled += used
      return used
    },
    get done () { return filled === length },
    untilClose: false,
    body: () => body
  }
}

function untilCloseReader (): BodyReader {
  const chunks: Buffer[] = []
  return { feed (bytes) { chunks.push(Buffer.from(bytes)); return bytes.length }, done: false, untilClose: true, body: () => Buffer.concat(chunks) }
}

function chunkedReader (): BodyReader {
  const chunks: Buffer[] = []
  let line = Buffer.alloc(0)
  /** Bytes of data left in the current chunk, then its CRLF. */
  let remaining = 0
  let state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size'
  const readLine = (bytes: Buffer, at: number): { line: Buffer, next: number } | undefined => {
    const joined = line.length === 0 ? bytes.subarray(at) : Buffer.concat([line, bytes.subarray(at)])
    const end = joined.indexOf(CRLF)
    if (end < 0) {
      line = Buffer.from(joined)
      if (line.length > MAX_HEAD_BYTES) throw protocolError('chunk size line too long')
      return undefined
    }
    const consumed = end + 2 - line.length
    const found = joined.subarray(0, end)
    line = Buffer.alloc(0)
    return { line: found, next: at + consumed }
  }
  return {
    feed (bytes) {
      let at = 0
      while (at < bytes.length && state !== 'done') {
        if (state === 'data') {
          const used = Math.min(remaining, bytes.length - at)
          chunks.push(Buffer.from(bytes.subarray(at, at + used)))
          at += used
          remaining -= used
          if (remaining === 0) state = 'data-end'
          continue
        }
        const read = readLine(bytes, at)
        if (read === undefined) return bytes.length
        at = read.next
        if (state === 'size') {
          const size = Number.parseInt(read.line.toString('latin1').split(';')[0]!.trim(), 16)
          if (!Number.isInteger(size) || size < 0) throw protocolError('invalid chunk size')
          state = size === 0 ? 'trailer' : 'data'
          remaining = size
        } else if (state === 'data-end') {
          if (read.line.length !== 0) throw protocolError('chunk data longer than its size')
          state = 'size'
        } else if (read.line.length === 0) {
          state = 'done'
        }
      }
      return at
    },
    get done () { return state === 'done' },
    untilClose: false,
    body: () => Buffer.concat(chunks)
  }
}

interface Waiter {
  readonly resolve: (answer: HttpAnswer) => void
  readonly reject: (error: Error) => void
}

/** One socket; one request at a time. */
class Connection {
  readonly socket: Socket
  #head: Buffer | undefined
  #answer: { statusCode: number, headers: IncomingHttpHeaders, reader: BodyReader, reusable: boolean } | undefined
  #waiter: Waiter | undefined
  #onIdleClose: (() => void) | undefined

  constructor (socket: Socket) {
    this.socket = socket
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.received(chunk))
    socket.on('error', (error) => this.#fail(error))
    socket.on('end', () => this.#onEnd())
    socket.on('close', () => this.#onEnd())
  }

  get usable (): boolean {
    return !this.socket.destroyed && this.socket.writable && this.#waiter === undefined
  }

  /** Called when the server closes this connection while it waits in the pool. */
  set onIdleClose (listener: (() => void) | undefined) {
    this.#onIdleClose = listener
  }

  async exchange (request: Buffer): Promise<HttpAnswer> {
    return await new Promise<HttpAnswer>((resolve, reject) => {
      this.#waiter = { resolve, reject }
      this.#head = undefined
      this.#answer = undefined
      this.socket.write(request)
    })
  }

  destroy (): void {
    this.socket.destroy()
  }

  /** Bytes from the server, valid only during the call. */
  received (bytes: Buffer): void {
    try {
      this.#onData(bytes)
    } catch (error) {
      this.#fail(error as Error)
    }
  }

  #onData (chunk: Buffer): void {
    if (this.#waiter === undefined) throw protocolError('bytes from the server while no request was waiting')
    let rest = chunk
    while (this.#answer === undefined) {
      const head = this.#head === undefined ? rest : Buffer.concat([this.#head, rest])
      const end = head.indexOf(HEAD_END)
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) throw protocolError('answer head too large')
        this.#head = Buffer.from(head)
        return
      }
      this.#head = undefined
      rest = head.subarray(end + HEAD_END.length)
      const { statusCode, minor, headers } = parseHead(head.subarray(0, end))
      // An interim answer (100 Continue and the like) is followed by the real one.
      if (statusCode >= 100 && statusCode < 200) continue
      const connection = String(headers.connection ?? '').toLowerCase()
      const reusable = minor === 1 ? !connection.includes('close') : connection.includes('keep-alive')
      const encoding = String(headers['transfer-encoding'] ?? '').toLowerCase()
      const length = headers['content-length']
      let reader: BodyReader
      if (encoding.includes('chunked')) reader = chunkedReader()
      else if (length !== undefined) {
        const bytes = Number(length)
        if (!Number.isSafeInteger(bytes) || bytes < 0) throw protocolError(`invalid content-length ${length}`)
        reader = lengthReader(bytes)
      } else reader = untilCloseReader()
      this.#answer = { statusCode, headers, reader, reusable: reusable && !reader.untilClose }
    }
    const answer = this.#answer
    const used = rest.length === 0 ? 0 : answer.reader.feed(rest)
    if (!answer.reader.done) return
    if (used < rest.length) throw protocolError('bytes after the end of the answer')
    this.#complete()
  }

  #complete (): void {
    const answer = this.#answer!
    const waiter = this.#waiter!
    this.#answer = undefined
    this.#waiter = undefined
    if (!answer.reusable) this.socket.end()
    waiter.resolve({ statusCode: answer.statusCode, headers: answer.headers, body: answer.reader.body() })
  }

  #onEnd (): void {
    const answer = this.#answer
    if (this.#waiter !== undefined && answer?.reader.untilClose === true) {
      this.#complete()
      this.socket.destroy()
      return
    }
    if (this.#waiter !== undefined) this.#fail(hangUp())
    else {
      this.socket.destroy()
      this.#onIdleClose?.()
    }
  }

  #fail (error: Error): void {
    const waiter = this.#waiter
    this.#waiter = undefined
    this.#answer = undefined
    this.socket.destroy()
    if (waiter !== undefined) waiter.reject(error)
    else this.#onIdleClose?.()
  }
}

/** Keep-alive connections per origin (`http://host:port`), opened on demand, none of them limited in number. */
export class HttpConnections {
  /**
   * Plain connections read into this one buffer (node:net's `onread`) instead of a fresh one per read: each read is
   * parsed, and what is kept copied out, before the next one can happen.
   */
  readonly #readBuffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES)
  readonly #idle = new Map<string, Connection[]>()
  readonly #open = new Set<Connection>()
  #destroyed = false

  /**
   * Sends `request` (head and body, already in HTTP/1.1 form) to `url`'s origin on an idle connection or a new one.
   * `onConnection` is called with a new connection's socket before it connects (for the caller's connect timeout).
   * Rejects with the socket's error (with its code), a hang-up (ECONNRESET) or an error for an answer that is not HTTP.
   */
  async send (url: URL, request: Buffer, onConnection: (socket: Socket, fresh: boolean) => void): Promise<HttpAnswer> {
    if (this.#destroyed) throw Object.assign(new Error('The SQS client was closed'), { name: 'AbortError' })
    const origin = `${url.protocol}//${url.host}`
    const connection = this.#take(origin) ?? this.#connect(url)
    onConnection(connection.socket, connection.socket.connecting)
    try {
      const answer = await connection.exchange(request)
      if (connection.usable && !this.#destroyed) this.#park(origin, connection)
      return answer
    } catch (error) {
      connection.destroy()
      throw error
    }
  }

  /** Closes every connection; later sends fail. */
  destroy (): void {
    this.#destroyed = true
    for (const connection of this.#open) connection.destroy()
    this.#open.clear()
    this.#idle.clear()
  }

  #take (origin: string): Connection | undefined {
    const idle = this.#idle.get(origin)
    while (idle !== undefined && idle.length > 0) {
      const connection = idle.pop()!
      connection.onIdleClose = undefined
      if (connection.usable) return connection
      connection.destroy()
    }
    return undefined
  }

  #park (origin: string, connection: Connection): void {
    let idle = this.#idle.get(origin)
    if (idle === undefined) this.#idle.set(origin, idle = [])
    idle.push(connection)
    connection.onIdleClose = () => {
      const at = idle.indexOf(connection)
      if (at >= 0) idle.splice(at, 1)
    }
  }

  #connect (url: URL): Connection {
    const host = socketHost(url)
    const secure = url.protocol === 'https:'
    const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port)
    const read = this.#readBuffer
    const reader: { connection?: Connection } = {}
    const socket = secure
      ? tlsConnect({ host, port, ...(isIP(host) !== 0 ? {} : { servername: host }), ALPNProtocols: ['http/1.1'] })
      : netConnect({ host, port, onread: { buffer: read, callback: (length) => { reader.connection?.received(read.subarray(0, length)); return true } } })
    const connection = new Connection(socket)
    reader.connection = connection
    // A connection leaves the set when its socket closes, whatever closed it.
    this.#open.add(connection)
    socket.once('close', () => this.#open.delete(connection))
    return connection
  }
}

/** The host to open a socket to: the URL's hostname without the brackets of an IPv6 address. */
export function socketHost (url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
}
