/**
 * Connect's Transformation and Predicate plugin API (org.apache.kafka.connect.transforms), and the record
 * helpers every SMT shares: rebuilding a record around a new key, value, topic or headers (as
 * ConnectRecord.newRecord does, keeping the source partition and offset) and Kafka's Requirements checks.
 */
import { parseConfigOrThrow, type ConfigKey, type ConfigValue } from '../config/config-def.ts'
import { Headers } from '../data/headers.ts'
import type { Schema } from '../data/schema.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { Struct } from '../data/struct.ts'
import { javaClassName } from '../data/java-class.ts'
import { dataError } from '../../errors.ts'

/** A single message transform: configured once, then applied to every record; null drops the record. */
export interface Transformation {
  configure (props: Readonly<Record<string, string>>): void
  config (): readonly ConfigKey[]
  apply (record: SourceRecord): SourceRecord | null
  close (): void
}

/** A condition on a record that decides whether a transform runs. */
export interface Predicate {
  configure (props: Readonly<Record<string, string>>): void
  config (): readonly ConfigKey[]
  test (record: SourceRecord): boolean
  close (): void
}

export type TransformPluginKind = 'transformation' | 'predicate'

/** One SMT or predicate class as the plugin registry lists it. */
export interface TransformPlugin {
  readonly className: string
  readonly kind: TransformPluginKind
  create (): Transformation | Predicate
}

/** Parses an SMT's properties against its keys as SimpleConfig does; a config error names the property. */
export function parseSmtConfig (className: string, keys: readonly ConfigKey[], props: Readonly<Record<string, string>>): Readonly<Record<string, ConfigValue>> {
  return parseConfigOrThrow(`The configuration of ${className}`, keys, props)
}

/** Which side of a record an SMT with $Key/$Value variants works on. */
export type Side = 'key' | 'value'

export function schemaOf (record: SourceRecord, side: Side): Schema | null {
  return side === 'key' ? record.keySchema : record.valueSchema
}

export function valueOf (record: SourceRecord, side: Side): unknown {
  return side === 'key' ? record.key : record.value
}

/** Copies the headers, as Headers.duplicate() does. */
export function duplicateHeaders (headers: Headers): Headers {
  const copy = new Headers()
  for (const h of headers) copy.add(h.key, h.schema, h.value)
  return copy
}

interface RecordChanges {
  topic?: string
  keySchema?: Schema | null
  key?: unknown
  valueSchema?: Schema | null
  value?: unknown
  headers?: Headers
}

/**
 * ConnectRecord.newRecord: a new record with some parts replaced; headers are copied. The runtime's
 * partitionKey (placement by something other than the key) is kept unless the key changes, since a
 * transform that rewrites the key means the record to be placed by its new key.
 */
export function newRecord (record: SourceRecord, changes: RecordChanges): SourceRecord {
  const keyChanged = 'key' in changes || 'keySchema' in changes
  const { partitionKey, ...rest } = record
  return Object.freeze({
    ...rest,
    ...(partitionKey === undefined || keyChanged ? {} : { partitionKey }),
    ...changes,
    headers: changes.headers ?? duplicateHeaders(record.headers)
  })
}

/** A new record whose key or value (per `side`) and its schema are replaced. */
export function withSide (record: SourceRecord, side: Side, schema: Schema | null, value: unknown, headers?: Headers): SourceRecord {
  const changes: RecordChanges = side === 'key' ? { keySchema: schema, key: value } : { valueSchema: schema, value }
  if (headers !== undefined) changes.headers = headers
  return newRecord(record, changes)
}

function javaTypeName (value: unknown): string {
  return value === null || value === undefined ? 'null' : javaClassName(value).replace(/^class /, '')
}

/** Requirements.requireMap: a schemaless value must be a Map. */
export function requireMap (value: unknown, purpose: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) throw dataError(`Only Map objects supported in absence of schema for [${purpose}], found: ${javaTypeName(value)}`)
  return value
}

export function requireMapOrNull (value: unknown, purpose: string): Map<unknown, unknown> | null {
  return value === null || value === undefined ? null : requireMap(value, purpose)
}

/** Requirements.requireStruct. */
export function requireStruct (value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) throw dataError(`Only Struct objects supported for [${purpose}], found: ${javaTypeName(value)}`)
  return value
}

export function requireStructOrNull (value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose)
}

/** Requirements.requireSchema. */
export function requireSchema (schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw dataError(`Schema required for [${purpose}]`)
  return schema
}

/** A struct field's value with or without its default (the SMTs' replace.null.with.default). */
export function fieldValue (struct: Struct, name: string, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name)
}

/** The replace.null.with.default key most SMTs share. */
export const REPLACE_NULL_WITH_DEFAULT: ConfigKey = {
  name: 'replace.null.with.default',
  type: 'BOOLEAN',
  defaultValue: true,
  importance: 'MEDIUM',
  documentation: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.'
}

/** Kafka's NonEmptyListValidator. */
export const nonEmptyList = Object.assign(
  (value: ConfigValue) => (value === null || (Array.isArray(value) && value.length === 0) ? 'Empty list' : undefined),
  { describe: 'non-empty list' }
)
