/**
 * Reading converter settings the way Kafka's ConfigDef does (trimmed, case-insensitive booleans and
 * enums) and failing with ConfigDef's wording, so an operator sees the message Kafka would print.
 */
import { configError } from '../../errors.ts'
import type { JavaFloatFormat } from './java-number.ts'

type Configs = Readonly<Record<string, string>>

/**
 * Not a Kafka setting: which JDK's Double.toString/Float.toString to reproduce. `legacy` (default)
 * matches Connect workers on JDK 17 and older; `shortest` matches JDK 19 and newer. Kafka ignores
 * unknown converter settings, so the same properties file still works on a Java worker.
 */
export const JAVA_FLOAT_FORMAT_CONFIG = 'java.float.format'

/** A BOOLEAN setting: "true"/"false" in any case, surrounding spaces ignored. */
export function booleanConfig (configs: Configs, key: string, defaultValue: boolean): boolean {
  const raw = configs[key]
  if (raw === undefined) return defaultValue
  const value = raw.trim().toLowerCase()
  if (value === 'true') return true
  if (value === 'false') return false
  throw configError(key, `Invalid value ${raw} for configuration ${key}: Expected value to be either true or false`)
}

/** A STRING setting validated by ConfigDef.CaseInsensitiveValidString; returns the allowed spelling. */
export function enumConfig<T extends string> (configs: Configs, key: string, allowed: readonly T[], defaultValue: T): T {
  const raw = configs[key]
  if (raw === undefined) return defaultValue
  const found = allowed.find((a) => a.toUpperCase() === raw.trim().toUpperCase())
  if (found === undefined) {
    throw configError(key, `Invalid value ${raw} for configuration ${key}: String must be one of (case insensitive): ${allowed.join(', ')}`)
  }
  return found
}

/** An INT setting with a lower bound. */
export function intConfig (configs: Configs, key: string, defaultValue: number, min: number): number {
  const raw = configs[key]
  if (raw === undefined) return defaultValue
  const text = raw.trim()
  const value = Number(text)
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value) || Math.abs(value) > 2147483647) {
    throw configError(key, `Invalid value ${raw} for configuration ${key}: Not a number of type INT`)
  }
  if (value < min) throw configError(key, `Invalid value ${value} for configuration ${key}: Value must be at least ${min}`)
  return value
}

/** The `java.float.format` setting. */
export function floatFormatConfig (configs: Configs): JavaFloatFormat {
  return enumConfig(configs, JAVA_FLOAT_FORMAT_CONFIG, ['legacy', 'shortest'] as const, 'legacy')
}
