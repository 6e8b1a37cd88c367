/** Connect's Converter and HeaderConverter plugin interfaces (serialization side only). */
import type { Headers } from './data/headers.ts'
import type { Schema } from './data/schema.ts'

/** Turns Connect data into the bytes of a Kafka record key or value. */
export interface Converter {
  /** Receives the converter's own settings (prefix removed) and whether it converts keys. */
  configure (configs: Readonly<Record<string, string>>, isKey: boolean): void
  /** Serializes; null means a Kafka null (tombstone). */
  fromConnectData (topic: string, schema: Schema | null, value: unknown, headers?: Headers): Uint8Array | null
}

/** Turns one Connect header into the bytes of a Kafka header value. */
export interface HeaderConverter {
  configure (configs: Readonly<Record<string, string>>): void
  fromConnectHeader (topic: string, headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null
}
