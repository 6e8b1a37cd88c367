/**
 * org.apache.kafka.connect.storage.StringConverter: the value's Java toString in
 * `converter.encoding` (UTF-8 by default); the schema is ignored and null stays null.
 */
import { configError } from '../../errors.ts'
import type { Converter, HeaderConverter } from '../converter.ts'
import type { Headers } from '../data/headers.ts'
import type { Schema } from '../data/schema.ts'
import { floatFormatConfig } from './converter-config.ts'
import { encodeJava, javaCharset } from './json-text.ts'
import type { JavaFloatFormat } from './java-number.ts'
import { javaToString } from './java-to-string.ts'

export const STRING_CONVERTER_CLASS = 'org.apache.kafka.connect.storage.StringConverter'

/** StringConverter; also usable as a header converter, as in Kafka. */
export class StringConverter implements Converter, HeaderConverter {
  #charset = 'UTF-8'
  #floatFormat: JavaFloatFormat = 'legacy'

  /** Reads converter.encoding; like Kafka's StringSerializer, `key.`/`value.serializer.encoding` wins when set. */
  configure (configs: Readonly<Record<string, string>>, isKey = false): void {
    const key = isKey ? 'key.serializer.encoding' : 'value.serializer.encoding'
    const property = configs[key] !== undefined ? key : 'converter.encoding'
    const name = configs[property] ?? 'UTF-8'
    const charset = javaCharset(name)
    // Kafka fails on the first record; failing at configure time says the same thing sooner.
    if (charset === undefined) {
      throw configError(property, `Unsupported encoding ${name}: supported are UTF-8, US-ASCII, ISO-8859-1, UTF-16, UTF-16BE, UTF-16LE`)
    }
    this.#charset = charset
    this.#floatFormat = floatFormatConfig(configs)
  }

  /** value.toString() encoded; null for null. */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown, _headers?: Headers): Uint8Array | null {
    if (value === null || value === undefined) return null
    return encodeJava(javaToString(schema, value, this.#floatFormat), this.#charset)
  }

  /** Same bytes as fromConnectData. */
  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value)
  }
}
