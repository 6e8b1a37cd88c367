/**
 * AWS Signature Version 4 for the wire client's POST requests, with node:crypto. The signing key depends only on
 * the day, region, service and secret key, so it is derived once a day per credentials (not per request).
 * Every header handed in is signed, so callers pass only the headers that must be signed (not user-agent).
 */
import { createHmac, hash } from 'node:crypto'
import type { AwsCredentials } from '../credentials/types.ts'

const ALGORITHM = 'AWS4-HMAC-SHA256'

export interface SignableRequest {
  /** The request path, e.g. '/', as sent. */
  readonly path: string
  /** Lower-case names; every one is signed. Must include host. */
  readonly headers: Record<string, string>
  readonly body: Buffer
}

/** SHA-256 of the payload, hex, for x-amz-content-sha256 and the canonical request. */
export function payloadHash (body: Buffer): string {
  // The one-shot hash: no Hash object per request.
  return hash('sha256', body, 'hex')
}

/** 20261202T181110Z and 20261202 for a time in milliseconds. */
export function amzDate (timeMs: number): { dateTime: string, date: string } {
  const iso = new Date(timeMs).toISOString()
  const dateTime = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
  return { dateTime, date: dateTime.slice(0, 8) }
}

/** The canonical URI of a path as SigV4 wants it for services other than S3: each segment encoded once more. */
function canonicalPath (path: string): string {
  if (path === '/') return path
  return path.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')
}

export class SigV4Signer {
  readonly #service: string
  readonly #region: string
  #key: { date: string, secret: string, key: Buffer } | undefined

  constructor (service: string, region: string) {
    this.#service = service
    this.#region = region
  }

  /** Adds x-amz-date, x-amz-security-token (when the credentials have one), x-amz-content-sha256 and authorization to `request.headers`. */
  sign (request: SignableRequest, credentials: AwsCredentials, timeMs: number): void {
    const { dateTime, date } = amzDate(timeMs)
    const headers = request.headers
    headers['x-amz-date'] = dateTime
    if (credentials.sessionToken !== undefined && credentials.sessionToken !== '') headers['x-amz-security-token'] = credentials.sessionToken
    const bodyHash = payloadHash(request.body)
    headers['x-amz-content-sha256'] = bodyHash
    const names = Object.keys(headers).sort()
    let canonicalHeaders = ''
    for (const name of names) canonicalHeaders += `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`
    const signedHeaders = names.join(';')
    const canonicalRequest = `POST\n${canonicalPath(request.path)}\n\n${canonicalHeaders}\n${signedHeaders}\n${bodyHash}`
    const scope = `${date}/${this.#region}/${this.#service}/aws4_request`
    const stringToSign = `${ALGORITHM}\n${dateTime}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`
    const signature = createHmac('sha256', this.#signingKey(date, credentials.secretAccessKey)).update(stringToSign, 'utf8').digest('hex')
    headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  }

  /** The day's key for this region and service; derived again when the day or the secret changes. */
  #signingKey (date: string, secret: string): Buffer {
    const cached = this.#key
    if (cached !== undefined && cached.date === date && cached.secret === secret) return cached.key
    let key = createHmac('sha256', `AWS4${secret}`).update(date, 'utf8').digest()
    for (const part of [this.#region, this.#service, 'aws4_request']) key = createHmac('sha256', key).update(part, 'utf8').digest()
    this.#key = { date, secret, key }
    return key
  }
}
