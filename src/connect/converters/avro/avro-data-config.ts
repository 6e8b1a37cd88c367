/** The settings of Confluent's AvroDataConfig that shape the Connect -> Avro schema mapping. */
import { booleanConfig, intConfig } from '../converter-config.ts'

export interface AvroDataConfig {
  /** connect.meta.data (true): write connect.doc, connect.version, connect.parameters, connect.default, connect.name, connect.type. */
  readonly connectMetaData: boolean
  /** enhanced.avro.schema.support (false): Connect enums (io.confluent.connect.avro.Enum parameters) become Avro enums. */
  readonly enhancedSchemaSupport: boolean
  /** scrub.invalid.names (false): characters Avro refuses in names become `_`. */
  readonly scrubInvalidNames: boolean
  /** allow.optional.map.keys (false): maps with an optional string key stay Avro maps. */
  readonly allowOptionalMapKeys: boolean
  /** schemas.cache.config (1000): Connect schemas whose Avro form is kept. */
  readonly schemasCacheSize: number
}

export const DEFAULT_AVRO_DATA_CONFIG: AvroDataConfig = {
  connectMetaData: true,
  enhancedSchemaSupport: false,
  scrubInvalidNames: false,
  allowOptionalMapKeys: false,
  schemasCacheSize: 1000
}

/** Reads the AvroDataConfig keys (prefix already removed), with Kafka's ConfigDef wording on bad values. */
export function parseAvroDataConfig (configs: Readonly<Record<string, string>>): AvroDataConfig {
  return {
    connectMetaData: booleanConfig(configs, 'connect.meta.data', true),
    enhancedSchemaSupport: booleanConfig(configs, 'enhanced.avro.schema.support', false),
    scrubInvalidNames: booleanConfig(configs, 'scrub.invalid.names', false),
    allowOptionalMapKeys: booleanConfig(configs, 'allow.optional.map.keys', false),
    schemasCacheSize: intConfig(configs, 'schemas.cache.config', 1000, 0)
  }
}
