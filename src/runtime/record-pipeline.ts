/**
 * One polled record on its way into the task's buffer, in Connect's order: transforms, then (for converters that
 * use a schema registry) preparation, then conversion, then the size check and the topic, each stage under the
 * connector's errors.* settings.
 */
import type { SourceTask } from '../connect/connector.ts'
import type { SourceRecord } from '../connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import { recordSizeUpperBound, type OutgoingRecord } from '../kafka/producer.ts'
import { prepareConversion } from './converter-preparation.ts'
import type { ConnectorConverters } from './converter-setup.ts'
import type { TaskErrorHandling } from './errors/task-error-handling.ts'
import type { TaskMetrics } from './metrics/task-metrics.ts'
import { convertRecord, describeRecord } from './record-conversion.ts'
import type { TransformChain } from './transform-chain.ts'

export interface RecordPipeline {
  readonly task: SourceTask
  readonly transforms: TransformChain
  readonly converters: ConnectorConverters
  readonly errorHandling: TaskErrorHandling
  readonly metrics: TaskMetrics
  readonly maxRequestBytes: number
}

export interface ReadyRecord {
  readonly out: OutgoingRecord
  /** Upper bound of the record's size in a produce request. */
  readonly bytes: number
}

/**
 * The record converted and sized, its topic ready; undefined when a transform dropped it (its message may go, as
 * in Connect) or error handling took care of it (dead-lettered or abandoned). Throws when the task must fail.
 * `onWait` is called while a stage waits to retry, so records already buffered can be sent meanwhile.
 */
export async function prepareRecord (record: SourceRecord, p: RecordPipeline, onWait: () => void): Promise<ReadyRecord | undefined> {
  const { errors, topics } = p.errorHandling
  // undefined: errors.tolerance=all took the failure (the record went to the dead-letter topic or was abandoned).
  // Without transforms there is nothing that could fail: skip the error handling's retry machinery (one per record).
  const transformed = p.transforms.empty ? record : await errors.process('TRANSFORMATION', record, () => p.transforms.apply(record), { onWait })
  if (transformed === undefined) { p.metrics.dropped(1); return undefined }
  if (transformed === null) { p.metrics.dropped(1); p.task.commitRecord(record, null); return undefined }
  const out = await errors.process('CONVERSION', record, async () => {
    // Schema registry work (AvroConverter); undefined, and nothing awaited, for the other converters.
    const ready = prepareConversion(transformed, p.converters)
    if (ready !== undefined) await ready
    return convertRecord(transformed, p.converters)
  }, { onWait })
  if (out === undefined) { p.metrics.dropped(1); return undefined }
  const bytes = recordSizeUpperBound(out)
  if (bytes > p.maxRequestBytes && await errors.producerFailed(record, oversizedError(record, bytes, p.maxRequestBytes))) {
    p.metrics.dropped(1)
    return undefined
  }
  await topics.ensure(out.topic)
  return { out, bytes }
}

/** A record larger than max.request.size: named, with both limits to raise. */
export function oversizedError (record: SourceRecord, bytes: number, maxRequestBytes: number): SqsConnectError {
  return new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED,
    `The ${describeRecord(record)} is ${bytes} bytes as a Kafka record (key, value and headers), more than the producer's ` +
    `max.request.size of ${maxRequestBytes} bytes (producer.max.request.size, or producer.override.max.request.size for one connector). ` +
    'Raise it, and the topic\'s max.message.bytes if needed, to let it through. Its message stays in the queue.',
    { subject: JSON.stringify(record.sourceOffset) })
}
