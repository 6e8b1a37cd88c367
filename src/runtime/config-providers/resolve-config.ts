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

function problem (v: UnresolvedVariable): { name: string, message: string } {
  return { name: v.property, message: `Cannot resolve ${v.reference} in the value of ${v.property}: ${v.reason}` }
}

/** `props` with every variable replaced; throws a config error when a configured provider cannot resolve one. */
export function resolveConfigVariables (
  what: string,
  props: Readonly<Record<string, string>>,
  providers: ReadonlyMap<string, ConfigProvider>
): Record<string, string> {
  if (providers.size === 0) return { ...props }
  const result = new ConfigTransformer(providers).transform(props)
  if (result.unresolved.length > 0) throw problemsError(what, result.unresolved.map(problem))
  return result.data
}
