/** Reads worker and connector files: Java .properties, or JSON (flat, or the REST form {"name","config"}). */
import { readFile } from 'node:fs/promises'
import { parse as parseProperties } from 'dot-properties'
import { ErrorCodes, SqsConnectError } from '../errors.ts'

async function readText (path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new SqsConnectError(ErrorCodes.CONFIG_FILE_UNREADABLE, `Cannot read configuration file ${path}: ${(error as Error).message}`, { subject: path, cause: error })
  }
}

function stringMap (path: string, value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SqsConnectError(ErrorCodes.CONFIG_INVALID, `${path}: expected a JSON object of configuration properties`, { subject: path })
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === 'object') {
      throw new SqsConnectError(ErrorCodes.CONFIG_INVALID, `${path}: the value of "${k}" must be a string, number or boolean`, { subject: k })
    }
    out[k] = String(v)
  }
  return out
}

/** Parses a JSON connector config; the REST form's top-level name fills in a missing "name". */
export function parseJsonConfig (path: string, text: string): Record<string, string> {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new SqsConnectError(ErrorCodes.CONFIG_INVALID, `${path} is not valid JSON: ${(error as Error).message}`, { subject: path, cause: error })
  }
  if (doc !== null && typeof doc === 'object' && 'config' in doc && typeof doc.config === 'object') {
    const config = stringMap(path, doc.config)
    const name = 'name' in doc && typeof doc.name === 'string' ? doc.name.trim() : undefined
    if (name !== undefined && config.name !== undefined && config.name !== name) {
      throw new SqsConnectError(ErrorCodes.CONFIG_INVALID, `${path}: Connector name configuration (${config.name}) doesn't match connector name (${name})`, { subject: 'name' })
    }
    if (name !== undefined) config.name ??= name
    return config
  }
  return stringMap(path, doc)
}

/** Loads a .properties or .json file into a flat string map. */
export async function loadConfigFile (path: string): Promise<Record<string, string>> {
  const text = await readText(path)
  if (path.endsWith('.json') || text.trimStart().startsWith('{')) return parseJsonConfig(path, text)
  return parseProperties(text) as Record<string, string>
}
