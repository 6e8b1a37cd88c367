/**
 * Writes an Avro schema the way Java's Schema.toString() does, since that text is what Confluent's serializer
 * registers: keys in Avro's order (type, name, namespace, doc, fields/items/values/symbols, then properties),
 * a named type written in full once and as a name afterwards, namespaces left out where they are inherited,
 * and strings escaped as Jackson escapes them.
 */
import { JsonNumberText, fullName, type AvroEnum, type AvroField, type AvroNode, type AvroRecord, type JsonValue, type Props } from './avro-schema-model.ts'

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' }

/**
 * A JSON string as Jackson writes it to a java.io.Writer (Avro's toString): quote, backslash and C0 controls
 * escaped (\u00XX in upper case), everything else raw, astral characters included (unlike Jackson's byte
 * output, which JsonConverter uses and which escapes surrogates).
 */
export function jsonString (s: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return '"' + s.replace(/["\\\u0000-\u001f]/g, (c) => SHORT_ESCAPES[c] ?? '\\u00' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')) + '"'
}

/** Jackson's compact rendering of a JSON value. */
export function jsonText (value: JsonValue): string {
  if (value === null) return 'null'
  if (value instanceof JsonNumberText) return value.text
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false'
    case 'number': return String(value)
    case 'bigint': return value.toString()
    case 'string': return jsonString(value)
    default:
  }
  if (Array.isArray(value)) return '[' + value.map(jsonText).join(',') + ']'
  return '{' + Object.entries(value).map(([k, v]) => jsonString(k) + ':' + jsonText(v)).join(',') + '}'
}

interface Names {
  /** The enclosing namespace, as Avro's Names.space. */
  space: string | undefined
  readonly defined: Set<AvroRecord | AvroEnum>
}

function props (list: Props): string {
  return list.map(([k, v]) => ',' + jsonString(k) + ':' + jsonText(v)).join('')
}

// Name.writeName: the namespace is written only when it differs from the enclosing one ("" to leave one).
function nameAndSpace (node: AvroRecord | AvroEnum, names: Names): string {
  let out = ',"name":' + jsonString(node.name)
  const space = node.namespace === '' ? undefined : node.namespace
  if (space !== undefined) {
    if (space !== names.space) out += ',"namespace":' + jsonString(space)
  } else if (names.space !== undefined) {
    out += ',"namespace":""'
  }
  return out
}

// Name.getQualified: the short name inside its own namespace, else the full name.
function reference (node: AvroRecord | AvroEnum, names: Names): string {
  const space = node.namespace === '' ? undefined : node.namespace
  return jsonString(space === undefined || space === names.space ? node.name : fullName(node))
}

function field (f: AvroField, names: Names): string {
  let out = '{"name":' + jsonString(f.name) + ',"type":' + write(f.type, names)
  if (f.doc !== undefined) out += ',"doc":' + jsonString(f.doc)
  if (f.default !== undefined) out += ',"default":' + jsonText(f.default)
  return out + props(f.props) + '}'
}

function named (node: AvroRecord | AvroEnum, names: Names): string {
  if (names.defined.has(node)) return reference(node, names)
  names.defined.add(node)
  const saved = names.space
  let out = '{"type":' + (node.kind === 'record' ? '"record"' : '"enum"') + nameAndSpace(node, names)
  names.space = node.namespace === '' ? undefined : node.namespace
  if (node.doc !== undefined) out += ',"doc":' + jsonString(node.doc)
  if (node.kind === 'record') {
    out += ',"fields":[' + node.fields.map((f) => field(f, names)).join(',') + ']'
  } else {
    out += ',"symbols":[' + node.symbols.map(jsonString).join(',') + ']'
    if (node.default !== undefined) out += ',"default":' + jsonString(node.default)
  }
  names.space = saved
  return out + props(node.props) + '}'
}

function write (node: AvroNode, names: Names): string {
  switch (node.kind) {
    case 'primitive': return node.props.length === 0 ? jsonString(node.type) : '{"type":' + jsonString(node.type) + props(node.props) + '}'
    case 'array': return '{"type":"array","items":' + write(node.items, names) + props(node.props) + '}'
    case 'map': return '{"type":"map","values":' + write(node.values, names) + props(node.props) + '}'
    case 'union': return '[' + node.types.map((t) => write(t, names)).join(',') + ']'
    case 'record':
    case 'enum': return named(node, names)
  }
}

/** The schema text Java's Schema.toString() would print for this schema. */
export function avroSchemaText (node: AvroNode): string {
  return write(node, { space: undefined, defined: new Set() })
}
