/** HTTPS calls with a chosen CA, client certificate and TLS versions, and the key stores tests make with openssl/keytool. */
import { execFile } from 'node:child_process'
import { request } from 'node:https'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { SecureVersion } from 'node:tls'
import type { TestCa } from '../../../infra/tls-front.ts'

const run = promisify(execFile)

export interface TlsCall {
  readonly ca: string
  readonly cert?: string
  readonly key?: string
  readonly maxVersion?: SecureVersion
  readonly headers?: Record<string, string>
  readonly method?: string
}

/** Status and body of one https request; rejects when the TLS handshake fails. */
export async function httpsCall (url: string, options: TlsCall): Promise<{ status: number, body: string }> {
  return await new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      ca: options.ca,
      ...(options.cert === undefined ? {} : { cert: options.cert, key: options.key }),
      ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
      headers: options.headers ?? {},
      agent: false
    }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => { body += chunk.toString() })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      response.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
    req.end()
  })
}

export interface KeyStores {
  /** PKCS12 with the server key and certificate, password `password`. */
  readonly pkcs12: string
  /** A PEM file with the private key and the certificate. */
  readonly pem: string
  /** The server key encrypted with `password` (PKCS#8 PEM). */
  readonly encryptedKey: string
  /** A real Java key store (JKS), which Node cannot read. */
  readonly jks: string
  /** A client certificate and key signed by the CA, and one that is self-signed (untrusted). */
  readonly client: { readonly cert: string, readonly key: string }
  readonly stranger: { readonly cert: string, readonly key: string }
}

/** Key stores in the CA's folder for the CA's server certificate. */
export async function makeKeyStores (ca: TestCa, password: string): Promise<KeyStores> {
  const dir = dirname(ca.caFile)
  const caKey = join(dir, 'test-ca.key')
  const out = (name: string): string => join(dir, name)
  const openssl = async (...args: string[]): Promise<void> => { await run('openssl', args, { cwd: dir }) }
  await openssl('pkcs12', '-export', '-in', ca.certFile, '-inkey', ca.keyFile, '-out', out('server.p12'), '-passout', `pass:${password}`, '-name', 'server')
  await writeFile(out('server.pem'), (await readFile(ca.keyFile, 'utf8')) + (await readFile(ca.certFile, 'utf8')))
  await openssl('pkcs8', '-topk8', '-in', ca.keyFile, '-out', out('server-encrypted.key'), '-passout', `pass:${password}`)
  await run('keytool', ['-importkeystore', '-srckeystore', out('server.p12'), '-srcstoretype', 'PKCS12', '-srcstorepass', password,
    '-destkeystore', out('server.jks'), '-deststoretype', 'JKS', '-deststorepass', password, '-noprompt'], { cwd: dir })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await openssl('req', ...ec, '-keyout', out('client.key'), '-out', out('client.csr'), '-subj', '/CN=rest-client')
  await openssl('x509', '-req', '-in', out('client.csr'), '-CA', ca.caFile, '-CAkey', caKey, '-CAcreateserial', '-days', '2', '-out', out('client.crt'))
  await openssl('req', '-x509', ...ec, '-days', '2', '-keyout', out('stranger.key'), '-out', out('stranger.crt'), '-subj', '/CN=stranger')
  return {
    pkcs12: out('server.p12'),
    pem: out('server.pem'),
    encryptedKey: out('server-encrypted.key'),
    jks: out('server.jks'),
    client: { cert: await readFile(out('client.crt'), 'utf8'), key: await readFile(out('client.key'), 'utf8') },
    stranger: { cert: await readFile(out('stranger.crt'), 'utf8'), key: await readFile(out('stranger.key'), 'utf8') }
  }
}
