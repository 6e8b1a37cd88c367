/**
 * The Java class a plain Connect value would have in Kafka, and how Java prints it in error messages
 * (`class java.lang.Long`). Converters and transforms word their errors with it, as Kafka's do.
 */
import { Struct } from './struct.ts'

export type JavaClass = 'Byte' | 'Short' | 'Integer' | 'Long' | 'Float' | 'Double' | 'Boolean' | 'String' | 'BigDecimal' | 'Date' | 'byte[]' | 'List' | 'Map' | 'Struct' | 'Object'

/** The Java class of a non-null JS value when no schema says more (JS numbers: Integer or Double). */
export function javaClassOfValue (value: unknown): JavaClass {
  if (value instanceof Date) return 'Date'
  switch (typeof value) {
    case 'string': return 'String'
    case 'boolean': return 'Boolean'
    case 'bigint': return 'Long'
    case 'number': return Number.isInteger(value) ? 'Integer' : 'Double'
    default:
  }
  if (value instanceof Uint8Array) return 'byte[]'
  if (Array.isArray(value)) return 'List'
  if (value instanceof Map) return 'Map'
  if (value instanceof Struct) return 'Struct'
  return 'Object'
}

/** How Java prints the class in messages (`class java.lang.Long`). */
export function javaClassText (cls: JavaClass): string {
  switch (cls) {
    case 'BigDecimal': return 'class java.math.BigDecimal'
    case 'Date': return 'class java.util.Date'
    case 'byte[]': return 'class [B'
    case 'List': return 'class java.util.ArrayList'
    case 'Map': return 'class java.util.HashMap'
    case 'Struct': return 'class org.apache.kafka.connect.data.Struct'
    case 'Object': return 'class java.lang.Object'
    default: return `class java.lang.${cls}`
  }
}

/** The class of any JS value as Java's error messages print it; `null` for null, the JS class name for other objects. */
export function javaClassName (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  const cls = javaClassOfValue(value)
  if (cls !== 'Object') return javaClassText(cls)
  const name = (value as { constructor?: { name?: string } }).constructor?.name
  return `class ${name ?? 'java.lang.Object'}`
}
