/**
 * Kafka's DirectoryConfigProvider: the path is a directory, the key the name of a regular file directly
 * in it (Kubernetes/Docker secret mounts), the value that file's whole content, unchanged (a trailing
 * newline stays, as in Kafka). `${directory:/run/secrets:sqs-password}`. Parameter: allowed.paths.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AllowedPaths, ALLOWED_PATHS_CONFIG } from './allowed-paths.ts'
import { providerFailure, type ConfigData, type ConfigProvider } from './config-provider.ts'

function isDirectory (path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}

/** Files.isRegularFile: follows symlinks, as secret mounts use them. */
function isRegularFile (path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
}

export class DirectoryConfigProvider implements ConfigProvider {
  readonly #allowedPaths: AllowedPaths

  constructor (params: Readonly<Record<string, string>> = {}) {
    this.#allowedPaths = new AllowedPaths(params[ALLOWED_PATHS_CONFIG])
  }

  get (path: string, keys: ReadonlySet<string>): ConfigData {
    if (path === '') return { data: new Map(), whyAbsent: () => 'no directory is given: use ${directory:PATH:FILE}' }
    const dir = this.#allowedPaths.parseUntrustedPath(path)
    if (dir === undefined) {
      return { data: new Map(), whyAbsent: () => `The path ${path} is not allowed to be accessed (allowed.paths: ${this.#allowedPaths.describe()})` }
    }
    if (!isDirectory(dir)) return { data: new Map(), whyAbsent: () => `The path ${path} is not a directory` }
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch (error) {
      throw providerFailure(`Could not list directory ${dir}`, error)
    }
    const data = new Map<string, string>()
    // Only names listed in the directory count, so a key such as ../other cannot leave it.
    for (const name of names) {
      const file = join(dir, name)
      if (!keys.has(name) || !isRegularFile(file)) continue
      try {
        data.set(name, readFileSync(file, 'utf8'))
      } catch (error) {
        throw providerFailure(`Could not read file ${file} for property ${name}`, error)
      }
    }
    return { data, whyAbsent: (key) => `the directory ${path} has no regular file named "${key}"` }
  }
}
