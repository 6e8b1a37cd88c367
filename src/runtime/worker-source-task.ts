/**
 * Drives one source task (Connect's WorkerSourceTask): poll -> convert -> produce -> commitRecord, with Connect's
 * error handling around the stages and topic creation before a topic's first record (runtime/errors/, topic-creation.ts).
 * Polling and producing run as two loops joined by a bounded buffer; one produce request is in flight
 * at a time, so records of a task reach each partition in poll order. The bound counts every record from
 * poll until Kafka acknowledges it (buffered and being produced); poll() is only called below it, and not while
 * Kafka refuses records (what the task received meanwhile would only wait, and outlive SQS's visibility timeout).
 * The worker's budget (buffer-budget.ts) bounds what all its tasks hold together: a task polls only when the budget
 * has room, and takes each converted record into it, waiting its turn when it does not fit.
 */
import type { ConnectorConfig, SourceTask } from '../connect/connector.ts'
import type { SourceRecord } from '../connect/data/source-record.ts'
import { ErrorCodes, hasCode, SqsConnectError } from '../errors.ts'
import type { OutgoingRecord, WrittenRecord } from '../kafka/producer.ts'
import type { ConnectorConverters } from './converter-setup.ts'
import { LoggerNames } from './log-levels.ts'
import { namedLogger, pluginLogger, type Logger } from './logging.ts'
import { TaskMetrics } from './metrics/task-metrics.ts'
import { WorkerBufferBudget, type TaskBufferAccount } from './buffer-budget.ts'
import { withinDeadline } from './deadline.ts'
import { describeRecord } from './record-conversion.ts'
import { oversizedError, prepareRecord } from './record-pipeline.ts'
import { TransformChain } from './transform-chain.ts'
import { defaultTaskErrorHandling, type TaskErrorHandling } from './errors/task-error-handling.ts'

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'STOPPED'

/** What the task needs from the Kafka layer. */
export interface RecordSender {
  /**
   * Writes the records (`sources`: the SourceRecords they came from) and resolves with each one's position, or
   * null for a record not written because it is in Kafka already (exactly-once mode): acknowledged without metadata.
   */
  send (records: readonly OutgoingRecord[], sources?: readonly SourceRecord[]): Promise<Array<WrittenRecord | null>>
  close (): Promise<void>
}

export interface WorkerSourceTaskOptions {
  readonly connectorName: string
  readonly taskId: number
  readonly task: SourceTask
  readonly config: ConnectorConfig
  readonly converters: ConnectorConverters
  /** The connector's SMTs, applied between poll and convert (Connect's order); none by default. */
  readonly transforms?: TransformChain
  readonly sender: RecordSender
  readonly logger: Logger
  /** The logger name of the plugin's task (its class name, as Connect logs it); the runtime's own name by default. */
  readonly taskLoggerName?: string
  /** Records polled and not yet acknowledged by Kafka beyond which polling pauses. */
  readonly maxBufferedRecords?: number
  /** Bytes polled and not yet acknowledged by Kafka beyond which polling pauses. */
  readonly maxBufferedBytes?: number
  /** What all tasks of the worker may hold together (sqsconnect.worker.buffer.max.bytes); unbounded by default. */
  readonly bufferBudget?: WorkerBufferBudget
  /** Most records in one produce request. */
  readonly maxBatchRecords?: number
  /** batch.size: most bytes of records in one produce request; a larger record goes alone. */
  readonly batchSizeBytes?: number
  /** linger.ms: how long a request that is not full waits for more records. */
  readonly lingerMs?: number
  /** max.request.size: a record estimated larger is refused before it is sent. */
  readonly maxRequestBytes?: number
  /** delivery.timeout.ms: how long one batch is retried before the task fails. */
  readonly deliveryTimeoutMs?: number
  /** Where the task's metrics go (Worker.metrics); default: recorded, published nowhere. */
  readonly metrics?: TaskMetrics
  /** Told the topic of each record Kafka acknowledged (Connect's topic tracking); cheap, it is called per record. */
  readonly onTopicWritten?: ((topic: string) => void) | undefined
  /** errors.* (retries, tolerance, log, dead-letter topic) and topic creation; default: errors.tolerance=none, no topic creation. */
  readonly errorHandling?: TaskErrorHandling
}

