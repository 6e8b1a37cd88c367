/**
 * A dependency-free Kafka readiness probe: one Metadata request (v1, no topics) over a raw socket.
 * A broker lists itself in a Metadata response only once it is registered and unfenced, which an
 * open port does not prove. Kept free of the client library so infra does not depend on it.
 */
import { createConnection } from 'node:net'
import { LOOPBACK } from './ports.ts'

export interface BrokerMetadata {
  brokers: Array<{ nodeId: number, host: string, port: number }>
  controllerId: number
}

const METADATA_API_KEY = 3
const METADATA_VERSION = 1 // non-flexible, still in 4.x's supported range 0-13

function metadataRequest (correlationId: number): Buffer {
  const clientId = Buffer.from('sqs-connect-infra-probe')
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4)
  let at = body.writeInt16BE(METADATA_API_KEY, 0)
  at = body.writeInt16BE(METADATA_VERSION, at)
  at = body.writeInt32BE(correlationId, at)
  at = body.writeInt16BE(clientId.length, at)
  at += clientId.copy(body, at)
  body.writeInt32BE(0, at) // empty topic array: "no topics" from v1 on
  const size = Buffer.alloc(4)
  size.writeInt32BE(body.length)
  return Buffer.concat([size, body])
}

function parseMetadata (frame: Buffer, correlationId: number): BrokerMetadata {
  let at = 0
  const int32 = (): number => { const v = frame.readInt32BE(at); at += 4; return v }
  const int16 = (): number => { const v = frame.readInt16BE(at); at += 2; return v }
  const str = (): string => {
    const len = int16()
    if (len < 0) return ''
    const v = frame.toString('utf8', at, at + len); at += len; return v
  }
  if (int32() !== correlationId) throw new Error('correlation id mismatch')
  const brokers: BrokerMetadata['brokers'] = []
  for (let n = int32(); n > 0; n--) {
    const nodeId = int32()
    const host = str()
    const port = int32()
    str() // rack
    brokers.push({ nodeId, host, port })
  }
  return { brokers, controllerId: int32() }
}

/** Sends one Metadata request to 127.0.0.1:port; rejects on connection error, bad frame or timeout. */
export function fetchMetadata (port: number, timeoutMs: number): Promise<BrokerMetadata> {
  const correlationId = Math.floor(Math.random() * 0x7fffffff)
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: LOOPBACK, port })
    let received = Buffer.alloc(0)
    const finish = (error: Error | undefined, result?: BrokerMetadata): void => {
      socket.destroy()
      if (result !== undefined) resolve(result)
      else reject(error ?? new Error('no metadata'))
    }
    socket.setTimeout(timeoutMs, () => finish(new Error(`no answer within ${timeoutMs} ms`)))
    socket.once('error', (error) => finish(error))
    socket.once('connect', () => socket.write(metadataRequest(correlationId)))
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      if (received.length < 4) return
      const size = received.readInt32BE(0)
      if (received.length < 4 + size) return
      try {
        finish(undefined, parseMetadata(received.subarray(4, 4 + size), correlationId))
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)))
      }
    })
    socket.once('end', () => finish(new Error('connection closed before a full response')))
  })
}
