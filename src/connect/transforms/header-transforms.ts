/** Filter, InsertHeader, DropHeaders and HeaderFrom$Key / HeaderFrom$Value. */
import type { ConfigKey, ConfigValue } from '../config/config-def.ts'
import { oneOf } from '../config/config-def.ts'
import { Headers } from '../data/headers.ts'
import { SchemaBuilder, fieldOf, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { configError, dataError } from '../../errors.ts'
import { javaHashMap } from './java-hash-map.ts'
import { copySchemaBasics, SchemaCache } from './schema-util.ts'
import { duplicateHeaders, fieldValue, newRecord, nonEmptyList, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMap, requireStruct, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'
import { parseLiteral, type SchemaAndValue } from './values-parser.ts'

/** Filter: drops every record it is applied to (use it with a predicate). */
export class Filter implements Transformation {
  config (): readonly ConfigKey[] { return [] }
  configure (): void {}
  apply (): null { return null }
  close (): void {}
}

const nonNull = Object.assign((value: ConfigValue) => (value === null ? 'entry must be non null' : undefined), { describe: 'non-null string' })

const INSERT_HEADER_KEYS: readonly ConfigKey[] = [
  { name: 'header', type: 'STRING', validator: nonNull, importance: 'HIGH', documentation: 'The name of the header.' },
  { name: 'value.literal', type: 'STRING', validator: nonNull, importance: 'HIGH', documentation: 'The literal value that is to be set as the header value on all records.' }
]

export class InsertHeader implements Transformation {
  #header = ''
  #literal: SchemaAndValue = { schema: null, value: null }

  config (): readonly ConfigKey[] { return INSERT_HEADER_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig('InsertHeader', INSERT_HEADER_KEYS, props)
    this.#header = c.header as string
    try {
      this.#literal = parseLiteral(c['value.literal'] as string)
    } catch (error) {
      throw configError('value.literal', `Invalid value ${String(c['value.literal'])} for configuration value.literal: ${(error as Error).message}`)
    }
  }

  apply (record: SourceRecord): SourceRecord {
    const headers = duplicateHeaders(record.headers).add(this.#header, this.#literal.schema, this.#literal.value)
    return newRecord(record, { headers })
  }

  close (): void {}
}

const DROP_HEADERS_KEYS: readonly ConfigKey[] = [
  { name: 'headers', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'The name of the headers to be removed.' }
]

export class DropHeaders implements Transformation {
  #names = new Set<string>()

  config (): readonly ConfigKey[] { return DROP_HEADERS_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    this.#names = new Set(parseSmtConfig('DropHeaders', DROP_HEADERS_KEYS, props).headers as string[])
  }

  apply (record: SourceRecord): SourceRecord {
    const headers = new Headers()
    for (const h of record.headers) if (!this.#names.has(h.key)) headers.add(h.key, h.schema, h.value)
    return newRecord(record, { headers })
  }

  close (): void {}
}

const HEADER_FROM_KEYS: readonly ConfigKey[] = [
  { name: 'fields', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Field names in the record whose values are to be copied or moved to headers.' },
  { name: 'headers', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Header names, in the same order as the field names listed in the fields configuration property.' },
  { name: 'operation', type: 'STRING', validator: oneOf(['move', 'copy']), importance: 'HIGH', documentation: 'Either move if the fields are to be moved to the headers (removed from the key/value), or copy if the fields are to be copied to the headers (retained in the key/value).' },
  REPLACE_NULL_WITH_DEFAULT
]

export class HeaderFrom implements Transformation {
  readonly #side: Side
  #fields: string[] = []
  #headers: string[] = []
  #move = false
  #replaceNullWithDefault = true
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return HEADER_FROM_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`HeaderFrom$${this.#side === 'key' ? 'Key' : 'Value'}`, HEADER_FROM_KEYS, props)
    this.#fields = c.fields as string[]
    this.#headers = c.headers as string[]
    if (this.#fields.length !== this.#headers.length) throw configError('headers', '\'fields\' config must have the same number of elements as \'headers\' config.')
    this.#move = c.operation === 'move'
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
  }

  apply (record: SourceRecord): SourceRecord {
    const schema = schemaOf(record, this.#side)
    const value = valueOf(record, this.#side)
    const headers = duplicateHeaders(record.headers)
    const purpose = `header ${this.#move ? 'move' : 'copy'}`
    if (schema === null) {
      const map = requireMap(value, purpose)
      const entries = [...map.entries()].filter(([k]) => !(this.#move && this.#fields.includes(String(k))))
      for (const [i, field] of this.#fields.entries()) headers.add(this.#headers[i]!, null, map.get(field) ?? null)
      return withSide(record, this.#side, null, javaHashMap(entries, { kind: 'copy', size: map.size }), headers)
    }
    const struct = requireStruct(value, purpose)
    let updatedSchema: Schema = schema
    let updated: Struct = struct
    if (this.#move) {
      updatedSchema = this.#schemas.get(schema, (s) => {
        const builder = copySchemaBasics(s, SchemaBuilder.struct())
        for (const field of s.fields ?? []) if (!this.#fields.includes(field.name)) builder.field(field.name, field.schema)
        return builder.build()
      })
      updated = new Struct(updatedSchema)
      for (const field of updatedSchema.fields ?? []) updated.put(field.name, fieldValue(struct, field.name, this.#replaceNullWithDefault))
    }
    for (const [i, name] of this.#fields.entries()) {
      const field = fieldOf(struct.schema, name)
      if (field === undefined) throw dataError(`HeaderFrom: field ${name} is not in the ${this.#side} schema`)
      headers.add(this.#headers[i]!, field.schema, fieldValue(struct, name, this.#replaceNullWithDefault))
    }
    return withSide(record, this.#side, updatedSchema, updated, headers)
  }

  close (): void { this.#schemas.clear() }
}
