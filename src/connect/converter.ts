/** Connect's Converter and HeaderConverter plugin interfaces (serialization side only). */
import type { Headers } from './data/headers.ts'
import type { Schema } from './data/schema.ts'

/** Turns Connect data into the bytes of a Kafka record key or value. */
export interface Converter {
  /** Receives the converter's own settings (prefix removed) and whether it converts keys. */
  configure (configs: Readonly<Record<string, string>>, isKey: boolean): void
  /** Serializes; null means a Kafka null (tombstone). */
  fromConnectData (topic: string, schema: Schema | null, value: unknown, headers?: Headers): Uint8Array | null
  /**
   * Optional, for converters that need I/O before they can serialize (a schema registry): does that work for
   * this schema, after which fromConnectData runs synchronously. Returns undefined when nothing is missing, so
   * converters without it, and warm caches, cost no promise per record.
   */
  prepare? (topic: string, schema: Schema | null, value: unknown): Promise<void> | undefined
}

/** Turns one Connect header into the bytes of a Kafka header value. */
export interface HeaderConverter {
  configure (configs: Readonly<Record<string, string>>): void
  fromConnectHeader (topic: string, headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null
}
