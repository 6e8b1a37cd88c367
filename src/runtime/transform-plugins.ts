/**
 * The SMT and predicate plugins this runtime ships (Kafka's built-ins), found by class name or alias as
 * Connect's plugin loader does, and listed the way GET /connector-plugins?connectorsOnly=false shows them.
 */
import { builtInTransformPlugins, type TransformPlugin, type TransformPluginKind } from '../connect/transforms/index.ts'

/** Kafka's own SMTs report Kafka's version; ours follow Kafka 4.4.0's behaviour, and say so. */
export const TRANSFORMS_VERSION = '4.4.0'

const PLUGINS = builtInTransformPlugins()

/** Connect's aliases: simple class names that name one class only (InsertField$Value's "Value" names many). */
function aliases (): Map<string, TransformPlugin> {
  const bySimple = new Map<string, TransformPlugin[]>()
  for (const plugin of PLUGINS) {
    const simple = plugin.className.slice(Math.max(plugin.className.lastIndexOf('.'), plugin.className.lastIndexOf('$')) + 1)
    bySimple.set(simple, [...(bySimple.get(simple) ?? []), plugin])
  }
  return new Map([...bySimple].filter(([, plugins]) => plugins.length === 1).map(([simple, plugins]) => [simple, plugins[0]!]))
}

const BY_NAME = new Map<string, TransformPlugin>([...aliases(), ...PLUGINS.map((p) => [p.className, p] as const)])

/** The plugin a `transforms.<alias>.type` / `predicates.<alias>.type` value names, or undefined. */
export function findTransformPlugin (name: string): TransformPlugin | undefined {
  return BY_NAME.get(name.trim())
}

export interface TransformPluginInfo {
  readonly class: string
  readonly type: TransformPluginKind
  readonly version: string
}

/** Every SMT and predicate as Connect's PluginInfo lists them (class, type, version), sorted by class. */
export function transformPluginInfos (): TransformPluginInfo[] {
  return PLUGINS.map((p) => ({ class: p.className, type: p.kind, version: TRANSFORMS_VERSION }))
}
