/**
 * The JSON form of a Connect schema as JsonConverter.asJsonSchema builds it, written straight to
 * text with Jackson's key order: type, items | keys, values | fields, optional, name, version, doc,
 * parameters, default; inside `fields` each element is the field's schema with `field` appended last.
 */
import type { Schema, SchemaType } from '../data/schema.ts'
import { jsonString } from './json-text.ts'

const TYPE_PREFIX: Readonly<Record<SchemaType, string>> = {
  int8: '{"type":"int8"',
  int16: '{"type":"int16"',
  int32: '{"type":"int32"',
  int64: '{"type":"int64"',
  float32: '{"type":"float"',
  float64: '{"type":"double"',
  boolean: '{"type":"boolean"',
  string: '{"type":"string"',
  bytes: '{"type":"bytes"',
  array: '{"type":"array"',
  map: '{"type":"map"',
  struct: '{"type":"struct"'
}

/** How the caller renders nested schemas (so it can cache them) and default values (config dependent). */
export interface SchemaJsonWriter {
  schemaJson (schema: Schema): string
  valueJson (schema: Schema, value: unknown): string
}

/** Renders one schema level; nested schemas come from `writer.schemaJson`, which may serve them from a cache. */
export function renderSchemaJson (schema: Schema, writer: SchemaJsonWriter): string {
  let out = TYPE_PREFIX[schema.type]
  switch (schema.type) {
    case 'array':
      out += ',"items":' + nested(schema.valueSchema, writer)
      break
    case 'map':
      out += ',"keys":' + nested(schema.keySchema, writer) + ',"values":' + nested(schema.valueSchema, writer)
      break
    case 'struct': {
      out += ',"fields":['
      const fields = schema.fields ?? []
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]
        if (field === undefined) continue
        const fieldSchema = writer.schemaJson(field.schema)
        // Java deep-copies the field's schema node and appends "field": reopen the object.
        out += (i === 0 ? '' : ',') + fieldSchema.slice(0, -1) + ',"field":' + jsonString(field.name) + '}'
      }
      out += ']'
      break
    }
    default:
  }
  out += schema.optional ? ',"optional":true' : ',"optional":false'
  if (schema.name !== undefined) out += ',"name":' + jsonString(schema.name)
  if (schema.version !== undefined) out += ',"version":' + String(schema.version)
  if (schema.doc !== undefined) out += ',"doc":' + jsonString(schema.doc)
  if (schema.parameters !== undefined) {
    let params = ''
    for (const [key, value] of Object.entries(schema.parameters)) {
      params += (params === '' ? '' : ',') + jsonString(key) + ':' + jsonString(value)
    }
    out += ',"parameters":{' + params + '}'
  }
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
    out += ',"default":' + writer.valueJson(schema, schema.defaultValue)
  }
  return out + '}'
}

// Java's asJsonSchema(null) gives a null node; a malformed array/map schema prints it rather than failing.
function nested (schema: Schema | undefined, writer: SchemaJsonWriter): string {
  return schema === undefined ? 'null' : writer.schemaJson(schema)
}
