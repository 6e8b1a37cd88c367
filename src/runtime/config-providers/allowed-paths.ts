/**
 * Kafka's AllowedPaths: the `allowed.paths` parameter of the file and directory providers. When set, a
 * path is used only if, normalised (so `..` cannot escape), it lies at or below one of the allowed paths.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, normalize, sep } from 'node:path'
import { parameterError } from './config-provider.ts'

export const ALLOWED_PATHS_CONFIG = 'allowed.paths'

/** Path.normalize() as Java does it: no trailing separator, except for the root. */
function normalized (path: string): string {
  const n = normalize(path)
  return n.length > 1 && n.endsWith(sep) ? n.slice(0, -1) : n
}

/** Java's Path.startsWith: whole name elements, so /a/bc does not start with /a/b. */
function startsWithPath (path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith(sep) ? prefix : prefix + sep)
}

export class AllowedPaths {
  readonly #allowed: readonly string[] | undefined

  /** `configValue` is the comma-separated list; empty or undefined allows every path. Entries are not trimmed, as in Kafka. */
  constructor (configValue: string | undefined) {
    if (configValue === undefined || configValue === '') {
      this.#allowed = undefined
      return
    }
    this.#allowed = configValue.split(',').map((entry) => {
      const path = normalized(entry)
      if (!isAbsolute(path)) throw parameterError(ALLOWED_PATHS_CONFIG, `Path ${path} is not absolute`)
      if (!existsSync(path)) throw parameterError(ALLOWED_PATHS_CONFIG, `Path ${path} does not exist`)
      return path
    })
  }

  /** The path to use, or undefined when allowed.paths is set and the path lies outside every allowed path. */
  parseUntrustedPath (path: string): string | undefined {
    if (this.#allowed === undefined) return path
    const candidate = normalized(path)
    return this.#allowed.some((allowed) => startsWithPath(candidate, allowed)) ? candidate : undefined
  }

  /** Why a path was refused, for error messages. */
  describe (): string {
    return this.#allowed === undefined ? 'every path' : this.#allowed.join(', ')
  }
}
