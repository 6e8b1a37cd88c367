/**
 * Connect's Stage and ProcessingContext for one source record: where in the pipeline it failed, with which
 * class, after how many attempts, and why.
 */
import type { SourceRecord } from '../../connect/data/source-record.ts'
import { SqsConnectError } from '../../errors.ts'

/** Connect's Stage names (org.apache.kafka.connect.runtime.errors.Stage) that a source task goes through. */
export type Stage = 'TASK_POLL' | 'TRANSFORMATION' | 'HEADER_CONVERTER' | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'KAFKA_PRODUCE'

export interface ProcessingContext {
  /** The record as the task returned it from poll(), before any transform. */
  readonly original: SourceRecord
  stage: Stage
  /** The class that ran the stage (a converter's Java class name, a transform's type). */
  executingClass: string
  attempt: number
  error: Error | undefined
}

export function processingContext (original: SourceRecord, stage: Stage, executingClass: string): ProcessingContext {
  return { original, stage, executingClass, attempt: 0, error: undefined }
}

/** The error, its causes (Error.cause) and, for an AggregateError, the errors it holds. */
export function errorChain (error: unknown): Error[] {
  const seen = new Set<unknown>()
  const out: Error[] = []
  const walk = (e: unknown): void => {
    if (!(e instanceof Error) || seen.has(e)) return
    seen.add(e)
    out.push(e)
    if (e instanceof AggregateError) for (const inner of e.errors) walk(inner)
    walk(e.cause)
  }
  walk(error)
  return out
}

/**
 * Connect's RetriableException: an error (or one of its causes, since stages wrap what they call) that says
 * trying again may succeed, e.g. a schema registry that did not answer.
 */
export function isRetriable (error: unknown): boolean {
  return errorChain(error).some((e) => e instanceof SqsConnectError && e.retriable)
}
