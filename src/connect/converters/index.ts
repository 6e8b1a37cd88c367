/**
 * Converter plugins by class name, as a worker's `key.converter`, `value.converter` and
 * `header.converter` name them: the full Java class name or Connect's plugin aliases (the simple
 * class name, and that name without its plugin-type suffix: `Json`, `String`, `ByteArray`, `Simple`).
 */
import { ErrorCodes, SqsConnectError, configError } from '../../errors.ts'
import type { Converter, HeaderConverter } from '../converter.ts'
import { BYTE_ARRAY_CONVERTER_CLASS, ByteArrayConverter } from './bytearray-converter.ts'
import { JSON_CONVERTER_CLASS, JsonConverter } from './json-converter.ts'
import { SIMPLE_HEADER_CONVERTER_CLASS, SimpleHeaderConverter } from './simple-header-converter.ts'
import { STRING_CONVERTER_CLASS, StringConverter } from './string-converter.ts'

export { ByteArrayConverter } from './bytearray-converter.ts'
export { JsonConverter } from './json-converter.ts'
export { SimpleHeaderConverter } from './simple-header-converter.ts'
export { StringConverter } from './string-converter.ts'
export { JAVA_FLOAT_FORMAT_CONFIG } from './converter-config.ts'
export { BYTE_ARRAY_CONVERTER_CLASS, JSON_CONVERTER_CLASS, SIMPLE_HEADER_CONVERTER_CLASS, STRING_CONVERTER_CLASS }

interface PluginEntry<T> {
  readonly className: string
  readonly create: () => T
}

/** Classes that implement Kafka's Converter interface, by full class name. */
export const CONVERTER_CLASSES: readonly string[] = [JSON_CONVERTER_CLASS, STRING_CONVERTER_CLASS, BYTE_ARRAY_CONVERTER_CLASS]

/** Classes that implement Kafka's HeaderConverter interface, by full class name. */
export const HEADER_CONVERTER_CLASSES: readonly string[] = [
  SIMPLE_HEADER_CONVERTER_CLASS, JSON_CONVERTER_CLASS, STRING_CONVERTER_CLASS, BYTE_ARRAY_CONVERTER_CLASS
]

const CONVERTERS: ReadonlyArray<PluginEntry<Converter>> = [
  { className: JSON_CONVERTER_CLASS, create: () => new JsonConverter() },
  { className: STRING_CONVERTER_CLASS, create: () => new StringConverter() },
  { className: BYTE_ARRAY_CONVERTER_CLASS, create: () => new ByteArrayConverter() }
]

const HEADER_CONVERTERS: ReadonlyArray<PluginEntry<HeaderConverter>> = [
  { className: SIMPLE_HEADER_CONVERTER_CLASS, create: () => new SimpleHeaderConverter() },
  { className: JSON_CONVERTER_CLASS, create: () => new JsonConverter() },
  { className: STRING_CONVERTER_CLASS, create: () => new StringConverter() },
  { className: BYTE_ARRAY_CONVERTER_CLASS, create: () => new ByteArrayConverter() }
]

function simpleName (className: string): string {
  return className.slice(className.lastIndexOf('.') + 1)
}

// PluginUtils.prunedName: the simple name cut before the last occurrence of the plugin type's name.
function prunedName (className: string, suffix: string): string {
  const simple = simpleName(className)
  const at = simple.lastIndexOf(suffix)
  return at > 0 ? simple.slice(0, at) : simple
}

/**
 * Connect computes aliases once over every plugin, so `Json` names JsonConverter for header.converter
 * too; the aliases are case-sensitive.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ...CONVERTER_CLASSES.flatMap((c) => [[simpleName(c), c], [prunedName(c, 'Converter'), c]] as const),
  ...HEADER_CONVERTER_CLASSES.flatMap((c) => [[simpleName(c), c], [prunedName(c, 'HeaderConverter'), c]] as const)
])

function resolve<T> (entries: ReadonlyArray<PluginEntry<T>>, className: string, property: string, kind: string): PluginEntry<T> {
  const name = className.trim()
  const full = ALIASES.get(name) ?? name
  const entry = entries.find((e) => e.className === full)
  if (entry !== undefined) return entry
  const accepted = entries.flatMap((e) => [e.className, ...[...ALIASES].filter(([, c]) => c === e.className).map(([a]) => a)])
  throw new SqsConnectError(ErrorCodes.PLUGIN_NOT_FOUND,
    `Invalid value ${className} for configuration ${property}: ${kind} class ${className} could not be found. Accepted: ${[...new Set(accepted)].join(', ')}`,
    { subject: property })
}

// Settings errors name the converter's own property (value.converter.schemas.enable), not the bare key.
function configureWith (property: string, configure: () => void): void {
  try {
    configure()
  } catch (error) {
    if (error instanceof SqsConnectError && error.code === ErrorCodes.CONFIG_INVALID && error.subject !== undefined) {
      const key = `${property}.${error.subject}`
      throw configError(key, error.message.replace(`configuration ${error.subject}`, `configuration ${key}`))
    }
    throw error
  }
}

/** A configured key or value converter; `configs` are its settings with the `<property>.` prefix removed. */
export function createConverter (className: string, configs: Readonly<Record<string, string>>, isKey: boolean, property: string): Converter {
  const converter = resolve(CONVERTERS, className, property, 'Converter').create()
  configureWith(property, () => converter.configure(configs, isKey))
  return converter
}

/** A configured header converter; `configs` are its settings with the `<property>.` prefix removed. */
export function createHeaderConverter (className: string, configs: Readonly<Record<string, string>>, property: string): HeaderConverter {
  const converter = resolve(HEADER_CONVERTERS, className, property, 'HeaderConverter').create()
  configureWith(property, () => converter.configure(configs))
  return converter
}
