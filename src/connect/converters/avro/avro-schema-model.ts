/**
 * An Avro schema as Java's org.apache.avro.Schema holds it: properties in insertion order, named types shared
 * by identity (the second use of a record is written as a reference to its name). This is what the Connect ->
 * Avro mapping builds, and what avro-schema-text.ts writes in the exact layout of Java's Schema.toString().
 */

/** JSON number text written as it is: Java's Float/Double.toString of a default (`12.2`, `1.0E10`). */
export class JsonNumberText {
  constructor (readonly text: string) {}
}

/** A JSON value of a property or a field default; bigint for longs beyond 2^53. */
export type JsonValue = null | boolean | number | bigint | string | JsonNumberText | JsonValue[] | { [key: string]: JsonValue }

/** Properties in the order they were added (Avro's JsonProperties keeps insertion order). */
export type Props = Array<[string, JsonValue]>

export type AvroPrimitiveType = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string'

export interface AvroPrimitive { readonly kind: 'primitive', readonly type: AvroPrimitiveType, readonly props: Props }
export interface AvroArray { readonly kind: 'array', readonly items: AvroNode, readonly props: Props }
export interface AvroMap { readonly kind: 'map', readonly values: AvroNode, readonly props: Props }
export interface AvroUnion { readonly kind: 'union', readonly types: readonly AvroNode[] }

export interface AvroField {
  readonly name: string
  readonly type: AvroNode
  readonly doc?: string
  /** undefined: no default; null: `"default": null`. */
  readonly default?: JsonValue
  readonly props: Props
}

export interface AvroRecord {
  readonly kind: 'record'
  readonly name: string
  /** undefined: no namespace. */
  readonly namespace?: string
  readonly doc?: string
  /** Filled after creation, as Java's Schema.setFields (a record can be referenced before its fields exist). */
  fields: AvroField[]
  readonly props: Props
}

export interface AvroEnum {
  readonly kind: 'enum'
  readonly name: string
  readonly namespace?: string
  readonly doc?: string
  readonly symbols: readonly string[]
  readonly default?: string
  readonly props: Props
}

export type AvroNode = AvroPrimitive | AvroArray | AvroMap | AvroUnion | AvroRecord | AvroEnum

/** The full name of a named type (`namespace.name`, or `name` without a namespace). */
export function fullName (node: AvroRecord | AvroEnum): string {
  return node.namespace === undefined || node.namespace === '' ? node.name : `${node.namespace}.${node.name}`
}

/** Adds a property unless it is already there (Java's addProp refuses a different value; the mapping never asks that). */
export function addProp (props: Props, key: string, value: JsonValue): void {
  if (!props.some(([k]) => k === key)) props.push([key, value])
}

/** The name a union branch of this type goes by (avsc's wrapped-union key and Avro's branch name). */
export function branchName (node: AvroNode): string {
  switch (node.kind) {
    case 'primitive': return node.type
    case 'record':
    case 'enum': return fullName(node)
    case 'array': return 'array'
    case 'map': return 'map'
    case 'union': return 'union'
  }
}
