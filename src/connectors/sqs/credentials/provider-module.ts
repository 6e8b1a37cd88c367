/**
 * A JavaScript module named by sqs.credentials.provider.class: the Node.js counterpart of a custom Java
 * AWSCredentialsProvider class. The contract (docs/credentials.md):
 *
 *   export function createCredentialsProvider (context) { return async () => ({ accessKeyId, secretAccessKey }) }
 *
 * exported by that name or as the default export; it may be async. `context.properties` holds every connector
 * property, `context.settings` those under `sqs.credentials.provider.` with the prefix removed (as Connect hands
 * settings to a Configurable provider). The returned function is called whenever the SDK needs credentials:
 * give an `expiration` to have it called again before then.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { configError } from '../../../errors.ts'
import type { AwsCredentialIdentityProvider } from './types.ts'

export const PROVIDER_CLASS = 'sqs.credentials.provider.class'
export const PROVIDER_SETTINGS_PREFIX = 'sqs.credentials.provider.'

/** What a provider module's factory receives. */
export interface CredentialsProviderContext {
  /** Every connector property, as configured (secrets included: the module is the operator's own code). */
  readonly properties: Readonly<Record<string, string>>
  /** Properties under `sqs.credentials.provider.` without that prefix, `class` left out. */
  readonly settings: Readonly<Record<string, string>>
}

export const CONTRACT = 'a module whose export createCredentialsProvider (or default export) is a function (context) => provider, ' +
  'where provider is an async function returning { accessKeyId, secretAccessKey, sessionToken?, expiration? }'

const invalid = (spec: string, problem: string): Error =>
  configError(PROVIDER_CLASS, `Invalid value ${spec} for configuration ${PROVIDER_CLASS}: ${problem}. Expected ${CONTRACT} (see docs/credentials.md)`)

/** The settings a module gets: `sqs.credentials.provider.*` minus the prefix and `class`. */
export function providerSettings (properties: Readonly<Record<string, string>>): Record<string, string> {
  const settings: Record<string, string> = {}
  for (const [key, value] of Object.entries(properties)) {
    if (key.startsWith(PROVIDER_SETTINGS_PREFIX) && key !== PROVIDER_CLASS) settings[key.slice(PROVIDER_SETTINGS_PREFIX.length)] = value
  }
  return settings
}

function looksLikePath (spec: string, cwd: string): boolean {
  return isAbsolute(spec) || spec.startsWith('./') || spec.startsWith('../') || existsSync(resolve(cwd, spec))
}

function isNotFound (error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Imports a file (absolute or relative to `cwd`) or a package (installed with sqs-connect, or resolvable from `cwd`). */
async function importModule (spec: string, cwd: string): Promise<Record<string, unknown>> {
  if (looksLikePath(spec, cwd)) {
    const file = resolve(cwd, spec)
    if (!existsSync(file)) throw invalid(spec, `the file ${file} does not exist`)
    try {
      return await import(pathToFileURL(file).href) as Record<string, unknown>
    } catch (error) {
      throw invalid(spec, `loading ${file} failed: ${describe(error)}`)
    }
  }
  let firstError: unknown
  try {
    return await import(spec) as Record<string, unknown>
  } catch (error) {
    if (!isNotFound(error)) throw invalid(spec, `loading the package failed: ${describe(error)}`)
    firstError = error
  }
  let resolved: string
  try {
    resolved = createRequire(join(cwd, 'package.json')).resolve(spec)
  } catch {
    throw invalid(spec, `no JavaScript module or package of that name was found (from sqs-connect or from ${cwd}: ${describe(firstError).split('\n')[0] ?? ''})`)
  }
  try {
    return await import(pathToFileURL(resolved).href) as Record<string, unknown>
  } catch (error) {
    throw invalid(spec, `loading ${resolved} failed: ${describe(error)}`)
  }
}

/** The factory a module exports: named createCredentialsProvider, else default (also when default is a CommonJS exports object). */
function findFactory (module: Record<string, unknown>): unknown {
  if (module.createCredentialsProvider !== undefined) return module.createCredentialsProvider
  const fallback = module.default
  if (typeof fallback === 'object' && fallback !== null && 'createCredentialsProvider' in fallback) {
    return (fallback as Record<string, unknown>).createCredentialsProvider
  }
  return fallback
}

/** Loads the module `spec` and returns the provider its factory makes; config errors name the property and the contract. */
export async function loadProviderModule (spec: string, properties: Readonly<Record<string, string>>, cwd = process.cwd()): Promise<AwsCredentialIdentityProvider> {
  const module = await importModule(spec, cwd)
  const factory = findFactory(module)
  if (typeof factory !== 'function') {
    const exported = Object.keys(module).join(', ')
    throw invalid(spec, `the module exports no credentials provider factory (its exports: ${exported === '' ? 'none' : exported})`)
  }
  const context: CredentialsProviderContext = { properties: { ...properties }, settings: providerSettings(properties) }
  let provider: unknown
  try {
    provider = await (factory as (context: CredentialsProviderContext) => unknown)(context)
  } catch (error) {
    throw invalid(spec, `createCredentialsProvider threw: ${describe(error)}`)
  }
  if (typeof provider !== 'function') {
    throw invalid(spec, `createCredentialsProvider returned ${provider === null ? 'null' : typeof provider}, not a provider function`)
  }
  return provider as AwsCredentialIdentityProvider
}