interface Pending {
  readonly record: SourceRecord
  readonly out: OutgoingRecord
  readonly bytes: number
  readonly polledAt: number
}

const RETRY_BASE_MS = 200
/** A record error handling took care of after Kafka refused it (errors.tolerance=all, KIP-779). */
const HANDLED = Symbol('handled by error handling')
/** Where a record went: its position, null when exactly-once found it already written, or HANDLED. */
type Written = WrittenRecord | null | typeof HANDLED
const RETRY_CAP_MS = 10_000

export class WorkerSourceTask {
  readonly #o: Required<Omit<WorkerSourceTaskOptions, 'onTopicWritten' | 'bufferBudget'>>
  readonly #log: Logger
  /** This task's share of the worker's buffer budget. */
  readonly #account: TaskBufferAccount
  #currentState: TaskState = 'UNASSIGNED'
  // Every state change passes here, so the state metrics (status, running-ratio) see all of them.
  get #state (): TaskState { return this.#currentState }
  set #state (state: TaskState) { this.#currentState = state; this.#o.metrics.stateChanged(state) }
  readonly #onTopicWritten: ((topic: string) => void) | undefined
  /** Asked to pause: no poll() is started; records already polled still go to Kafka and are acknowledged. */
  #paused = false
  /** The poll loop saw the pause (no poll of this task is in progress): the task shows PAUSED. */
  #pauseReached = false
  #failure: Error | undefined
  #buffer: Pending[] = []
  /** Bytes of the records in #buffer (not yet in a request). */
  #queuedBytes = 0
  /** Records and bytes polled and not yet acknowledged: the buffer plus the request in flight. */
  #heldRecords = 0
  #bufferedBytes = 0
  #stopping = false
  #abandon = false
  /** Kafka refused the last request and it is being retried: no poll() until it is written (nothing more is received meanwhile). */
  #kafkaRefusing = false
  #wakeSender: (() => void) | undefined
  #wakePoller: (() => void) | undefined
  #pollLoop: Promise<void> = Promise.resolve()
  #sendLoop: Promise<void> = Promise.resolve()
  /** Records Kafka acknowledged and the task was told about. */
  committed = 0

