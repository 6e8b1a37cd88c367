/**
 * HoistField$Key/$Value (wrap the key or value in a one-field struct or map) and ExtractField$Key/$Value
 * (replace it with one of its fields; field.syntax.version V2 reaches nested fields with `a.b`).
 */
import type { ConfigKey } from '../config/config-def.ts'
import { SchemaBuilder, fieldOf, type Field, type Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { configError, SqsConnectError, ErrorCodes } from '../../errors.ts'
import { oneOfIgnoringCase } from './validators.ts'
import { javaHashMap } from './java-hash-map.ts'
import { SchemaCache } from './schema-util.ts'
import { parseSmtConfig, REPLACE_NULL_WITH_DEFAULT, requireMapOrNull, requireStructOrNull, schemaOf, valueOf, withSide, type Side, type Transformation } from './transformation.ts'

const HOIST_KEYS: readonly ConfigKey[] = [
  { name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Field name for the single field that will be created in the resulting Struct or Map.' }
]

export class HoistField implements Transformation {
  readonly #side: Side
  #field = ''
  readonly #schemas = new SchemaCache()

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return HOIST_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    this.#field = parseSmtConfig(`HoistField$${this.#side === 'key' ? 'Key' : 'Value'}`, HOIST_KEYS, props).field as string
  }

  apply (record: SourceRecord): SourceRecord {
    const schema = schemaOf(record, this.#side)
    const value = valueOf(record, this.#side)
    if (schema === null) return withSide(record, this.#side, null, javaHashMap([[this.#field, value]], { kind: 'default' }))
    const updatedSchema = this.#schemas.get(schema, (s) => SchemaBuilder.struct().field(this.#field, s).build())
    return withSide(record, this.#side, updatedSchema, new Struct(updatedSchema).put(this.#field, value))
  }

  close (): void { this.#schemas.clear() }
}

/** A field path: one step in V1; V2 splits on dots, with backtick-quoted steps that may hold dots. */
export function fieldPathSteps (path: string, version: 'V1' | 'V2'): string[] {
  if (version === 'V1') return [path]
  const steps: string[] = []
  let idx = 0
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx
      idx = path.indexOf('.', idx)
      if (idx >= 0) {
        steps.push(path.slice(start, idx))
        idx++
      } else {
        steps.push(path.slice(start))
      }
      continue
    }
    const backtickAt = idx
    idx++
    let field = ''
    let start = idx
    for (;;) {
      idx = path.indexOf('`', idx)
      if (idx === -1) throw incompleteBacktick(path, backtickAt)
      const escaped = path[idx - 1] === '\\'
      if (idx >= path.length - 1) {
        if (escaped) throw incompleteBacktick(path, backtickAt)
        field += path.slice(start, idx)
        steps.push(field)
        idx++
        break
      }
      if (path[idx + 1] !== '.') { idx++; continue }
      if (escaped) {
        field += path.slice(start, idx - 1) + '`'
        idx++
        start = idx
        continue
      }
      field += path.slice(start, idx)
      steps.push(field)
      idx += 2
      break
    }
  }
  if (path !== '' && path.endsWith('.')) steps.push('')
  return steps
}

function incompleteBacktick (path: string, at: number): SqsConnectError {
  return configError('field', `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`)
}

const EXTRACT_KEYS: readonly ConfigKey[] = [
  { name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Field name to extract.' },
  REPLACE_NULL_WITH_DEFAULT,
  {
    name: 'field.syntax.version', type: 'STRING', defaultValue: 'V1', validator: oneOfIgnoringCase(['V1', 'V2']), importance: 'HIGH',
    documentation: 'Defines the version of the syntax to access fields. V1 reaches only root-level fields; V2 reaches nested fields with dotted paths, with backtick pairs around names that hold dots (`foo.bar`.baz).'
  }
]

export class ExtractField implements Transformation {
  readonly #side: Side
  #path = ''
  #steps: string[] = []
  #replaceNullWithDefault = true

  constructor (side: Side) { this.#side = side }

  config (): readonly ConfigKey[] { return EXTRACT_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig(`ExtractField$${this.#side === 'key' ? 'Key' : 'Value'}`, EXTRACT_KEYS, props)
    this.#path = c.field as string
    this.#steps = fieldPathSteps(this.#path, (c['field.syntax.version'] as string).toUpperCase() as 'V1' | 'V2')
    this.#replaceNullWithDefault = c['replace.null.with.default'] as boolean
  }

  apply (record: SourceRecord): SourceRecord {
    const schema = schemaOf(record, this.#side)
    const value = valueOf(record, this.#side)
    if (schema === null) {
      const map = requireMapOrNull(value, 'field extraction')
      return withSide(record, this.#side, null, map === null ? null : this.#fromMap(map))
    }
    const struct = requireStructOrNull(value, 'field extraction')
    const field = this.#fieldFrom(schema)
    if (field === undefined) throw new SqsConnectError(ErrorCodes.DATA_INVALID, `Unknown field: ${this.#path}`)
    return withSide(record, this.#side, field.schema, struct === null ? null : this.#fromStruct(struct))
  }

  #fieldFrom (schema: Schema): Field | undefined {
    let current: Schema = schema
    for (const step of this.#steps.slice(0, -1)) {
      if (current.type !== 'struct') throw new SqsConnectError(ErrorCodes.DATA_INVALID, 'Cannot look up fields on non-struct type')
      const field = fieldOf(current, step)
      if (field === undefined) return undefined
      current = field.schema
    }
    if (current.type !== 'struct') throw new SqsConnectError(ErrorCodes.DATA_INVALID, 'Cannot look up fields on non-struct type')
    return fieldOf(current, this.#steps.at(-1)!)
  }

  #fromStruct (struct: Struct): unknown {
    let current = struct
    for (const step of this.#steps.slice(0, -1)) {
      if (fieldOf(current.schema, step) === undefined) return null
      const sub = requireStructOrNull(current.get(step), 'nested field access')
      if (sub === null) return null
      current = sub
    }
    const last = this.#steps.at(-1)!
    if (fieldOf(current.schema, last) === undefined) return null
    return this.#replaceNullWithDefault ? current.get(last) : current.getWithoutDefault(last)
  }

  #fromMap (map: Map<unknown, unknown>): unknown {
    let current = map
    for (const step of this.#steps.slice(0, -1)) {
      const sub = requireMapOrNull(current.get(step), 'nested field access')
      if (sub === null) return null
      current = sub
    }
    return current.get(this.#steps.at(-1)!) ?? null
  }

  close (): void {}
}
