/**
 * Error handling around the stages of one source task (docs/error-handling.md): each stage of a record runs
 * through process(stage, original, fn), which retries, logs and tolerates as Connect does. A record whose failure
 * is tolerated (errors.tolerance=all) never reaches its topic; then, instead of Connect's "skip and commit":
 *  - with a dead-letter topic, its dead-letter record is written and, once Kafka acknowledged it, the task is told
 *    the record is done (commitRecord with null metadata): the SQS message is deleted;
 *  - without one, or when the dead-letter write fails, the task is told to abandon the record: the SQS message
 *    is not deleted and comes back after its visibility timeout (the queue's redrive policy or the connector's
 *    sqs.poison.* settings decide its fate), so nothing is ever deleted without a copy in Kafka.
 */
import type { SourceTask } from '../../connect/connector.ts'
import { CONVERTER_CLASSES, HEADER_CONVERTER_CLASSES } from '../../connect/converters/index.ts'
import type { SourceRecord } from '../../connect/data/source-record.ts'
import { ErrorCodes, hasCode, SqsConnectError } from '../../errors.ts'
import type { ConnectorConverters } from '../converter-setup.ts'
import type { Logger } from '../logging.ts'
import type { DeadLetterQueue } from './dead-letter-queue.ts'
import type { ErrorHandlingConfig } from './error-handling-config.ts'
import { noErrorMetrics, type ErrorHandlingMetrics } from './error-metrics.ts'
import { LogReporter } from './log-reporter.ts'
import { errorChain, processingContext, type ProcessingContext, type Stage } from './processing-context.ts'
import { RetryWithToleranceOperator } from './retry-with-tolerance.ts'

/** A stage, or CONVERSION: header, key and value conversion in one call, the failing one named by the error. */
export type ProcessStage = Stage | 'CONVERSION'

export interface ProcessOptions {
  /** The class that runs the stage (default: the converter's, for conversion stages). */
  readonly executingClass?: string
  /**
   * Called before the record's processing waits (a retry pause, the dead-letter write), so the caller can send
   * what it converted before it, as Connect has handed those to the producer already.
   */
  readonly onWait?: () => void
}

/** The class Connect names for the KAFKA_PRODUCE stage. */
const PRODUCE_CLASS = 'org.apache.kafka.connect.runtime.WorkerSourceTask'

export interface ConverterClassNames {
  readonly header: string
  readonly key: string
  readonly value: string
}

export interface SourceRecordErrorsOptions {
  readonly connectorName: string
  readonly taskId: number
  readonly config: ErrorHandlingConfig
  readonly task: Pick<SourceTask, 'commitRecord' | 'abandonRecord'>
  readonly converterClasses: ConverterClassNames
  readonly logger: Logger
  readonly dlq?: DeadLetterQueue | undefined
  readonly metrics?: ErrorHandlingMetrics | undefined
}

/** The Java class name of a converter instance (JsonConverter -> org.apache.kafka.connect.json.JsonConverter). */
export function converterClassName (converter: object): string {
  const simple = converter.constructor.name
  return [...CONVERTER_CLASSES, ...HEADER_CONVERTER_CLASSES].find((c) => c.endsWith(`.${simple}`)) ?? simple
}

export function converterClassNames (converters: ConnectorConverters): ConverterClassNames {
  return { header: converterClassName(converters.header), key: converterClassName(converters.key), value: converterClassName(converters.value) }
}

const CONVERSION_STAGES: Readonly<Record<string, { stage: Stage, role: keyof ConverterClassNames }>> = {
  'header.converter': { stage: 'HEADER_CONVERTER', role: 'header' },
  'key.converter': { stage: 'KEY_CONVERTER', role: 'key' },
  'value.converter': { stage: 'VALUE_CONVERTER', role: 'value' }
}

export class SourceRecordErrors {
  readonly #o: SourceRecordErrorsOptions
  readonly #metrics: ErrorHandlingMetrics
  readonly #operator: RetryWithToleranceOperator
  readonly #log: Logger

  constructor (options: SourceRecordErrorsOptions) {
    this.#o = options
    this.#metrics = options.metrics ?? noErrorMetrics
    this.#log = options.logger
    const reporter = new LogReporter({
      connectorName: options.connectorName, taskId: options.taskId, enabled: options.config.logEnable,
      includeMessages: options.config.logIncludeMessages, logger: options.logger, metrics: this.#metrics
    })
    this.#operator = new RetryWithToleranceOperator({ config: options.config, metrics: this.#metrics, reporter })
  }

