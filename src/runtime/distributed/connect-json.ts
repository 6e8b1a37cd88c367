/**
 * The JSON text of Connect's internal records: JsonConverter with schemas.enable=false writes maps of strings,
 * numbers, booleans and nulls through Jackson, whose string escaping differs from JSON.stringify (upper-case hex,
 * surrogate pairs); values are read back with JSON.parse, which accepts both.
 */
import { jsonString } from '../../connect/converters/json-text.ts'

export type InternalJson = string | number | boolean | null | InternalJsonObject
export interface InternalJsonObject { readonly [key: string]: InternalJson }

/** Jackson's text of a schemaless value, as JsonConverter writes it. */
export function connectJson (value: InternalJson): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return jsonString(value)
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value)
  if (typeof value === 'boolean') return String(value)
  return '{' + Object.entries(value).map(([k, v]) => `${jsonString(k)}:${connectJson(v)}`).join(',') + '}'
}

/** Parses a record value; null for a tombstone; undefined when the bytes are not a JSON object (the caller logs and skips it, as Connect does). */
export function parseInternalRecord (value: Buffer | null): Record<string, unknown> | null | undefined {
  if (value === null) return null
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}
