/**
 * The Java class a Connect value would have in Kafka (Byte, Long, java.util.Date, BigDecimal, ...). Our
 * Structs hold logical values in physical form and JS numbers stand for every numeric type, so the
 * schema (when there is one) says which class Kafka's SMTs would see.
 */
import { javaClassOfValue, type JavaClass } from '../data/java-class.ts'
import type { Schema, SchemaType } from '../data/schema.ts'
import { DATE, DECIMAL, TIME, TIMESTAMP } from '../converters/logical-types.ts'

export { javaClassText, type JavaClass } from '../data/java-class.ts'

const BY_TYPE: Record<SchemaType, JavaClass> = {
  int8: 'Byte', int16: 'Short', int32: 'Integer', int64: 'Long', float32: 'Float', float64: 'Double',
  boolean: 'Boolean', string: 'String', bytes: 'byte[]', array: 'List', map: 'Map', struct: 'Struct'
}

/** The Java class of a non-null value, from its schema when it has one, else from the JS value. */
export function javaClassOf (schema: Schema | null | undefined, value: unknown): JavaClass {
  if (value instanceof Date) return 'Date'
  if (schema !== null && schema !== undefined) {
    if (schema.name === DECIMAL) return 'BigDecimal'
    if (schema.name === DATE || schema.name === TIME || schema.name === TIMESTAMP) return 'Date'
    return BY_TYPE[schema.type]
  }
  return javaClassOfValue(value)
}

/** ConnectSchema.schemaType(value.getClass()): the schema type a schemaless value stands for. */
export function inferredType (value: unknown): SchemaType | undefined {
  const cls = javaClassOf(null, value)
  const types: Partial<Record<JavaClass, SchemaType>> = {
    Byte: 'int8', Short: 'int16', Integer: 'int32', Long: 'int64', Float: 'float32', Double: 'float64',
    Boolean: 'boolean', String: 'string', 'byte[]': 'bytes', List: 'array', Map: 'map', Struct: 'struct'
  }
  return types[cls]
}