  constructor (options: WorkerSourceTaskOptions) {
    this.#o = {
      maxBufferedRecords: 10_000,
      maxBufferedBytes: 64 * 1024 * 1024,
      maxBatchRecords: 1000,
      batchSizeBytes: 512 * 1024,
      lingerMs: 0,
      maxRequestBytes: 4 * 1024 * 1024,
      deliveryTimeoutMs: 2_147_483_647,
      taskLoggerName: LoggerNames.workerSourceTask,
      metrics: TaskMetrics.detached(options.connectorName, options.taskId),
      transforms: new TransformChain([]),
      ...options,
      errorHandling: options.errorHandling ?? defaultTaskErrorHandling(options)
    }
    this.#log = namedLogger(options.logger, LoggerNames.workerSourceTask, { connector: options.connectorName, task: options.taskId })
    this.#onTopicWritten = options.onTopicWritten
    this.#account = (options.bufferBudget ?? WorkerBufferBudget.unbounded()).open()
  }

  get state (): TaskState { return this.#state === 'RUNNING' && this.#pauseReached ? 'PAUSED' : this.#state }
  get failure (): Error | undefined { return this.#failure }

  /** Starts the task and its loops; a start failure leaves the task FAILED and is rethrown. */
  async start (): Promise<void> {
    try {
      await this.#o.errorHandling.errors.start()
      const taskLog = namedLogger(this.#o.logger, this.#o.taskLoggerName, { connector: this.#o.connectorName, task: this.#o.taskId })
      await this.#o.task.start(this.#o.config, { logger: pluginLogger(taskLog), taskId: this.#o.taskId, metrics: this.#o.metrics.plugin })
    } catch (error) {
      this.#fail(error as Error)
      throw error
    }
    this.#state = 'RUNNING'
    this.#pollLoop = this.#runPolls()
    this.#sendLoop = this.#runSends()
  }

  /** Connect's pause: stop calling poll() once the poll in progress returns; what was polled still reaches Kafka. */
  pause (): void {
    this.#paused = true
  }

  /** Polls again after pause(). */
  resume (): void {
    this.#paused = false
    this.#pauseReached = false
    this.#wakePoller?.()
  }

  async #runPolls (): Promise<void> {
    while (!this.#stopping && this.#state === 'RUNNING') {
      if (this.#paused) {
        this.#pauseReached = true
        await new Promise<void>((resolve) => { this.#wakePoller = resolve })
        continue
      }
      if (this.#kafkaRefusing || this.#heldRecords >= this.#o.maxBufferedRecords || this.#bufferedBytes >= this.#o.maxBufferedBytes) {
        await new Promise<void>((resolve) => { this.#wakePoller = resolve })
        continue
      }
      if (!this.#account.mayPoll) {
        // Served in turn: poll once admitted, without asking again (asking would queue the task at the back).
        await this.#account.roomToPoll()
        if (this.#stopping || this.#state !== 'RUNNING' || this.#paused || this.#kafkaRefusing) continue
      }
      let records: SourceRecord[]
      try {
        const pollStarted = Date.now()
        records = await this.#o.task.poll()
        this.#o.metrics.polled(records.length, Date.now() - pollStarted)
      } catch (error) {
        this.#fail(error as Error)
        break
      }
      for (const record of records) {
        try {
          const ready = await prepareRecord(record, this.#o, () => this.#wakeSender?.())
          if (ready === undefined) continue
          const { out, bytes } = ready
          if (!this.#account.tryTake(bytes)) {
            // What this task already buffered must go meanwhile: its acknowledgements may be the room it waits for.
            this.#wakeSender?.()
            await this.#account.take(bytes)
          }
          this.#buffer.push({ record, out, bytes, polledAt: Date.now() })
          this.#heldRecords += 1
          this.#queuedBytes += bytes
          this.#bufferedBytes += bytes
        } catch (error) {
          this.#fail(error as Error)
          break
        }
      }
      this.#wakeSender?.()
    }
    this.#wakeSender?.()
  }

  async #runSends (): Promise<void> {
    for (;;) {
      if (this.#buffer.length === 0) {
        if (this.#stopping || this.#state !== 'RUNNING') return
        await new Promise<void>((resolve) => { this.#wakeSender = resolve })
        this.#wakeSender = undefined
        continue
      }
      if (this.#abandon) return
      if (await this.#lingered()) continue
      const batch = this.#nextRequest()
      if (batch === undefined) return
      const written = await this.#sendWithRetries(batch)
      // After shutdown gave up, the task is closed: its records stay unacknowledged (their messages stay in SQS).
      if (written === undefined || this.#abandon) return
      for (const [i, pending] of batch.entries()) this.#acknowledge(pending, written[i]!)
      this.#wakePoller?.()
      this.#wakePoller = undefined
    }
  }

  /**
   * Waits while the buffer holds less than one full request and its oldest record is younger than linger.ms;
   * true when it waited (the caller looks again), false when a request should go now.
   */
  async #lingered (): Promise<boolean> {
    const oldest = this.#buffer[0]
    const full = this.#queuedBytes >= this.#o.batchSizeBytes || this.#buffer.length >= this.#o.maxBatchRecords
    if (oldest === undefined || full || this.#stopping || this.#state !== 'RUNNING') return false
    const wait = oldest.polledAt + this.#o.lingerMs - Date.now()
    if (wait <= 0) return false
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait)
      this.#wakeSender = () => { clearTimeout(timer); resolve() }
    })
    this.#wakeSender = undefined
    return true
  }

  /**
   * Takes the records of the next request from the buffer: up to batch.size (and max.request.size) bytes, a larger record alone.
   * A record over max.request.size fails the task, naming it and the limit; undefined then.
   */
  #nextRequest (): Pending[] | undefined {
    let count = 0
    let bytes = 0
    for (const pending of this.#buffer) {
      if (count >= this.#o.maxBatchRecords) break
      if (pending.bytes > this.#o.maxRequestBytes) {
        if (count > 0) break
        this.#fail(oversizedError(pending.record, pending.bytes, this.#o.maxRequestBytes))
        return undefined
      }
      if (count > 0 && bytes + pending.bytes > Math.min(this.#o.batchSizeBytes, this.#o.maxRequestBytes)) break
      count += 1
      bytes += pending.bytes
    }
    this.#queuedBytes -= bytes
    return this.#buffer.splice(0, count)
  }

  /**
   * Kafka has the record: tell the task (which deletes its message) and free its buffer space.
   * HANDLED: error handling took care of the record (dead-lettered or abandoned). null: exactly-once found the
   * record already in Kafka from an earlier delivery, so it was not written again; its message can go.
   */
  #acknowledge (pending: Pending, where: Written): void {
    this.#heldRecords -= 1
    this.#bufferedBytes -= pending.bytes
    this.#account.give(pending.bytes)
    if (where === HANDLED) { this.#o.metrics.dropped(1); return }
    this.committed += 1
    if (where === null) { this.#o.metrics.dropped(1); this.#o.task.commitRecord(pending.record, null); return }
    this.#o.metrics.written(1)
    this.#onTopicWritten?.(where.topic)
    this.#o.task.commitRecord(pending.record, { topic: where.topic, partition: where.partition, offset: where.offset })
  }

  /** Written positions, or undefined when the batch must not be acknowledged (task failed or shutdown gave up). */
  async #sendWithRetries (batch: Pending[]): Promise<Written[] | undefined> {
    const deadline = Date.now() + this.#o.deliveryTimeoutMs
    for (let attempt = 1; ; attempt++) {
      try {
        const written = await this.#o.sender.send(batch.map((p) => p.out), batch.map((p) => p.record))
        this.#kafkaRefusing = false
        return written
      } catch (error) {
        if (this.#abandon) return undefined
        const retriable = error instanceof SqsConnectError && error.retriable
        // Exactly-once: a fenced producer, or a cluster without transactions, fails the whole request, not one record.
        if (!retriable && (hasCode(error, ErrorCodes.KAFKA_PRODUCER_FENCED) || hasCode(error, ErrorCodes.KAFKA_TRANSACTIONS_UNAVAILABLE))) {
          this.#fail(error)
          return undefined
        }
        if (!retriable) return await this.#sendOneByOne(batch, error as Error)
        this.#kafkaRefusing = true
        const delay = Math.min(RETRY_BASE_MS * 2 ** Math.min(attempt, 10), RETRY_CAP_MS)
        if (Date.now() + delay > deadline) {
          this.#fail(new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED,
            `Kafka did not acknowledge ${batch.length} record(s) within delivery.timeout.ms (${this.#o.deliveryTimeoutMs} ms): ${(error as Error).message}. ` +
            'Their messages stay in the queue.', { cause: error, subject: 'delivery.timeout.ms' }))
          return undefined
        }
        this.#log.warn({ err: error, attempt, retryInMs: delay, records: batch.length }, 'Kafka is not accepting records; retrying (no SQS message is deleted meanwhile)')
        await new Promise((resolve) => setTimeout(resolve, delay))
        if (this.#abandon) return undefined
      }
    }
  }

  /** A batch Kafka refused for good: find the record at fault so the error can name it. */
  async #sendOneByOne (batch: Pending[], error: Error): Promise<Written[] | undefined> {
    if (batch.length === 1) {
      const record = batch[0]!.record
      const refused = new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED,
        `Kafka refused the ${describeRecord(record)} (${batch[0]!.bytes} bytes as a Kafka record; the producer's max.request.size is ${this.#o.maxRequestBytes}): ${error.message}. ` +
        'Its message stays in the queue.', { cause: error, subject: JSON.stringify(record.sourceOffset) })
      // errors.tolerance=all (KIP-779): dead-lettered or abandoned instead of failing the task.
      if (await this.#o.errorHandling.errors.producerFailed(record, refused)) return [HANDLED]
      this.#fail(refused)
      return undefined
    }
    const written: Written[] = []
    for (const [i, pending] of batch.entries()) {
      const one = await this.#sendWithRetries([pending])
      if (one === undefined) {
        // Records before the bad one are in Kafka: acknowledge them so their messages are deleted.
        for (let j = 0; j < i; j++) this.#acknowledge(batch[j]!, written[j]!)
        return undefined
      }
      written.push(one[0]!)
    }
    return written
  }

  #fail (error: Error): void {
    if (this.#state === 'FAILED') return
    this.#state = 'FAILED'
    this.#failure = error
    this.#account.close()
    this.#log.error({ err: error }, 'Task failed; unacknowledged messages stay in SQS')
    this.#o.errorHandling.errors.stop()
    this.#o.task.stop()
    this.#wakeSender?.()
    this.#wakePoller?.()
    void this.#closeAfterFailure()
  }

  /** As Connect does, a failed task is closed once its loops end: it can release what it holds (e.g. make SQS messages visible again). */
  async #closeAfterFailure (): Promise<void> {
    try {
      await Promise.all([this.#pollLoop, this.#sendLoop])
      await this.#o.task.commit()
    } catch (error) {
      this.#log.warn({ err: error }, 'Final commit of the failed task did not succeed')
    }
    this.#o.transforms.close()
    await this.#o.task.close().catch((error: unknown) => this.#log.warn({ err: error }, 'Closing the failed task did not succeed'))
    await this.#o.errorHandling.close().catch((error: unknown) => this.#log.warn({ err: error }, 'Closing the dead letter producer or admin client did not succeed'))
  }

  /**
   * Stops polling, lets buffered records reach Kafka and their messages be deleted, all within `timeoutMs`
   * (most of it for records to reach Kafka, the rest for deletes and closing). Records still unwritten
   * when time is up are dropped from memory only: their messages stay in SQS.
   */
  async stop (timeoutMs: number): Promise<void> {
    const started = Date.now()
    const end = started + timeoutMs
    this.#stopping = true
    // A stopping task drains what it polled within its own bounds; the rest of the worker may use the room.
    this.#account.close()
    this.#o.errorHandling.errors.stop()
    this.#o.task.stop()
    this.#wakePoller?.()
    this.#wakeSender?.()
    if (!await withinDeadline(Promise.all([this.#pollLoop, this.#sendLoop]), started + timeoutMs * 0.8)) {
      this.#abandon = true
      this.#log.warn({ unwritten: this.#buffer.length, timeoutMs }, 'Shutdown timeout reached; unwritten records are not acknowledged and their messages stay in SQS')
    }
    if (!await withinDeadline(this.#o.task.commit(), Math.max(end - 200, Date.now() + 50))) {
      this.#log.warn({ timeoutMs }, 'Deleting acknowledged messages did not finish in time; they will be received again')
    }
    this.#o.transforms.close()
    if (!await withinDeadline(Promise.all([this.#o.task.close(), this.#o.sender.close(), this.#o.errorHandling.close()]), Math.max(end, Date.now() + 200))) {
      this.#log.warn({ timeoutMs }, 'Closing the task or its producer did not finish in time')
    }
    if (this.#state !== 'FAILED') this.#state = 'STOPPED'
    this.#o.metrics.close()
  }
}
