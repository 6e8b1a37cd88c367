/**
 * Node https options from Connect's ssl.* worker properties. As Connect's SSLUtils does
 * (valuesWithPrefixAllOrNothing), the `listeners.https.` keys replace the top-level ssl.* keys as a whole
 * as soon as one of them is given. Passwords never appear in an error.
 */
import { readFileSync } from 'node:fs'
import { createSecureContext, type SecureContextOptions } from 'node:tls'
import type { ServerOptions as HttpsServerOptions } from 'node:https'
import { parseConfigOrThrow, type ConfigValue } from '../connect/config/config-def.ts'
import { configError, SqsConnectError } from '../errors.ts'
import { sslKeys } from './rest-config.ts'

export const HTTPS_PREFIX = 'listeners.https.'

/** The ssl.* values that apply to https listeners and the prefix their names carry in errors. */
function sslValues (workerRaw: Readonly<Record<string, string>>): { prefix: string, get: (name: string) => ConfigValue } {
  const prefixed = Object.keys(workerRaw).some((key) => key.startsWith(HTTPS_PREFIX))
  const prefix = prefixed ? HTTPS_PREFIX : ''
  const keys = sslKeys.map((key) => ({ ...key, name: prefix + key.name }))
  const values = parseConfigOrThrow('Worker configuration', keys, workerRaw)
  return { prefix, get: (name) => values[prefix + name] ?? null }
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g

function pemBlocks (text: string, label: (name: string) => boolean): string[] {
  return [...text.matchAll(PEM_BLOCK)].filter((m) => label(m[1]!)).map((m) => m[0])
}

function readFileFor (property: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw configError(property, `Invalid value ${path} for configuration ${property}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}

/** Java's own key store formats start with these magic numbers; Node reads neither. */
function isJavaKeyStore (bytes: Buffer): boolean {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0
  return magic === 0xFEEDFEED || magic === 0xCECECECE
}

function keyStoreOptions (prefix: string, get: (name: string) => ConfigValue): SecureContextOptions | undefined {
  const type = get('ssl.keystore.type') as string
  const location = get('ssl.keystore.location') as string | null
  const keyPassword = get('ssl.key.password') as string | null
  const chain = get('ssl.keystore.certificate.chain') as string | null
  const inlineKey = get('ssl.keystore.key') as string | null
  if (chain !== null || inlineKey !== null) {
    if (type !== 'PEM') throw configError(`${prefix}ssl.keystore.type`, `${prefix}ssl.keystore.certificate.chain and ${prefix}ssl.keystore.key need ${prefix}ssl.keystore.type=PEM, not ${type}`)
    if (chain === null || inlineKey === null) throw configError(`${prefix}ssl.keystore.key`, `${prefix}ssl.keystore.certificate.chain and ${prefix}ssl.keystore.key must be given together`)
    return { cert: chain, key: [{ pem: inlineKey, ...(keyPassword === null ? {} : { passphrase: keyPassword }) }] }
  }
  if (location === null) return undefined
  const property = `${prefix}ssl.keystore.location`
  const bytes = readFileFor(property, location)
  if (type === 'PEM') {
    const text = bytes.toString('utf8')
    const certs = pemBlocks(text, (name) => name.endsWith('CERTIFICATE'))
    const keys = pemBlocks(text, (name) => name.endsWith('PRIVATE KEY'))
    if (certs.length === 0 || keys.length !== 1) {
      throw configError(property, `Invalid value ${location} for configuration ${property}: a PEM key store needs one private key and its certificate chain, found ${keys.length} key(s) and ${certs.length} certificate(s)`)
    }
    return { cert: certs.join('\n'), key: [{ pem: keys[0]!, ...(keyPassword === null ? {} : { passphrase: keyPassword }) }] }
  }
  if (isJavaKeyStore(bytes)) {
    throw configError(property, `${location} (${property}) is a Java key store (JKS), which Node cannot read. Convert it with ` +
      `keytool -importkeystore -srckeystore ${location} -destkeystore keystore.p12 -deststoretype PKCS12, then set ${prefix}ssl.keystore.location to the new file and ${prefix}ssl.keystore.type=PKCS12`)
  }
  // Java 9+ reads a PKCS12 file under type JKS too, so a PKCS12 file works with Connect's default type.
  const password = get('ssl.keystore.password') as string | null
  return { pfx: bytes, ...(password === null ? {} : { passphrase: password }) }
}

function trustStoreOptions (prefix: string, get: (name: string) => ConfigValue): SecureContextOptions {
  const type = get('ssl.truststore.type') as string
  const location = get('ssl.truststore.location') as string | null
  const inline = get('ssl.truststore.certificates') as string | null
  if (location === null && inline === null) return {}
  if (type !== 'PEM') {
    throw configError(`${prefix}ssl.truststore.type`, `${prefix}ssl.truststore.type ${type} cannot be read by Node: convert the trust store to PEM ` +
      `(keytool -importkeystore -deststoretype PKCS12, then openssl pkcs12 -nokeys -in truststore.p12 -out truststore.pem) and set ${prefix}ssl.truststore.type=PEM`)
  }
  const text = inline ?? readFileFor(`${prefix}ssl.truststore.location`, location!).toString('utf8')
  const certs = pemBlocks(text, (name) => name.endsWith('CERTIFICATE'))
  if (certs.length === 0) throw configError(`${prefix}ssl.truststore.${inline === null ? 'location' : 'certificates'}`, `${prefix}ssl.truststore.${inline === null ? 'location' : 'certificates'} holds no PEM certificate`)
  return { ca: certs }
}

const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const
type TlsVersion = (typeof TLS_VERSIONS)[number]

function protocolOptions (prefix: string, get: (name: string) => ConfigValue): SecureContextOptions {
  const enabled = (get('ssl.enabled.protocols') as string[] | null) ?? []
  const property = `${prefix}ssl.enabled.protocols`
  const unknown = enabled.filter((p) => !(TLS_VERSIONS as readonly string[]).includes(p))
  if (enabled.length === 0 || unknown.length > 0) {
    throw configError(property, `Invalid value ${enabled.join(',')} for configuration ${property}: expected some of ${TLS_VERSIONS.join(', ')}`)
  }
  const order = enabled.map((p) => TLS_VERSIONS.indexOf(p as TlsVersion)).sort()
  const ciphers = get('ssl.cipher.suites') as string[] | null
  return {
    minVersion: TLS_VERSIONS[order[0]!]!,
    maxVersion: TLS_VERSIONS[order[order.length - 1]!]!,
    ...(ciphers === null || ciphers.length === 0 ? {} : { ciphers: ciphers.join(':') })
  }
}

/** Tries the options once so that a wrong password or a broken file fails at start-up, naming the property. */
function checkSecureContext (prefix: string, options: SecureContextOptions): void {
  try {
    createSecureContext(options)
  } catch (error) {
    const reason = (error as Error).message
    const encrypted = Array.isArray(options.key) && options.key.some((k) => typeof k === 'object' && 'passphrase' in k && k.passphrase !== undefined)
    const property = /cipher/i.test(reason)
      ? `${prefix}ssl.cipher.suites`
      : options.pfx !== undefined ? `${prefix}ssl.keystore.password` : encrypted ? `${prefix}ssl.key.password` : `${prefix}ssl.keystore.location`
    throw new SqsConnectError(configError(property, '').code, `The key store of the https listeners cannot be used (${reason}); check ${property}`, { subject: property })
  }
}

/**
 * The https options of the worker's listeners, or undefined when no key store is configured.
 * A key store is needed as soon as a listener is https (the caller checks that against `listeners`).
 */
export function httpsServerOptions (workerRaw: Readonly<Record<string, string>>): HttpsServerOptions | undefined {
  const { prefix, get } = sslValues(workerRaw)
  const keyStore = keyStoreOptions(prefix, get)
  if (keyStore === undefined) return undefined
  const clientAuth = get('ssl.client.auth') as string
  const options: HttpsServerOptions = {
    ...keyStore,
    ...trustStoreOptions(prefix, get),
    ...protocolOptions(prefix, get),
    // 'requested': ask for a certificate and let the TLS handshake through without one; rest-server.ts refuses a
    // request whose certificate was presented but not trusted, as Java's wantClientAuth does.
    requestCert: clientAuth !== 'none',
    rejectUnauthorized: clientAuth === 'required'
  }
  checkSecureContext(prefix, options)
  return options
}
