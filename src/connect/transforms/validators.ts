/** ConfigDef validators the SMTs use that the framework has no twin for. */
import type { ConfigValue, Validator } from '../config/config-def.ts'
import { compileJavaRegex } from './java-regex.ts'

/** ConfigDef.CaseInsensitiveValidString. */
export function oneOfIgnoringCase (allowed: readonly string[]): Validator {
  const check = (value: ConfigValue): string | undefined =>
    typeof value === 'string' && !allowed.some((a) => a.toUpperCase() === value.toUpperCase()) ? `String must be one of (case insensitive): ${allowed.join(', ')}` : undefined
  return Object.assign(check, { describe: `(case insensitive) [${allowed.join(', ')}]` })
}

/** Kafka's RegexValidator: the value must compile as a Java regex. */
export const validRegex: Validator = Object.assign((value: ConfigValue) => {
  if (typeof value !== 'string') return undefined
  try {
    compileJavaRegex(value)
    return undefined
  } catch (error) {
    return `Invalid regex: ${(error as Error).message}`
  }
}, { describe: 'valid regex' })
