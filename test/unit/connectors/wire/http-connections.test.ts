/**
 * The wire client's own HTTP/1.1 connections against servers on 127.0.0.1 that answer in each framing HTTP allows:
 * Content-Length, chunked, until close, an interim 100 answer first, and servers that close connections.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { after, test } from 'node:test'
import { HttpConnections } from '../../../../src/connectors/sqs/wire/http-connections.ts'
import { post } from '../../../../src/connectors/sqs/wire/http-exchange.ts'
import { Agent } from 'node:http'

const agent = new Agent()
const servers: Server[] = []
const pools: HttpConnections[] = []

after(() => {
  for (const server of servers) server.close()
  for (const pool of pools) pool.destroy()
  agent.destroy()
})

async function listen (server: Server): Promise<URL> {
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
}

/** A server that reads one request head and body (by content-length) per exchange and answers with `reply`. */
async function rawServer (reply: (socket: Socket, body: Buffer, n: number) => void): Promise<{ url: URL, connections: () => number }> {
  let count = 0
  let exchanges = 0
  const server = createNetServer((socket) => {
    count++
    let pending = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      for (;;) {
        const end = pending.indexOf('\r\n\r\n')
        if (end < 0) return
        const length = Number(/content-length: *(\d+)/i.exec(pending.toString('latin1', 0, end))?.[1] ?? 0)
        if (pending.length < end + 4 + length) return
        const body = pending.subarray(end + 4, end + 4 + length)
        pending = pending.subarray(end + 4 + length)
        reply(socket, body, ++exchanges)
      }
    })
    socket.on('error', () => {})
  })
  return { url: await listen(server), connections: () => count }
}

function settings (direct: HttpConnections, requestTimeoutMs = 5000): Parameters<typeof post>[3] {
  pools.push(direct)
  return { httpAgent: agent, httpsAgent: agent, connectionTimeoutMs: 1000, requestTimeoutMs, direct }
}

const HEADERS = { 'content-type': 'application/x-amz-json-1.0', host: '127.0.0.1' }

test('Content-Length answers on one kept-alive connection; headers as node:http gives them', async () => {
  const { url, connections } = await rawServer((socket, body) => {
    socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length + 2}\r\nX-Amzn-RequestId: r1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n[${body.toString('latin1')}]`)
  })
  const s = settings(new HttpConnections())
  for (let i = 0; i < 5; i++) {
    const answer = await post(url, { ...HEADERS, 'content-length': '3' }, Buffer.from(`a${i}c`), s, undefined)
    assert.equal(answer.statusCode, 200)
    assert.equal(answer.body.toString(), `[a${i}c]`)
    assert.equal(answer.headers['x-amzn-requestid'], 'r1')
    assert.deepEqual(answer.headers['set-cookie'], ['a=1', 'b=2'])
  }
  assert.equal(connections(), 1)
})

test('a chunked answer split across writes, with a chunk extension and a trailer', async () => {
  const { url } = await rawServer((socket) => {
    const parts = ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel', 'lo\r\n', '6\r\n world\r\n0\r', '\nX-Trailer: t\r\n\r\n']
    parts.forEach((part, i) => setTimeout(() => socket.write(part), i * 5))
  })
  const s = settings(new HttpConnections())
  for (let i = 0; i < 2; i++) assert.equal((await post(url, HEADERS, Buffer.alloc(0), s, undefined)).body.toString(), 'hello world')
})

test('an answer without length ends when the server closes; Connection: close is not reused; an interim 100 is skipped', async () => {
  const { url, connections } = await rawServer((socket, _body, n) => {
    if (n === 1) socket.end('HTTP/1.1 200 OK\r\n\r\nuntil the end')
    else if (n === 2) socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok')
    else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast')
  })
  const s = settings(new HttpConnections())
  assert.equal((await post(url, HEADERS, Buffer.alloc(0), s, undefined)).body.toString(), 'until the end')
  const second = await post(url, HEADERS, Buffer.alloc(0), s, undefined)
  assert.equal(second.statusCode, 201)
  assert.equal(second.body.toString(), 'ok')
  assert.equal((await post(url, HEADERS, Buffer.alloc(0), s, undefined)).body.toString(), 'last')
  assert.equal(connections(), 3)
})

test('a server that closes idle connections: the next request opens a new one', async () => {
  const server = createHttpServer((req, res) => { req.resume(); req.on('end', () => res.end('fine')) })
  server.keepAliveTimeout = 50
  const url = await listen(server)
  const s = settings(new HttpConnections())
  assert.equal((await post(url, HEADERS, Buffer.alloc(0), s, undefined)).body.toString(), 'fine')
  await new Promise((resolve) => setTimeout(resolve, 200))
  assert.equal((await post(url, HEADERS, Buffer.alloc(0), s, undefined)).body.toString(), 'fine')
})

test('a large answer in many pieces arrives whole; concurrent requests use separate connections', async () => {
  const big = Buffer.alloc(3 * 1024 * 1024)
  for (let i = 0; i < big.length; i++) big[i] = i % 251
  const server = createHttpServer((req, res) => { req.resume(); req.on('end', () => setTimeout(() => res.end(big), 10)) })
  const url = await listen(server)
  const s = settings(new HttpConnections())
  const answers = await Promise.all([1, 2, 3].map(async () => await post(url, HEADERS, Buffer.alloc(0), s, undefined)))
  for (const answer of answers) assert.ok(answer.body.equals(big))
})

test('an answer that is not HTTP, a server that hangs up mid-answer, and a closed pool fail with errors', async () => {
  const { url } = await rawServer((socket, _body, n) => {
    if (n === 1) socket.write('SSH-2.0-OpenSSH\r\n\r\n')
    else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort')
  })
  const pool = new HttpConnections()
  const s = settings(pool)
  await assert.rejects(post(url, HEADERS, Buffer.alloc(0), s, undefined), /Parse Error: not an HTTP\/1.x status line/)
  await assert.rejects(post(url, HEADERS, Buffer.alloc(0), s, undefined), (error: Error & { code?: string }) => error.code === 'ECONNRESET' && error.name === 'TimeoutError')
  pool.destroy()
  await assert.rejects(post(url, HEADERS, Buffer.alloc(0), s, undefined), { name: 'AbortError' })
})

test('destroy() closes the connections it keeps', async () => {
  let closed = 0
  const server = createHttpServer((req, res) => { req.resume(); req.on('end', () => res.end('x')) })
  server.on('connection', (socket) => socket.on('close', () => closed++))
  const url = await listen(server)
  const pool = new HttpConnections()
  const s = settings(pool)
  await Promise.all([1, 2].map(async () => await post(url, HEADERS, Buffer.alloc(0), s, undefined)))
  pool.destroy()
  for (let i = 0; i < 100 && closed < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  assert.equal(closed, 2)
})
