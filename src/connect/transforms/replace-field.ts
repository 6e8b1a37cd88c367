/** ReplaceField$Key / ReplaceField$Value: drops, keeps and renames fields. */
import type { ConfigKey, ConfigValue } from '../config/config-def.ts'
import { SchemaBuilder, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { configError } from '../../errors.ts'
import { javaHashMap } from './java-hash-map.ts'
import { copySchemaBasics, SchemaCache } from './schema-util.ts'
import { fieldValue, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMap, requireStruct, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'

const PURPOSE = 'field replacement'

/** Parses `old:new` pairs; the error names the first bad one, as Kafka's parseRenameMappings does. */
function parseRenames (mappings: readonly string[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':')
    if (parts.length !== 2) throw configError('renames', `Invalid value [${mappings.join(', ')}] for configuration renames: Invalid rename mapping: ${mapping}`)
    m.set(parts[0]!, parts[1]!)
  }
  return m
}

/** String.split(regex) with a literal separator: trailing empty strings are removed. */
export function javaSplit (text: string, separator: string): string[] {
  const parts = text.split(separator)
  while (parts.length > 0 && parts.at(-1) === '') parts.pop()
  return parts.length === 0 ? [''] : parts
}

const renamesValidator = Object.assign((value: ConfigValue) => {
  if (!Array.isArray(value)) return undefined
  try {
    parseRenames(value)
    return undefined
  } catch (error) {
    return (error as Error).message.replace(/^.*?configuration renames: /, '')
  }
}, { describe: 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz' })

const KEYS: readonly ConfigKey[] = [
  { name: 'exclude', type: 'LIST', defaultValue: [], importance: 'MEDIUM', documentation: 'Fields to exclude. This takes precedence over the fields to include.' },
  { name: 'include', type: 'LIST', defaultValue: [], importance: 'MEDIUM', documentation: 'Fields to include. If specified, only these fields will be used.' },
  { name: 'renames', type: 'LIST', defaultValue: [], validator: renamesValidator, importance: 'MEDIUM', documentation: 'Field rename mappings.' },
  REPLACE_NULL_WITH_DEFAULT
]

export class ReplaceField implements Transformation {
  readonly #side: Side
  #exclude = new Set<string>()
  #include = new Set<string>()
  #renames = new Map<string, string>()
  #reverse = new Map<string, string>()
  #replaceNullWithDefault = true
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`ReplaceField$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props)
    this.#exclude = new Set(c.exclude as string[])
    this.#include = new Set(c.include as string[])
    this.#renames = parseRenames(c.renames as string[])
    // Kafka inverts a HashMap: with two renames to one name, the one iterated last wins.
    this.#reverse = new Map([...javaHashMap(this.#renames, { kind: 'default' })].map(([from, to]) => [to, from]))
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
  }

  #keep (name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name))
  }

  #renamed (name: string): string { return this.#renames.get(name) ?? name }

  apply (record: SourceRecord): SourceRecord {
    const value = valueOf(record, this.#side)
    if (value === null || value === undefined) return record
    if (schemaOf(record, this.#side) === null) {
      const map = requireMap(value, PURPOSE)
      const entries: Array<[unknown, unknown]> = []
      for (const [k, v] of map) if (this.#keep(String(k))) entries.push([this.#renamed(String(k)), v])
      return withSide(record, this.#side, null, javaHashMap(entries, { kind: 'capacity', capacity: map.size }))
    }
    const struct = requireStruct(value, PURPOSE)
    const updatedSchema = this.#schemas.get(struct.schema, (s) => this.#updatedSchema(s))
    const updated = new Struct(updatedSchema)
    for (const field of updatedSchema.fields ?? []) {
      updated.put(field.name, fieldValue(struct, this.#reverse.get(field.name) ?? field.name, this.#replaceNullWithDefault))
    }
    return withSide(record, this.#side, updatedSchema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const field of schema.fields ?? []) if (this.#keep(field.name)) builder.field(this.#renamed(field.name), field.schema)
    return builder.build()
  }

  close (): void { this.#schemas.clear() }
}
