/** Schema helpers the SMTs share (Kafka's SchemaUtil and a few ConnectSchema lookups). */
import { SchemaBuilder, type Schema } from '../data/schema.ts'

/** SchemaUtil.copySchemaBasics: name, version, doc and parameters of `source` onto `builder`. */
export function copySchemaBasics (source: Schema, builder: SchemaBuilder): SchemaBuilder {
  if (source.name !== undefined) builder.name(source.name)
  if (source.version !== undefined) builder.version(source.version)
  if (source.doc !== undefined) builder.doc(source.doc)
  for (const [k, v] of Object.entries(source.parameters ?? {})) builder.parameter(k, v)
  return builder
}

/** A builder of the same type as `source` (array keeps its element schema, map its key and value schemas). */
export function builderLike (source: Schema): SchemaBuilder {
  if (source.type === 'array') return SchemaBuilder.array(source.valueSchema!)
  if (source.type === 'map') return SchemaBuilder.map(source.keySchema!, source.valueSchema!)
  return new SchemaBuilder(source.type)
}

/** Memoizes a schema rewrite per input schema, as the SMTs' LRU schema caches do. */
export class SchemaCache {
  readonly #cache = new Map<Schema, Schema>()

  get (schema: Schema, build: (schema: Schema) => Schema): Schema {
    let updated = this.#cache.get(schema)
    if (updated === undefined) {
      updated = build(schema)
      if (this.#cache.size >= 16) this.#cache.delete(this.#cache.keys().next().value as Schema)
      this.#cache.set(schema, updated)
    }
    return updated
  }

  clear (): void { this.#cache.clear() }
}