  /** Creates the dead-letter topic when one is configured and missing; throws when that fails. */
  async start (): Promise<void> {
    await this.#o.dlq?.start()
  }

  /**
   * Runs one stage of the record that `original` (the record as poll() returned it) became: resolves with fn's
   * result, or with undefined when fn failed and the failure was tolerated (the record is then already taken care
   * of: dead-lettered or abandoned, and must be dropped). Throws when it is not tolerated (errors.tolerance=none),
   * which fails the task. fn must not resolve with undefined itself.
   */
  async process<T> (stage: ProcessStage, original: SourceRecord, fn: () => T | Promise<T>, options: ProcessOptions = {}): Promise<T | undefined> {
    const context = processingContext(original, stage === 'CONVERSION' ? 'VALUE_CONVERTER' : stage, options.executingClass ?? this.#classFor(stage))
    const result = await this.#operator.execute(context, async () => {
      try {
        return await fn()
      } catch (error) {
        if (stage === 'CONVERSION') this.#nameConversionStage(context, error)
        // A transform chain knows which transform failed only when it fails: its error names it (subject).
        if (stage === 'TRANSFORMATION' && options.executingClass === undefined) context.executingClass = subjectOf(error) ?? context.executingClass
        throw error
      }
    }, options.onWait)
    if (context.error === undefined) return result
    options.onWait?.()
    await this.#dispose(context)
    return undefined
  }

  /**
   * Kafka refused the record for good (KIP-779). With errors.tolerance=all the failure is reported and the record
   * dead-lettered or abandoned (true: the caller drops it); with none, or when the topic does not exist, false: the
   * caller fails the task as before.
   */
  async producerFailed (original: SourceRecord, error: Error): Promise<boolean> {
    if (this.#operator.tolerance !== 'all') return false
    // A missing topic is the connector's configuration, not this record: skipping would drop every record.
    if (errorChain(error).some((e) => hasCode(e, ErrorCodes.KAFKA_TOPIC_NOT_FOUND))) return false
    const context = processingContext(original, 'KAFKA_PRODUCE', PRODUCE_CLASS)
    this.#operator.executeFailed(context, error)
    await this.#dispose(context)
    return true
  }

  async #dispose (context: ProcessingContext): Promise<void> {
    const { dlq, task } = this.#o
    if (dlq !== undefined) {
      this.#metrics.dlqProduceRequest()
      try {
        const written = await dlq.write(context)
        this.#log.debug({ topic: written.topic, partition: written.partition, offset: written.offset.toString(), sourceOffset: context.original.sourceOffset }, 'Failed record written to the dead letter queue')
        task.commitRecord(context.original, null)
        return
      } catch (error) {
        this.#metrics.dlqProduceFailure()
        this.#log.error({ err: error, sourceOffset: context.original.sourceOffset },
          `Could not produce message to dead letter queue. topic=${dlq.topic}. The record is dropped without being acknowledged, so its source message is not deleted`)
      }
    }
    task.abandonRecord?.(context.original)
  }

  #classFor (stage: ProcessStage): string {
    const classes = this.#o.converterClasses
    switch (stage) {
      case 'CONVERSION': case 'VALUE_CONVERTER': return classes.value
      case 'KEY_CONVERTER': return classes.key
      case 'HEADER_CONVERTER': return classes.header
      case 'KAFKA_PRODUCE': return PRODUCE_CLASS
      default: return 'unknown'
    }
  }

  /** record-conversion names the converter at fault in its error's subject. */
  #nameConversionStage (context: ProcessingContext, error: unknown): void {
    const subject = subjectOf(error, (s) => s in CONVERSION_STAGES)
    const found = subject === undefined ? undefined : CONVERSION_STAGES[subject]
    if (found === undefined) return
    context.stage = found.stage
    context.executingClass = this.#o.converterClasses[found.role]
  }

  /** Ends retry pauses and dead-letter retries: the task is stopping or failed. */
  stop (): void {
    this.#operator.stop()
    this.#o.dlq?.stop()
  }

  async close (): Promise<void> {
    this.stop()
    await this.#o.dlq?.close()
  }
}

/** The first subject (property, class, resource) an SqsConnectError in the chain names, that `accept` takes. */
function subjectOf (error: unknown, accept: (subject: string) => boolean = () => true): string | undefined {
  return errorChain(error).find((e): e is SqsConnectError => e instanceof SqsConnectError && e.subject !== undefined && accept(e.subject))?.subject
}
