/** ValueToKey: the key becomes a struct (or map) of some value fields. */
import type { ConfigKey } from '../config/config-def.ts'
import { SchemaBuilder, fieldOf, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { dataError } from '../../errors.ts'
import { javaHashMap } from './java-hash-map.ts'
import { SchemaCache } from './schema-util.ts'
import { fieldValue, newRecord, nonEmptyList, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMap, requireStruct, type Transformation } from './transformation.ts'

const PURPOSE = 'copying fields from value to key'

const KEYS: readonly ConfigKey[] = [
  { name: 'fields', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Field names on the record value to extract as the record key.' },
  REPLACE_NULL_WITH_DEFAULT
]

export class ValueToKey implements Transformation {
  #fields: string[] = []
  #replaceNullWithDefault = true
  readonly #schemas = new SchemaCache()

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig('ValueToKey', KEYS, props)
    this.#fields = c.fields as string[]
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
  }

  apply (record: SourceRecord): SourceRecord {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE)
      const key = javaHashMap(this.#fields.map((f) => [f, value.get(f) ?? null] as const), { kind: 'capacity', capacity: this.#fields.length })
      return newRecord(record, { keySchema: null, key })
    }
    const value = requireStruct(record.value, PURPOSE)
    const keySchema = this.#schemas.get(value.schema, (s) => this.#keySchema(s))
    const key = new Struct(keySchema)
    for (const field of this.#fields) key.put(field, fieldValue(value, field, this.#replaceNullWithDefault))
    return newRecord(record, { keySchema, key })
  }

  #keySchema (valueSchema: Schema): Schema {
    const builder = SchemaBuilder.struct()
    for (const name of this.#fields) {
      const field = fieldOf(valueSchema, name)
      if (field === undefined) throw dataError(`Field does not exist: ${name}`)
      builder.field(name, field.schema)
    }
    return builder.build()
  }

  close (): void { this.#schemas.clear() }
}
