/** TimestampRouter and RegexRouter: change the record's topic. */
import type { ConfigKey } from '../config/config-def.ts'
import type { SourceRecord } from '../data/source-record.ts'
import { configError, dataError } from '../../errors.ts'
import { compileJavaRegex, fullMatch, javaReplacement } from './java-regex.ts'
import { compilePattern, formatDate } from './simple-date-format.ts'
import { newRecord, parseSmtConfig, type Transformation } from './transformation.ts'
import { validRegex } from './validators.ts'

const TIMESTAMP_ROUTER_KEYS: readonly ConfigKey[] = [
  { name: 'topic.format', type: 'STRING', defaultValue: '${topic}-${timestamp}', importance: 'HIGH', documentation: 'Format string which can contain ${topic} and ${timestamp} as placeholders for the topic and timestamp, respectively.' },
  { name: 'timestamp.format', type: 'STRING', defaultValue: 'yyyyMMdd', importance: 'HIGH', documentation: 'Format string for the timestamp that is compatible with java.text.SimpleDateFormat.' }
]

export class TimestampRouter implements Transformation {
  #topicFormat = ''
  #format: ReturnType<typeof compilePattern> = []

  config (): readonly ConfigKey[] { return TIMESTAMP_ROUTER_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig('TimestampRouter', TIMESTAMP_ROUTER_KEYS, props)
    this.#topicFormat = c['topic.format'] as string
    try {
      this.#format = compilePattern(c['timestamp.format'] as string)
    } catch (error) {
      throw configError('timestamp.format', `Invalid value ${String(c['timestamp.format'])} for configuration timestamp.format: ${(error as Error).message}`)
    }
  }

  apply (record: SourceRecord): SourceRecord {
    if (record.timestamp === undefined) {
      throw dataError(`Timestamp missing on record for topic ${record.topic} at ${JSON.stringify(record.sourceOffset)}: TimestampRouter needs a record timestamp (SQS records leave it to the producer)`)
    }
    const stamp = formatDate(this.#format, record.timestamp)
    const topic = this.#topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(stamp)
    return newRecord(record, { topic })
  }

  close (): void {}
}

const REGEX_ROUTER_KEYS: readonly ConfigKey[] = [
  { name: 'regex', type: 'STRING', validator: validRegex, importance: 'HIGH', documentation: 'Regular expression to use for matching.' },
  { name: 'replacement', type: 'STRING', importance: 'HIGH', documentation: 'Replacement string.' }
]

export class RegexRouter implements Transformation {
  #regex = /^$/
  #replacement = ''

  config (): readonly ConfigKey[] { return REGEX_ROUTER_KEYS }

  configure (props: Readonly<Record<string, string>>): void {
    const c = parseSmtConfig('RegexRouter', REGEX_ROUTER_KEYS, props)
    this.#regex = compileJavaRegex(c.regex as string)
    this.#replacement = c.replacement as string
  }

  apply (record: SourceRecord): SourceRecord {
    const match = fullMatch(this.#regex, record.topic)
    if (match === null) return record
    return newRecord(record, { topic: javaReplacement(match, this.#replacement) })
  }

  close (): void {}
}
