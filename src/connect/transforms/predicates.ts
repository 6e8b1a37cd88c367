/** The predicates: TopicNameMatches, HasHeaderKey, RecordIsTombstone. */
import type { ConfigKey } from '../config/config-def.ts'
import { nonEmptyString } from '../config/config-def.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { configError } from '../../errors.ts'
import { compileJavaRegex, fullMatch } from './java-regex.ts'
import { parseSmtConfig, type Predicate } from './transformation.ts'
import { validRegex } from './validators.ts'

const bothValidators = Object.assign((value: string | number | boolean | string[] | null) => nonEmptyString(value) ?? validRegex(value), { describe: 'non-empty string, valid regex' })

const TOPIC_NAME_KEYS: readonly ConfigKey[] = [
  { name: 'pattern', type: 'STRING', validator: bothValidators, importance: 'MEDIUM', documentation: 'A Java regular expression for matching against the name of a record\'s topic.' }
]

export class TopicNameMatches implements Predicate {
  #pattern = /^$/

  config (): readonly ConfigKey[] { return TOPIC_NAME_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const pattern = parseSmtConfig('TopicNameMatches', TOPIC_NAME_KEYS, props).pattern as string
    try {
      this.#pattern = compileJavaRegex(pattern)
    } catch (error) {
      throw configError('pattern', `Invalid value ${pattern} for configuration pattern: entry must be a Java-compatible regular expression: ${(error as Error).message}`)
    }
  }

  test (record: SourceRecord): boolean { return fullMatch(this.#pattern, record.topic) !== null }
  close (): void {}
}

const HAS_HEADER_KEYS: readonly ConfigKey[] = [
  { name: 'name', type: 'STRING', validator: nonEmptyString, importance: 'MEDIUM', documentation: 'The header name.' }
]

export class HasHeaderKey implements Predicate {
  #name = ''

  config (): readonly ConfigKey[] { return HAS_HEADER_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    this.#name = parseSmtConfig('HasHeaderKey', HAS_HEADER_KEYS, props).name as string
  }

  test (record: SourceRecord): boolean { return record.headers.allWithName(this.#name).length > 0 }
  close (): void {}
}

export class RecordIsTombstone implements Predicate {
  config (): readonly ConfigKey[] { return [] }
  configure (): void {}
  test (record: SourceRecord): boolean { return record.value === null || record.value === undefined }
  close (): void {}
}
