/** SetSchemaMetadata$Key / SetSchemaMetadata$Value: sets the schema name and/or version. */
import type { ConfigKey } from '../config/config-def.ts'
import type { Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { configError, dataError } from '../../errors.ts'
import { fieldValue, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireSchema, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'

const KEYS: readonly ConfigKey[] = [
  { name: 'schema.name', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Schema name to set.' },
  { name: 'schema.version', type: 'INT', defaultValue: null, importance: 'HIGH', documentation: 'Schema version to set.' },
  REPLACE_NULL_WITH_DEFAULT
]

export class SetSchemaMetadata implements Transformation {
  readonly #side: Side
  #name: string | null = null
  #version: number | null = null
  #replaceNullWithDefault = true

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`SetSchemaMetadata$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props)
    this.#name = c['schema.name'] as string | null
    this.#version = c['schema.version'] as number | null
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
    if (this.#name === null && this.#version === null) throw configError('schema.name', 'Neither schema name nor version configured')
  }

  apply (record: SourceRecord): SourceRecord {
    const value = valueOf(record, this.#side)
    const original = schemaOf(record, this.#side)
    if ((value === null || value === undefined) && original === null) return record
    const schema = requireSchema(original, 'updating schema metadata')
    // Kafka copies schema.fields() into the new schema, which throws for anything but a struct.
    if (schema.type !== 'struct') throw dataError('Cannot list fields on non-struct type')
    const updated: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema }
    const name = this.#name ?? schema.name
    const version = this.#version ?? schema.version
    if (name === undefined) delete updated.name
    else updated.name = name
    if (version === undefined) delete updated.version
    else updated.version = version
    const updatedSchema = Object.freeze(updated)
    let updatedValue = value
    if (value instanceof Struct) {
      const struct = new Struct(updatedSchema)
      for (const field of updatedSchema.fields ?? []) struct.put(field.name, fieldValue(value, field.name, this.#replaceNullWithDefault))
      updatedValue = struct
    }
    return withSide(record, this.#side, updatedSchema, updatedValue)
  }

  close (): void {}
}
