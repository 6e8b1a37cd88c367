/**
 * Kafka's ConfigTransformer: replaces `${provider:[path:]key}` variables in config values with what the
 * named provider returns. As in Kafka: a variable naming a provider that is not configured is left as it
 * is; a key the provider does not have is left as it is too (and reported in `unresolved`); replaced
 * values are not scanned again (one level of indirection).
 */
import { SqsConnectError } from '../../errors.ts'
import type { ConfigData, ConfigProvider } from './config-provider.ts'

/** Kafka's ConfigTransformer.DEFAULT_PATTERN: provider, optional path, key; none may contain '}'. */
const VARIABLE = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/g

export interface ConfigVariable {
  /** The variable as written, e.g. ${file:/etc/kafka/secrets.properties:aws.secret.key.id}. */
  readonly reference: string
  readonly provider: string
  /** '' when the variable has no path. */
  readonly path: string
  readonly key: string
}

export interface UnresolvedVariable extends ConfigVariable {
  /** The property whose value holds the variable. */
  readonly property: string
  /** What went wrong, without any resolved value. */
  readonly reason: string
}

export interface TransformResult {
  /** Every property; values with variables replaced where the provider had the key. */
  readonly data: Record<string, string>
  /** Kafka's ConfigTransformerResult.ttls: the TTL a provider gave, by path. */
  readonly ttls: ReadonlyMap<string, number>
  /** Variables of configured providers that could not be replaced. */
  readonly unresolved: readonly UnresolvedVariable[]
  /** Every replacement made: the variable and the value put in its place (for hiding values in errors). */
  readonly replaced: ReadonlyArray<{ readonly reference: string, readonly value: string }>
}

/** The variables in one value, in order. */
export function variablesIn (value: string): ConfigVariable[] {
  return [...value.matchAll(VARIABLE)].map((m) => ({ reference: m[0], provider: m[1] ?? '', path: m[3] ?? '', key: m[4] ?? '' }))
}

type Lookup = { readonly ok: true, readonly data: ConfigData } | { readonly ok: false, readonly error: SqsConnectError | Error }

export class ConfigTransformer {
  readonly #providers: ReadonlyMap<string, ConfigProvider>

  constructor (providers: ReadonlyMap<string, ConfigProvider>) {
    this.#providers = providers
  }

  /** Resolves every variable of `configs`; one provider call per provider and path, as Kafka does. */
  transform (configs: Readonly<Record<string, string>>): TransformResult {
    const lookups = this.#lookUp(this.#keysByProviderAndPath(configs))
    const ttls = new Map<string, number>()
    for (const byPath of lookups.values()) {
      for (const [path, lookup] of byPath) {
        if (lookup.ok && lookup.data.ttlMs !== undefined && lookup.data.ttlMs >= 0) ttls.set(path, lookup.data.ttlMs)
      }
    }
    const data: Record<string, string> = {}
    const unresolved: UnresolvedVariable[] = []
    const replaced: Array<{ reference: string, value: string }> = []
    for (const [property, value] of Object.entries(configs)) {
      data[property] = value.replace(VARIABLE, (reference: string, provider: string, _p: unknown, path: string | undefined, key: string) => {
        const lookup = lookups.get(provider)?.get(path ?? '')
        if (lookup === undefined) return reference
        const variable = { reference, provider, path: path ?? '', key, property }
        if (!lookup.ok) {
          unresolved.push({ ...variable, reason: lookup.error.message })
          return reference
        }
        const replacement = lookup.data.data.get(key)
        if (replacement !== undefined) {
          replaced.push({ reference, value: replacement })
          return replacement
        }
        unresolved.push({ ...variable, reason: lookup.data.whyAbsent?.(key) ?? `the provider has no key "${key}"` })
        return reference
      })
    }
    return { data, ttls, unresolved, replaced }
  }

  #keysByProviderAndPath (configs: Readonly<Record<string, string>>): Map<string, Map<string, Set<string>>> {
    const keys = new Map<string, Map<string, Set<string>>>()
    for (const value of Object.values(configs)) {
      for (const v of variablesIn(value)) {
        if (!this.#providers.has(v.provider)) continue
        const byPath = keys.get(v.provider) ?? new Map<string, Set<string>>()
        keys.set(v.provider, byPath)
        const set = byPath.get(v.path) ?? new Set<string>()
        byPath.set(v.path, set)
        set.add(v.key)
      }
    }
    return keys
  }

  #lookUp (wanted: Map<string, Map<string, Set<string>>>): Map<string, Map<string, Lookup>> {
    const lookups = new Map<string, Map<string, Lookup>>()
    for (const [name, byPath] of wanted) {
      const provider = this.#providers.get(name)
      if (provider === undefined) continue
      const results = new Map<string, Lookup>()
      lookups.set(name, results)
      for (const [path, keys] of byPath) {
        try {
          results.set(path, { ok: true, data: provider.get(path, keys) })
        } catch (error) {
          // Kafka aborts on the first provider exception; collecting them lets one error name every property at fault.
          results.set(path, { ok: false, error: error instanceof Error ? error : new Error(String(error)) })
        }
      }
    }
    return lookups
  }
}
