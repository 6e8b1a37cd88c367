/** MaskField$Key / MaskField$Value: replaces fields with their type's empty value or a given replacement. */
import type { ConfigKey } from '../config/config-def.ts'
import { nonEmptyString } from '../config/config-def.ts'
import type { Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { decimalScale, parseBigDecimal, twosComplementBytes } from '../converters/logical-types.ts'
import { dataError } from '../../errors.ts'
import { javaHashMap, javaHashSetOrder } from './java-hash-map.ts'
import { javaClassOf, javaClassText, type JavaClass } from './java-types.ts'
import { nonEmptyList, parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, fieldValue, requireMap, requireStruct, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'
import { narrowInteger, parseJavaNumber } from './values-parser.ts'

const PURPOSE = 'mask fields'

const KEYS: readonly ConfigKey[] = [
  { name: 'fields', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Names of fields to mask.' },
  { name: 'replacement', type: 'STRING', defaultValue: null, validator: nonEmptyString, importance: 'LOW', documentation: 'Custom value replacement, that will be applied to all \'fields\' values (numeric or non-empty string values only).' },
  REPLACE_NULL_WITH_DEFAULT
]

/**
 * A Decimal as our data holds it (unscaled bytes in a struct, else BigDecimal text). Kafka puts a BigDecimal of
 * any scale into the struct and its converter then refuses a scale other than the schema's: refused here already.
 */
function decimalValue (schema: Schema | null, text: string, value: unknown): unknown {
  const parts = parseBigDecimal(text)
  if (parts === undefined) throw dataError(`Unable to convert ${text} (class java.lang.String) to number`)
  if (schema === null || !(value instanceof Uint8Array)) return text
  const scale = decimalScale(schema)
  if (parts.scale !== scale) throw dataError(`Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${parts.scale}.`)
  return twosComplementBytes(parts.unscaled)
}

/** The "empty" value per Java class, in the form our data model holds it. */
function emptyValue (cls: JavaClass, schema: Schema | null, value: unknown): unknown {
  switch (cls) {
    case 'Boolean': return false
    case 'Byte': case 'Short': case 'Integer': case 'Float': case 'Double': return 0
    case 'Long': return typeof value === 'bigint' ? 0n : 0
    case 'BigDecimal': return decimalValue(schema, '0', value)
    case 'Date': return value instanceof Date ? new Date(0) : 0
    case 'String': return ''
    case 'List': return []
    case 'Map': return new Map()
    default: throw dataError(`Cannot mask value of type: ${javaClassText(cls)}`)
  }
}

function replacementValue (cls: JavaClass, schema: Schema | null, replacement: string, value: unknown): unknown {
  const bits: Partial<Record<JavaClass, number>> = { Byte: 8, Short: 16, Integer: 32, Long: 64 }
  const width = bits[cls]
  if (width !== undefined || cls === 'Float' || cls === 'Double') {
    const parsed = parseJavaNumber(replacement)
    if (parsed === undefined) throw dataError(`Unable to convert ${replacement} (class java.lang.String) to number`)
    if (width === undefined) return cls === 'Float' ? Math.fround(Number(parsed)) : Number(parsed)
    const n = narrowInteger(parsed, width)
    return typeof n === 'bigint' && width < 64 ? Number(n) : n
  }
  if (cls === 'String') return replacement
  if (cls === 'BigDecimal') return decimalValue(schema, replacement, value)
  throw dataError(`Cannot mask value of type ${javaClassText(cls)} with custom replacement.`)
}

export class MaskField implements Transformation {
  readonly #side: Side
  #fields: string[] = []
  #replacement: string | null = null
  #replaceNullWithDefault = true

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`MaskField$${this.#side === 'key' ? 'Key' : 'Value'}`, KEYS, props)
    const fields = [...new Set(c.fields as string[])]
    this.#fields = javaHashSetOrder(fields, { kind: 'capacity', capacity: Math.max(Math.floor(fields.length / 0.75) + 1, 16) })
    this.#replacement = c.replacement as string | null
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
  }

  #masked (schema: Schema | null, value: unknown): unknown {
    if (value === null || value === undefined) return null
    const cls = javaClassOf(schema, value)
    return this.#replacement === null ? emptyValue(cls, schema, value) : replacementValue(cls, schema, this.#replacement, value)
  }

  apply (record: SourceRecord): SourceRecord {
    const value = valueOf(record, this.#side)
    if (schemaOf(record, this.#side) === null) {
      const map = requireMap(value, PURPOSE)
      const entries: Array<[unknown, unknown]> = [...map.entries()]
      for (const field of this.#fields) entries.push([field, this.#masked(null, map.get(field))])
      return withSide(record, this.#side, null, javaHashMap(entries, { kind: 'copy', size: map.size }))
    }
    const struct = requireStruct(value, PURPOSE)
    const updated = new Struct(struct.schema)
    for (const field of struct.schema.fields ?? []) {
      const original = fieldValue(struct, field.name, this.#replaceNullWithDefault)
      updated.put(field.name, this.#fields.includes(field.name) ? this.#masked(field.schema, original) : original)
    }
    return withSide(record, this.#side, struct.schema, updated)
  }

  close (): void {}
}
