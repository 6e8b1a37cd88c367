/**
 * org.apache.kafka.connect.converters.ByteArrayConverter: passes bytes through. It takes only a null
 * or BYTES schema and a null or byte-array value, so it cannot carry the SQS key and value structs.
 */
import { dataError } from '../../errors.ts'
import type { Converter, HeaderConverter } from '../converter.ts'
import type { Headers } from '../data/headers.ts'
import type { Schema } from '../data/schema.ts'
import { javaClassName } from '../data/java-class.ts'

export const BYTE_ARRAY_CONVERTER_CLASS = 'org.apache.kafka.connect.converters.ByteArrayConverter'

/** ByteArrayConverter; also usable as a header converter, as in Kafka. */
export class ByteArrayConverter implements Converter, HeaderConverter {
  /** Has no settings. */
  configure (_configs: Readonly<Record<string, string>>, _isKey = false): void {}

  /** The bytes themselves; errors worded as Kafka's DataExceptions. */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown, _headers?: Headers): Uint8Array | null {
    if (schema != null && schema.type !== 'bytes') {
      throw dataError(`Invalid schema type for ByteArrayConverter: ${schema.type.toUpperCase()}`)
    }
    if (value === null || value === undefined) return null
    if (!(value instanceof Uint8Array)) {
      throw dataError(`ByteArrayConverter is not compatible with objects of type ${javaClassName(value)}`)
    }
    return value
  }

  /** Same bytes as fromConnectData. */
  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value)
  }
}
