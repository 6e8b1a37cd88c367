/**
 * Connect's LogReporter for source records: with errors.log.enable, one error line per failed operation,
 * worded as Connect words it; errors.log.include.messages adds the record in Java's toString form. A source
 * record holds message data only, never configuration, so no secret can reach this line.
 */
import { javaToString } from '../../connect/converters/java-to-string.ts'
import type { Schema } from '../../connect/data/schema.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import type { Logger } from '../logging.ts'
import type { ErrorHandlingMetrics } from './error-metrics.ts'
import type { ProcessingContext } from './processing-context.ts'

export interface LogReporterOptions {
  readonly connectorName: string
  readonly taskId: number
  readonly enabled: boolean
  readonly includeMessages: boolean
  readonly logger: Logger
  readonly metrics: ErrorHandlingMetrics
}

/** ConnectSchema.toString: Schema{name:TYPE}, or Schema{TYPE} without a name (the Java enum's upper-case name). */
function schemaToString (schema: Schema | null): string {
  if (schema === null) return 'null'
  const type = schema.type.toUpperCase()
  return schema.name === undefined ? `Schema{${type}}` : `Schema{${schema.name}:${type}}`
}

/** SourceRecord.toString as Connect prints it (ConnectRecord's fields after the source partition and offset). */
export function sourceRecordToString (record: SourceRecord): string {
  const headers = [...record.headers].map((h) => `ConnectHeader(key=${h.key}, value=${javaToString(h.schema, h.value)}, schema=${schemaToString(h.schema)})`)
  return `SourceRecord{sourcePartition=${javaToString(null, record.sourcePartition)}, sourceOffset=${javaToString(null, record.sourceOffset)}} ` +
    `ConnectRecord{topic='${record.topic}', kafkaPartition=${record.kafkaPartition ?? 'null'}, key=${javaToString(record.keySchema, record.key)}, ` +
    `keySchema=${schemaToString(record.keySchema)}, value=${javaToString(record.valueSchema, record.value)}, valueSchema=${schemaToString(record.valueSchema)}, ` +
    `timestamp=${record.timestamp ?? 'null'}, headers=ConnectHeaders(headers=[${headers.join(', ')}])}`
}

export class LogReporter {
  readonly #o: LogReporterOptions

  constructor (options: LogReporterOptions) {
    this.#o = options
  }

  /** Connect's message: "Error encountered in task <connector>-<task>. Executing stage '<STAGE>' with class '<class>'[, where source record is = <record>]." */
  message (context: ProcessingContext): string {
    const where = this.#o.includeMessages ? `, where source record is = ${sourceRecordToString(context.original)}` : ''
    return `Error encountered in task ${this.#o.connectorName}-${this.#o.taskId}. Executing stage '${context.stage}' with class '${context.executingClass}'${where}.`
  }

  report (context: ProcessingContext): void {
    if (!this.#o.enabled || context.error === undefined) return
    this.#o.logger.error({ err: context.error, stage: context.stage, executingClass: context.executingClass, attempts: context.attempt }, this.message(context))
    this.#o.metrics.errorLogged()
  }
}
