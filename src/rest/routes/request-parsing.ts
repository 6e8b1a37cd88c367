/** Reading path, query and body values the way Connect's JAX-RS resources read them. */
import type { FastifyRequest } from 'fastify'
import { badRequest, notFound } from '../rest-error.ts'

export function connectorParams (request: FastifyRequest): { connector: string } {
  return { connector: (request.params as { connector: string }).connector }
}

/** The {task} path segment; a value that is no integer matches no resource in Jersey, hence 404. */
export function taskParam (request: FastifyRequest): number {
  const raw = (request.params as { task: string }).task
  if (!/^-?\d+$/.test(raw)) throw notFound('HTTP 404 Not Found')
  return Number(raw)
}

/** Every value of a repeatable query parameter; undefined when it is absent. */
export function queryList (request: FastifyRequest, name: string): string[] | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name]
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

/** A Boolean query parameter as Jersey parses it: "true" in any case is true, anything else (or nothing) false. */
export function queryBoolean (request: FastifyRequest, name: string): boolean {
  const values = queryList(request, name)
  return values?.[0]?.toLowerCase() === 'true'
}

/**
 * A JSON object as Connect's Map<String,String>: numbers and booleans become their text (Jackson coerces them),
 * null stays null (validation then says it may not be null); anything else is a 400 naming `what`.
 */
export function configMap (value: unknown, what: string): Record<string, string | null> {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`The request ${what} must be a JSON object of connector properties, e.g. {"connector.class":"SqsSourceConnector",...}`)
  }
  const config: Record<string, string | null> = {}
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || typeof v === 'string') config[key] = v
    else if (typeof v === 'number' || typeof v === 'boolean') config[key] = String(v)
    else throw badRequest(`The value of ${key} must be a string, not ${JSON.stringify(v)}`)
  }
  return config
}
