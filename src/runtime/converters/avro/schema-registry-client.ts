/**
 * A small client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API): register,
 * look up and fetch the latest version of a subject. Like Confluent's RestService it retries network errors and
 * HTTP 408/429/500/502/503/504 (max.retries, retries.wait.ms doubling up to retries.max.wait.ms), then fails over
 * to the next URL. Errors name the subject and the registry URL, never the credentials.
 */
import { ErrorCodes, SqsConnectError } from '../../../errors.ts'
import type { RegistryConfig, RegistryEndpoint } from './registry-config.ts'

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json'
const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5'
const RETRIABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])

/** A registered schema: its global id, and for latest/lookup answers its version and text. */
export interface RegisteredSchema {
  readonly id: number
  readonly version?: number
  readonly schema?: string
}

/** What a request is for, for error messages: "register the schema of subject orders-value". */
interface Purpose {
  readonly action: string
  readonly subject: string
}

class HttpFailure extends Error {
  constructor (readonly status: number, readonly errorCode: number | undefined, message: string) {
    super(message)
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export class SchemaRegistryClient {
  readonly #config: RegistryConfig
  /** Index of the URL to try first; moves on when one fails (Confluent's UrlList). */
  #current = 0

  constructor (config: RegistryConfig) {
    this.#config = config
  }

  /** The base URLs, for messages (no credentials). */
  get urls (): string[] {
    return this.#config.endpoints.map((e) => e.url)
  }

  /** POST /subjects/{subject}/versions: registers (or finds) the schema; returns its id. */
  async register (subject: string, schema: string): Promise<RegisteredSchema> {
    const query = this.#config.normalizeSchemas ? '?normalize=true' : ''
    return await this.#request('POST', `/subjects/${encodeURIComponent(subject)}/versions${query}`, { schema }, { action: 'register the schema of', subject })
  }

  /** POST /subjects/{subject}: the id of a schema already registered under the subject (auto.register.schemas=false). */
  async lookup (subject: string, schema: string): Promise<RegisteredSchema> {
    const query = `?normalize=${String(this.#config.normalizeSchemas)}&deleted=false`
    return await this.#request('POST', `/subjects/${encodeURIComponent(subject)}${query}`, { schema }, { action: 'look up the schema of', subject })
  }

  /** GET /subjects/{subject}/versions/latest (use.latest.version). */
  async latest (subject: string): Promise<RegisteredSchema> {
    return await this.#request('GET', `/subjects/${encodeURIComponent(subject)}/versions/latest`, undefined, { action: 'fetch the latest version of', subject })
  }

  async #request (method: string, path: string, body: unknown, purpose: Purpose): Promise<RegisteredSchema> {
    const endpoints = this.#config.endpoints
    let lastError: unknown
    let last = endpoints[this.#current]!
    for (let i = 0; i < endpoints.length; i++) {
      const index = (this.#current + i) % endpoints.length
      const endpoint = endpoints[index]!
      last = endpoint
      try {
        const answer = await this.#withRetries(endpoint, method, path, body)
        this.#current = index
        return answer
      } catch (error) {
        lastError = error
        if (error instanceof HttpFailure && !RETRIABLE_STATUS.has(error.status)) throw this.#rejected(endpoint, purpose, error)
      }
    }
    this.#current = (this.#current + 1) % endpoints.length
    const detail = lastError instanceof HttpFailure ? `HTTP ${lastError.status}: ${lastError.message}` : describeNetworkError(lastError)
    throw new SqsConnectError(ErrorCodes.SCHEMA_REGISTRY_UNAVAILABLE,
      `Could not ${purpose.action} subject ${purpose.subject}: schema registry ${this.urls.join(', ')} did not answer after ${this.#config.maxRetries} retries ` +
      `(last: ${last.url}: ${detail})`, { subject: purpose.subject, retriable: true, cause: lastError })
  }

  async #withRetries (endpoint: RegistryEndpoint, method: string, path: string, body: unknown): Promise<RegisteredSchema> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#send(endpoint, method, path, body)
      } catch (error) {
        const retriable = !(error instanceof HttpFailure) || RETRIABLE_STATUS.has(error.status)
        if (!retriable || attempt >= this.#config.maxRetries) throw error
        await sleep(Math.min(this.#config.retriesWaitMs * 2 ** attempt, this.#config.retriesMaxWaitMs))
      }
    }
  }

  async #send (endpoint: RegistryEndpoint, method: string, path: string, body: unknown): Promise<RegisteredSchema> {
    const headers: Record<string, string> = { accept: ACCEPT }
    if (body !== undefined) headers['content-type'] = CONTENT_TYPE
    if (this.#config.authorization !== undefined) headers.authorization = this.#config.authorization
    const reply = await fetch(endpoint.url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.#config.requestTimeoutMs)
    })
    const text = await reply.text()
    let json: unknown
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    if (!reply.ok) {
      const error = json as { error_code?: number, message?: string } | undefined
      throw new HttpFailure(reply.status, error?.error_code, error?.message ?? text.slice(0, 300))
    }
    const answer = json as { id?: unknown, version?: unknown, schema?: unknown } | undefined
    if (typeof answer?.id !== 'number') throw new HttpFailure(reply.status, undefined, `unexpected answer without a schema id: ${text.slice(0, 300)}`)
    return {
      id: answer.id,
      ...(typeof answer.version === 'number' ? { version: answer.version } : {}),
      ...(typeof answer.schema === 'string' ? { schema: answer.schema } : {})
    }
  }

  #rejected (endpoint: RegistryEndpoint, purpose: Purpose, failure: HttpFailure): SqsConnectError {
    const hint = failure.status === 401 || failure.status === 403
      ? ' Check basic.auth.credentials.source and basic.auth.user.info (or the user info in schema.registry.url).'
      : failure.errorCode === 40401 || failure.errorCode === 40403
        ? ' The subject or schema is not registered: register it, or set auto.register.schemas=true.'
        : failure.status === 409 ? ' The schema is not compatible with the subject\'s earlier versions.' : ''
    return new SqsConnectError(ErrorCodes.SCHEMA_REGISTRY_REJECTED,
      `Schema registry ${endpoint.url} refused to ${purpose.action} subject ${purpose.subject}: HTTP ${failure.status}` +
      `${failure.errorCode === undefined ? '' : ` (error_code ${failure.errorCode})`}: ${failure.message.replace(/\.?$/, '.')}${hint}`,
      { subject: purpose.subject })
  }
}

function describeNetworkError (error: unknown): string {
  const cause = (error as { cause?: { code?: string, message?: string } } | undefined)?.cause
  if (cause?.code !== undefined) return `${cause.code}${cause.message === undefined ? '' : ` (${cause.message})`}`
  return (error as Error | undefined)?.message ?? String(error)
}
