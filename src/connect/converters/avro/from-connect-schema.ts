/**
 * Connect schema -> Avro schema, as Confluent's AvroData.fromConnectSchema does it (connect.meta.data on by
 * default): int8/int16 as `int` with connect.type, optional schemas as unions with null, unnamed structs as
 * io.confluent.connect.avro.ConnectDefault, ConnectDefault2, ..., maps with non-string keys as arrays of MapEntry
 * records, logical types with both Avro's logicalType and Connect's own properties.
 */
import { dataError } from '../../../errors.ts'
import { schemaEquals, type Schema } from '../../data/schema.ts'
import { DATE, DECIMAL, TIME, TIMESTAMP } from '../logical-types.ts'
import type { AvroDataConfig } from './avro-data-config.ts'
import { connectDefaultJson } from './connect-default-json.ts'
import { addProp, type AvroEnum, type AvroField, type AvroNode, type AvroPrimitive, type AvroPrimitiveType, type AvroRecord, type JsonValue, type Props } from './avro-schema-model.ts'

export const AVRO_NAMESPACE = 'io.confluent.connect.avro'
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault'
export const MAP_ENTRY_TYPE_NAME = 'MapEntry'
/** The Connect struct name that stands for an Avro union (one optional field per branch). */
export const AVRO_TYPE_UNION = `${AVRO_NAMESPACE}.Union`
/** The string parameter that marks a Connect string as an Avro enum (with enhanced.avro.schema.support). */
export const AVRO_TYPE_ENUM = `${AVRO_NAMESPACE}.Enum`
const AVRO_RECORD_DOC_PROP = `${AVRO_NAMESPACE}.record.doc`
const AVRO_FIELD_DOC_PREFIX_PROP = `${AVRO_NAMESPACE}.field.doc.`
const AVRO_ENUM_DOC_PREFIX_PROP = `${AVRO_NAMESPACE}.enum.doc.`
const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${AVRO_NAMESPACE}.enum.default.`
const AVRO_FIELD_DEFAULT_FLAG_PROP = `${AVRO_NAMESPACE}.field.default`
const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type'
const DECIMAL_PRECISION_PROP = 'connect.decimal.precision'
const DECIMAL_PRECISION_DEFAULT = 64

/** State of one conversion: reused schemas (a named type is defined once) and the ConnectDefault counter. */
class Context {
  readonly seen: Array<[Schema, AvroNode]> = []
  readonly seenNames = new Set<string>()
  nameIndex = 0
}

/** True for the Connect struct that stands for an Avro union. */
export function isUnionSchema (schema: Schema): boolean {
  return schema.type === 'struct' && schema.name === AVRO_TYPE_UNION
}

/** True for a Connect string that is an Avro enum under these settings. */
export function isEnumSchema (schema: Schema, config: AvroDataConfig): boolean {
  return config.enhancedSchemaSupport && schema.type === 'string' && schema.parameters?.[AVRO_TYPE_ENUM] !== undefined
}

/** AvroData.scrubName: characters outside [A-Za-z0-9_] become `_` (after URL-encoding), a leading digit gets `x`. */
export function scrubName (name: string, config: AvroDataConfig): string {
  if (!config.scrubInvalidNames || name === '' || (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))) return name
  // Java's URLEncoder leaves [A-Za-z0-9.*_-] alone and turns a space into '+'; every non-word char then becomes '_'.
  let encoded = encodeURIComponent(name).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+')
  if (/^[0-9]/.test(encoded)) encoded = 'x' + encoded
  return encoded.replace(/[^A-Za-z0-9_]/g, '_')
}

function splitName (fullName: string, config: AvroDataConfig): { namespace: string | undefined, name: string } {
  const parts = fullName.split('.').map((p) => scrubName(p, config))
  if (parts.length <= 1) return { namespace: undefined, name: parts[0] ?? fullName }
  return { namespace: parts.slice(0, -1).join('.'), name: parts.at(-1) ?? '' }
}

function nameOrDefault (ctx: Context, name: string | undefined, config: AvroDataConfig): { namespace: string | undefined, name: string } {
  if (name !== undefined) return splitName(name, config)
  const index = ++ctx.nameIndex
  return { namespace: AVRO_NAMESPACE, name: DEFAULT_SCHEMA_NAME + (index > 1 ? String(index) : '') }
}

function primitive (type: AvroPrimitiveType): AvroNode {
  return { kind: 'primitive', type, props: [] }
}

function nonOptional (schema: Schema): Schema {
  return schema.optional ? { ...schema, optional: false } : schema
}

function parametersJson (parameters: Readonly<Record<string, string>>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {}
  for (const [k, v] of Object.entries(parameters)) if (k !== AVRO_FIELD_DEFAULT_FLAG_PROP) out[k] = v
  return out
}

function propsOf (node: AvroNode): Props | undefined {
  return node.kind === 'union' ? undefined : node.props
}

// An optional schema is a union with null; null goes second when there is a default, which must match the first branch.
function maybeOptional (schema: Schema, base: AvroNode): AvroNode {
  if (!schema.optional) return base
  return { kind: 'union', types: schema.defaultValue !== undefined && schema.defaultValue !== null ? [base, primitive('null')] : [primitive('null'), base] }
}

function enumNode (schema: Schema, ctx: Context, config: AvroDataConfig): AvroEnum {
  const params = schema.parameters ?? {}
  const { name } = nameOrDefault(ctx, schema.name, config)
  const symbols = Object.keys(params).filter((k) => k.startsWith(AVRO_TYPE_ENUM + '.')).map((k) => k.slice(AVRO_TYPE_ENUM.length + 1))
  const enumName = splitName(params[AVRO_TYPE_ENUM] ?? '', config)
  const doc = params[AVRO_ENUM_DOC_PREFIX_PROP + name]
  const defaultSymbol = params[AVRO_ENUM_DEFAULT_PREFIX_PROP + name]
  return {
    kind: 'enum',
    name: enumName.name,
    ...(enumName.namespace === undefined ? {} : { namespace: enumName.namespace }),
    ...(doc === undefined ? {} : { doc }),
    symbols,
    ...(defaultSymbol === undefined ? {} : { default: defaultSymbol }),
    props: []
  }
}

function recordField (name: string, fieldSchema: Schema, doc: string | undefined, ctx: Context, config: AvroDataConfig): AvroField {
  let defaultValue: JsonValue | undefined
  if (fieldSchema.defaultValue !== undefined && fieldSchema.defaultValue !== null) defaultValue = connectDefaultJson(fieldSchema, fieldSchema.defaultValue, config)
  else if (fieldSchema.optional) defaultValue = null
  const scrubbed = fieldSchema.name === undefined ? undefined : fieldSchema.name.split('.').map((p) => scrubName(p, config)).join('.')
  const alreadySeen = scrubbed !== undefined && ctx.seenNames.has(scrubbed)
  if (scrubbed !== undefined) ctx.seenNames.add(scrubbed)
  const type = convert(fieldSchema, ctx, config, false)
  const props: Props = []
  const named = (n: AvroNode): boolean => n.kind === 'record' || n.kind === 'enum' || (n.kind === 'union' && n.types.some((t) => t.kind === 'record' || t.kind === 'enum'))
  // A reused named type is written as a bare name, so its parameters for this use go on the field.
  if (config.connectMetaData && alreadySeen && fieldSchema.parameters !== undefined && Object.keys(fieldSchema.parameters).length > 0 && named(type)) {
    const params = parametersJson(fieldSchema.parameters)
    if (Object.keys(params).length > 0) props.push(['connect.parameters', params])
  }
  return { name, type, ...(doc === undefined ? {} : { doc }), ...(defaultValue === undefined ? {} : { default: defaultValue }), props }
}

function structNode (schema: Schema, ctx: Context, config: AvroDataConfig): AvroNode {
  if (isUnionSchema(schema)) {
    const types = (schema.fields ?? []).map((f) => convert(nonOptional(f.schema), ctx, config, true))
    return { kind: 'union', types: schema.optional ? [primitive('null'), ...types] : types }
  }
  if (schema.optional) return { kind: 'union', types: [primitive('null'), convert(nonOptional(schema), ctx, config, false)] }
  const { namespace, name } = nameOrDefault(ctx, schema.name, config)
  const doc = schema.parameters?.[AVRO_RECORD_DOC_PROP]
  const record: AvroRecord = { kind: 'record', name, ...(namespace === undefined ? {} : { namespace }), ...(doc === undefined ? {} : { doc }), fields: [], props: [] }
  record.fields = (schema.fields ?? []).map((f) =>
    recordField(scrubName(f.name, config), f.schema, schema.parameters?.[AVRO_FIELD_DOC_PREFIX_PROP + f.name], ctx, config))
  return record
}

function mapNode (schema: Schema, ctx: Context, config: AvroDataConfig): AvroNode {
  const key = schema.keySchema!
  const value = schema.valueSchema!
  if (key.type === 'string' && (!key.optional || config.allowOptionalMapKeys)) return { kind: 'map', values: convert(value, ctx, config, false), props: [] }
  const names = schema.name === undefined ? { namespace: AVRO_NAMESPACE, name: MAP_ENTRY_TYPE_NAME } : nameOrDefault(ctx, schema.name, config)
  const entry: AvroRecord = { kind: 'record', name: names.name, ...(names.namespace === undefined ? {} : { namespace: names.namespace }), fields: [], props: [] }
  if (schema.name !== undefined) entry.props.push([CONNECT_INTERNAL_TYPE_NAME, MAP_ENTRY_TYPE_NAME])
  entry.fields = [recordField('key', key, undefined, ctx, config), recordField('value', value, undefined, ctx, config)]
  return { kind: 'array', items: entry, props: [] }
}

function baseNode (schema: Schema, ctx: Context, config: AvroDataConfig): AvroNode {
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32': return primitive('int')
    case 'int64': return primitive('long')
    case 'float32': return primitive('float')
    case 'float64': return primitive('double')
    case 'boolean': return primitive('boolean')
    case 'string': return isEnumSchema(schema, config) ? enumNode(schema, ctx, config) : primitive('string')
    case 'bytes': {
      if (schema.name !== undefined && schema.parameters?.['connect.fixed.size'] !== undefined) {
        throw dataError(`Connect schema ${schema.name} asks for an Avro fixed type (connect.fixed.size), which this AvroConverter does not write`)
      }
      const node: AvroPrimitive = { kind: 'primitive', type: 'bytes', props: [] }
      if (schema.name?.toLowerCase() === DECIMAL.toLowerCase()) {
        node.props.push(['scale', Number(schema.parameters?.scale ?? '0')])
        node.props.push(['precision', Number(schema.parameters?.[DECIMAL_PRECISION_PROP] ?? DECIMAL_PRECISION_DEFAULT)])
      }
      return node
    }
    case 'array': return { kind: 'array', items: convert(schema.valueSchema!, ctx, config, false), props: [] }
    case 'map': return mapNode(schema, ctx, config)
    case 'struct': return structNode(schema, ctx, config)
  }
}

// Connect's metadata and the logical types go on the non-union schema (unions cannot carry properties).
function annotate (schema: Schema, node: AvroNode, config: AvroDataConfig): void {
  const props = propsOf(node)
  if (props === undefined) return
  if (config.connectMetaData) {
    if (schema.doc !== undefined) addProp(props, 'connect.doc', schema.doc)
    if (schema.version !== undefined) addProp(props, 'connect.version', schema.version)
    if (schema.parameters !== undefined) {
      const params = parametersJson(schema.parameters)
      if (Object.keys(params).length > 0) addProp(props, 'connect.parameters', params)
    }
    if (schema.defaultValue !== undefined && schema.defaultValue !== null && schema.parameters?.[AVRO_FIELD_DEFAULT_FLAG_PROP] === undefined) {
      addProp(props, 'connect.default', connectDefaultJson(schema, schema.defaultValue, config))
    }
    if (schema.name !== undefined) addProp(props, 'connect.name', schema.name)
    if (schema.type === 'int8' || schema.type === 'int16') addProp(props, 'connect.type', schema.type)
  }
  const name = schema.name?.toLowerCase()
  if (name === DECIMAL.toLowerCase()) {
    const precision = Number(schema.parameters?.[DECIMAL_PRECISION_PROP] ?? DECIMAL_PRECISION_DEFAULT)
    const scale = Number(schema.parameters?.scale ?? '0')
    // A scale outside 0..precision is not a valid Avro decimal: Confluent then writes only the legacy property.
    if (scale >= 0 && scale <= precision) {
      addProp(props, 'logicalType', 'decimal')
      addProp(props, 'precision', precision)
      if (scale !== 0) addProp(props, 'scale', scale)
    } else {
      addProp(props, 'logicalType', 'decimal')
    }
  } else if (name === TIME.toLowerCase()) {
    addProp(props, 'logicalType', 'time-millis')
  } else if (name === TIMESTAMP.toLowerCase()) {
    addProp(props, 'logicalType', 'timestamp-millis')
  } else if (name === DATE.toLowerCase()) {
    addProp(props, 'logicalType', 'date')
  }
  for (const [k, v] of Object.entries(schema.parameters ?? {})) if (k.startsWith('avro')) addProp(props, k, v)
}

function convert (schema: Schema, ctx: Context, config: AvroDataConfig, ignoreOptional: boolean): AvroNode {
  if (!isUnionSchema(schema) && !schema.optional) {
    const cached = ctx.seen.find(([s]) => schemaEquals(s, schema))
    if (cached !== undefined) return cached[1]
  }
  const base = baseNode(schema, ctx, config)
  let result = base
  if (base.kind !== 'union') {
    annotate(schema, base, config)
    if (!ignoreOptional) result = maybeOptional(schema, base)
  }
  if (!schema.optional) ctx.seen.push([schema, result])
  return result
}

/** The Avro schema of a Connect schema (a fresh ConnectDefault numbering per call, as each AvroData conversion). */
export function fromConnectSchema (schema: Schema, config: AvroDataConfig): AvroNode {
  return convert(schema, new Context(), config, false)
}
