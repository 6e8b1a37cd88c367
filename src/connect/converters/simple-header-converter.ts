/**
 * org.apache.kafka.connect.storage.SimpleHeaderConverter, the worker's default header converter:
 * Values.convertToString as UTF-8 (strings raw, bytes as base64 text, numbers as Java prints them).
 */
import type { HeaderConverter } from '../converter.ts'
import type { Schema } from '../data/schema.ts'
import { floatFormatConfig } from './converter-config.ts'
import { javaUtf8 } from './json-text.ts'
import type { JavaFloatFormat } from './java-number.ts'
import { valuesToString } from './values-to-string.ts'

export const SIMPLE_HEADER_CONVERTER_CLASS = 'org.apache.kafka.connect.storage.SimpleHeaderConverter'

/** SimpleHeaderConverter (serialization side). */
export class SimpleHeaderConverter implements HeaderConverter {
  #floatFormat: JavaFloatFormat = 'legacy'

  /** Kafka's has no settings; only java.float.format is read. */
  configure (configs: Readonly<Record<string, string>>): void {
    this.#floatFormat = floatFormatConfig(configs)
  }

  /** Values.convertToString(schema, value) in UTF-8; null for null. */
  fromConnectHeader (_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    const text = valuesToString(schema, value, this.#floatFormat)
    return text === null ? null : javaUtf8(text)
  }
}
