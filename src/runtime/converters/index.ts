/**
 * Converters that need the runtime (I/O such as a schema registry) on top of the pure ones in connect/converters:
 * Confluent's AvroConverter by its class name and Connect's aliases (`AvroConverter`, `Avro`).
 */
import type { Converter } from '../../connect/converter.ts'
import { createConverter } from '../../connect/converters/index.ts'
import { AVRO_CONVERTER_CLASS, AvroConverter } from './avro/avro-converter.ts'

export { AVRO_CONVERTER_CLASS, AvroConverter }

const AVRO_NAMES: readonly string[] = [AVRO_CONVERTER_CLASS, 'AvroConverter', 'Avro']

/** A configured key or value converter: AvroConverter here, every other class from connect/converters. */
export function createRuntimeConverter (className: string, configs: Readonly<Record<string, string>>, isKey: boolean, property: string): Converter {
  if (!AVRO_NAMES.includes(className.trim())) return createConverter(className, configs, isKey, property)
  const converter = new AvroConverter()
  converter.configure(configs, isKey)
  return converter
}
