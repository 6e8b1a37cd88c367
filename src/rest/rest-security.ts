/**
 * What the REST server needs for security, from the worker's properties: https options for `https://`
 * listeners (tls-settings.ts) and the basic-auth check (basic-auth.ts), turned on by Connect's
 * BasicAuthSecurityRestExtension or by sqs-connect's own credentials-file property.
 */
import type { ServerOptions as HttpsServerOptions } from 'node:https'
import { configError } from '../errors.ts'
import { basicAuthenticator, credentialsFileFromJaas } from './basic-auth.ts'
import { parseListeners } from './listeners.ts'
import { BASIC_AUTH_EXTENSION, BASIC_AUTH_FILE_KEY } from './rest-config.ts'
import { HTTPS_PREFIX, httpsServerOptions } from './tls-settings.ts'

export interface RestSecurityOptions {
  https?: HttpsServerOptions
  authenticate?: (authorization: string | undefined) => boolean
}

const list = (raw: string | undefined): string[] => (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')

function authenticator (workerRaw: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): RestSecurityOptions['authenticate'] {
  const extensions = list(workerRaw['rest.extension.classes'])
  const unknown = extensions.filter((name) => name !== BASIC_AUTH_EXTENSION)
  if (unknown.length > 0) {
    throw configError('rest.extension.classes', `Invalid value ${unknown.join(',')} for configuration rest.extension.classes: sqs-connect knows only ${BASIC_AUTH_EXTENSION}`)
  }
  const ownFile = (workerRaw[BASIC_AUTH_FILE_KEY] ?? '').trim()
  if (ownFile !== '') return basicAuthenticator(ownFile, BASIC_AUTH_FILE_KEY)
  if (extensions.length === 0) return undefined
  return basicAuthenticator(credentialsFileFromJaas(env.KAFKA_OPTS, 'rest.extension.classes'), 'rest.extension.classes')
}

/**
 * The https options and the authenticator for startRestServer; throws a config error naming the property at
 * fault (never showing a password). `env` is where KAFKA_OPTS is read (process.env unless a test says otherwise).
 */
export function restSecurityOptions (workerRaw: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = process.env): RestSecurityOptions {
  const https = httpsServerOptions(workerRaw)
  const listeners = parseListeners(list(workerRaw.listeners ?? 'http://:8083'))
  if (https === undefined && listeners.some((l) => l.protocol === 'https')) {
    throw configError(`${HTTPS_PREFIX}ssl.keystore.location`, `The listener ${workerRaw.listeners ?? ''} is https, but no key store is configured: set ${HTTPS_PREFIX}ssl.keystore.location ` +
      `(PKCS12 with ${HTTPS_PREFIX}ssl.keystore.password, or PEM with ${HTTPS_PREFIX}ssl.keystore.type=PEM), or ssl.keystore.certificate.chain and ssl.keystore.key`)
  }
  const authenticate = authenticator(workerRaw, env)
  return { ...(https === undefined ? {} : { https }), ...(authenticate === undefined ? {} : { authenticate }) }
}
