/**
 * The pure half of Confluent's AvroConverter: Connect schema -> Avro schema (text as Java prints it, plus an
 * avsc type to write with), and Connect value -> Confluent wire format bytes for a known schema id.
 * The registry half (ids, subjects) lives in the runtime, which may do I/O.
 */
import type avro from 'avsc'
import type { Schema } from '../../data/schema.ts'
import type { AvroDataConfig } from './avro-data-config.ts'
import { fullName, type AvroNode } from './avro-schema-model.ts'
import { avroSchemaText } from './avro-schema-text.ts'
import { avscType, toAvroValue } from './avro-value.ts'
import { fromConnectSchema } from './from-connect-schema.ts'

/** Confluent's wire format starts with this byte, then the schema id as a big-endian int32. */
export const MAGIC_BYTE = 0

/** A Connect schema's Avro form. */
export interface AvroSchemaForm {
  readonly node: AvroNode
  /** As Java's Schema.toString() prints it: what gets registered. */
  readonly text: string
  /** The name RecordNameStrategy uses: a named type's full name, else the Avro type name. */
  readonly recordName: string
  readonly type: avro.Type
}

/** A writer schema: the Avro type the datum is written with (the derived one, or the registry's latest). */
export interface WriterSchema {
  readonly id: number
  readonly type: avro.Type
}

function recordNameOf (node: AvroNode): string {
  if (node.kind === 'record' || node.kind === 'enum') return fullName(node)
  if (node.kind === 'primitive') return node.type
  return node.kind
}

/** Builds `text` for a schema text that came from elsewhere (the registry). */
export function writerType (schemaText: string): avro.Type {
  return avscType(schemaText)
}

export class AvroData {
  readonly config: AvroDataConfig
  // Connect schemas are immutable and usually constants, so identity is a cheap and exact key.
  #cache = new WeakMap<Schema, AvroSchemaForm>()
  #cached = 0

  constructor (config: AvroDataConfig) {
    this.config = config
  }

  /** The Avro form of a Connect schema, computed once per schema object. */
  avroSchema (schema: Schema): AvroSchemaForm {
    const hit = this.#cache.get(schema)
    if (hit !== undefined) return hit
    const node = fromConnectSchema(schema, this.config)
    const text = avroSchemaText(node)
    const form: AvroSchemaForm = { node, text, recordName: recordNameOf(node), type: avscType(text) }
    if (this.#cached >= this.config.schemasCacheSize) {
      this.#cache = new WeakMap()
      this.#cached = 0
    }
    if (this.config.schemasCacheSize > 0) {
      this.#cache.set(schema, form)
      this.#cached += 1
    }
    return form
  }

  /**
   * 0x00, the schema id (big-endian int32), then the Avro datum. A top-level bytes schema writes the bytes
   * as they are, without Avro's length prefix, as Confluent's serializer does.
   */
  serialize (schema: Schema, value: unknown, writer: WriterSchema): Uint8Array {
    const datum = toAvroValue(schema, value, writer.type as never, this.config)
    const body = writer.type.typeName === 'bytes' ? datum as Buffer : writer.type.toBuffer(datum)
    const out = Buffer.allocUnsafe(5 + body.length)
    out.writeUInt8(MAGIC_BYTE, 0)
    out.writeInt32BE(writer.id, 1)
    body.copy(out, 5)
    return out
  }
}
