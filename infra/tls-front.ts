/**
 * TLS for local servers that speak plain HTTP (ElasticMQ, a forward proxy): a throwaway test CA made with
 * openssl, and stunnel terminating TLS on a free loopback port in front of a target port.
 * A Node process trusts the CA through NODE_EXTRA_CA_CERTS=<caFile>, the way a user trusts a private CA.
 */
import { connect } from 'node:tls'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { SideRun } from './side-run.ts'
import { findTool, runTool } from './system-tools.ts'

export interface TestCa {
  /** The CA certificate (PEM), for NODE_EXTRA_CA_CERTS or a `ca` option. */
  readonly caFile: string
  /** A server certificate signed by the CA, for 127.0.0.1 and localhost. */
  readonly certFile: string
  readonly keyFile: string
  /** Removes the files; idempotent. */
  remove: () => Promise<void>
}

/** Makes a CA and a server certificate (SAN IP:127.0.0.1, DNS:localhost) in a run dir of their own, valid for two days. */
export async function createTestCa (log: (line: string) => void = () => {}): Promise<TestCa> {
  const run = await SideRun.create('test-ca', log)
  const dir = run.dir
  const ca = { key: join(dir, 'test-ca.key'), crt: join(dir, 'test-ca.crt') }
  const server = { key: join(dir, 'server.key'), csr: join(dir, 'server.csr'), crt: join(dir, 'server.crt'), ext: join(dir, 'server.ext') }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await runTool('openssl', ['req', '-x509', ...ec, '-days', '2', '-keyout', ca.key, '-out', ca.crt, '-subj', '/CN=sqs-connect test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir)
  await runTool('openssl', ['req', ...ec, '-keyout', server.key, '-out', server.csr, '-subj', '/CN=localhost'], dir)
  await writeFile(server.ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n')
  await runTool('openssl', ['x509', '-req', '-in', server.csr, '-CA', ca.crt, '-CAkey', ca.key, '-CAcreateserial', '-days', '2',
    '-out', server.crt, '-extfile', server.ext], dir)
  return { caFile: ca.crt, certFile: server.crt, keyFile: server.key, remove: async () => { await run.remove() } }
}

export interface TlsFrontOptions {
  /** The loopback port of the plain-HTTP server behind the front. */
  targetPort: number
  ca: TestCa
  /** Short name for the run dir and logs, e.g. 'sqs-tls'. */
  name?: string
  log?: (line: string) => void
}

export interface TlsFront {
  readonly port: number
  /** https://127.0.0.1:<port> */
  readonly url: string
  readonly logFile: string
  /** Stops stunnel and removes its run dir; idempotent. */
  stop: () => Promise<void>
}

const READY_TIMEOUT_MS = 15_000
const STOP_GRACE_MS = 3_000

/** True when a TLS handshake (checked against the test CA) and one HTTP request through the front get an HTTP answer. */
async function answersHttps (port: number, ca: Buffer): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port, ca, servername: 'localhost' }, () => {
      socket.write(`GET / HTTP/1.1\r\nHost: ${LOOPBACK}:${port}\r\nConnection: close\r\n\r\n`)
    })
    let reply = ''
    socket.setTimeout(2000, () => socket.destroy())
    socket.on('data', (chunk: Buffer) => { reply += chunk.toString('latin1') })
    socket.on('error', () => resolve(false))
    socket.on('close', () => resolve(reply.startsWith('HTTP/1.')))
  })
}

/** Starts stunnel on a free loopback port in front of `targetPort`; resolves when an HTTPS request gets an answer. */
export async function startTlsFront (opts: TlsFrontOptions): Promise<TlsFront> {
  const log = opts.log ?? ((): void => {})
  const name = opts.name ?? 'tls-front'
  const stunnel = findTool('stunnel4')
  const run = await SideRun.create(name, log)
  const ca = await readFile(opts.ca.caFile)
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1) as [number]
    const config = join(run.dir, `stunnel-${attempt}.conf`)
    await writeFile(config, [
      'foreground = yes', 'pid =', 'debug = notice',
      `[${name}]`, `accept = ${LOOPBACK}:${port}`, `connect = ${LOOPBACK}:${opts.targetPort}`,
      `cert = ${opts.ca.certFile}`, `key = ${opts.ca.keyFile}`, ''
    ].join('\n'))
    const proc = new ManagedProcess({ name, command: stunnel, args: [config], cwd: run.dir, logFile: join(run.dir, 'stunnel.log'), pidFile: join(run.dir, 'stunnel.pid') })
    await run.track(proc.spec.pidFile, config)
    proc.start()
    try {
      await waitUntilReady(proc, async () => await answersHttps(port, ca), { timeoutMs: READY_TIMEOUT_MS, fatal: /Address already in use|Error binding/, log })
    } catch (error) {
      await proc.kill()
      if (!/Address already in use|Error binding/.test(String((error as Error).message)) || attempt >= 3) {
        await run.remove()
        throw error
      }
      continue
    }
    log(`${name}: stunnel on https://${LOOPBACK}:${port} -> ${LOOPBACK}:${opts.targetPort} (pid ${proc.pid ?? '?'})`)
    let stopping: Promise<void> | undefined
    return {
      port,
      url: `https://${LOOPBACK}:${port}`,
      logFile: proc.spec.logFile,
      stop: () => {
        stopping ??= proc.stop(STOP_GRACE_MS).then(async () => { await run.remove() })
        return stopping
      }
    }
  }
}
