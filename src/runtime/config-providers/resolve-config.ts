/**
 * Resolves the variables of a worker or connector config before anyone reads it. Kafka leaves a variable
 * it cannot resolve as text, and a connector then runs with e.g. a secret key of
 * "${file:/x:aws.secret.key.id}". Here a variable naming a configured provider must resolve, or the
 * config is refused with one error naming each property and why; a variable naming no configured provider
 * is left as text, as in Kafka (it may be meant literally). Errors carry the variable, never its value.
 */
import { problemsError } from '../../connect/config/config-def.ts'
import type { ConfigProvider } from './config-provider.ts'
import { ConfigTransformer, type UnresolvedVariable } from './config-transformer.ts'

/** Shorter values are not hidden in error messages: replacing "1" or "true" everywhere would garble them, and they are no secrets. */
const MIN_HIDDEN_LENGTH = 6

export interface ResolvedConfig {
  /** Every property, variables replaced. */
  readonly values: Record<string, string>
  /**
   * Rewrites `error` (and its causes) so that no resolved value appears in its message or stack: each one
   * is shown as the variable it came from. For errors raised while the resolved config is validated or used,
   * e.g. "Invalid value <resolved> for configuration sqs.proxy.url".
   */
  hideValuesIn (error: unknown): unknown
}

function problem (v: UnresolvedVariable): { name: string, message: string } {
  return { name: v.property, message: `Cannot resolve ${v.reference} in the value of ${v.property}: ${v.reason}` }
}

function hider (replaced: ReadonlyArray<{ readonly reference: string, readonly value: string }>): (error: unknown) => unknown {
  // Longest first, so a value that contains another is replaced whole.
  const values = replaced.filter((r) => r.value.length >= MIN_HIDDEN_LENGTH).sort((a, b) => b.value.length - a.value.length)
  const hide = (text: string): string => values.reduce((t, r) => t.split(r.value).join(r.reference), text)
  return (error) => {
    for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
      e.message = hide(e.message)
      if (e.stack !== undefined) e.stack = hide(e.stack)
    }
    return error
  }
}

/** `props` with every variable replaced; throws a config error when a configured provider cannot resolve one. */
export function resolveConfigVariables (
  what: string,
  props: Readonly<Record<string, string>>,
  providers: ReadonlyMap<string, ConfigProvider>
): ResolvedConfig {
  if (providers.size === 0) return { values: { ...props }, hideValuesIn: (error) => error }
  const result = new ConfigTransformer(providers).transform(props)
  if (result.unresolved.length > 0) throw problemsError(what, result.unresolved.map(problem))
  return { values: result.data, hideValuesIn: hider(result.replaced) }
}
