/**
 * Connect's RetryWithToleranceOperator for the stages of a source record: an operation that throws a retriable
 * error is tried again with exponential backoff (300 ms doubling, a random pause below errors.retry.delay.max.ms
 * once the doubling passes it) until errors.retry.timeout has passed (-1: forever, 0: no retries); the
 * final failure is reported (LogReporter) and then either tolerated (errors.tolerance=all) or thrown.
 *
 * One deliberate difference: Connect lets a record whose retries ran out pass as skipped even with
 * errors.tolerance=none; here none means none, and the task fails (its message stays in SQS).
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'
import type { ErrorHandlingConfig } from './error-handling-config.ts'
import type { ErrorHandlingMetrics } from './error-metrics.ts'
import type { LogReporter } from './log-reporter.ts'
import { isRetriable, type ProcessingContext } from './processing-context.ts'

/** Connect's RETRIES_DELAY_MIN_MS. */
export const RETRIES_DELAY_MIN_MS = 300

export interface RetryWithToleranceOptions {
  readonly config: Pick<ErrorHandlingConfig, 'retryTimeoutMs' | 'retryDelayMaxMs' | 'tolerance'>
  readonly metrics: ErrorHandlingMetrics
  readonly reporter: Pick<LogReporter, 'report'>
  /** For tests: the clock and the random source of the capped delay. */
  readonly now?: () => number
  readonly random?: () => number
}

export class RetryWithToleranceOperator {
  readonly #o: RetryWithToleranceOptions
  readonly #now: () => number
  #stopping = false
  #wake: (() => void) | undefined
  /** Failed operations so far (Connect's totalFailures). */
  totalFailures = 0

  constructor (options: RetryWithToleranceOptions) {
    this.#o = options
    this.#now = options.now ?? Date.now
  }

  get tolerance (): ErrorHandlingConfig['tolerance'] {
    return this.#o.config.tolerance
  }

  /**
   * Runs `operation` for the context's stage. Resolves with its result, or with undefined when it failed and
   * the failure is tolerated (the context then holds the error); throws when it is not tolerated.
   * `onWait` is called before each pause.
   */
  async execute<T> (context: ProcessingContext, operation: () => T | Promise<T>, onWait?: () => void): Promise<T | undefined> {
    const { retryTimeoutMs } = this.#o.config
    const deadline = retryTimeoutMs >= 0 ? this.#now() + retryTimeoutMs : Number.POSITIVE_INFINITY
    for (let attempt = 1; ; attempt++) {
      context.attempt = attempt
      try {
        return await operation()
      } catch (error) {
        const retry = isRetriable(error) && !this.#stopping && this.#now() < deadline
        if (!retry) return this.#failed(context, error as Error)
        this.#o.metrics.recordFailure()
        onWait?.()
        await this.#backoff(attempt, deadline)
        this.#o.metrics.retry()
        if (this.#stopping) return this.#failed(context, error as Error)
      }
    }
  }

  /**
   * An operation that failed outside execute() (Connect's executeFailed, used for the producer): reported,
   * then tolerated (returns) or thrown.
   */
  executeFailed (context: ProcessingContext, error: Error): void {
    this.#failed(context, error)
  }

  #failed (context: ProcessingContext, error: Error): undefined {
    context.error = error
    this.totalFailures++
    this.#o.metrics.recordFailure()
    this.#o.reporter.report(context)
    if (this.#o.config.tolerance !== 'all') {
      throw new SqsConnectError(ErrorCodes.ERROR_TOLERANCE_EXCEEDED,
        `Tolerance exceeded in error handler (errors.tolerance=none): stage ${context.stage} with class ${context.executingClass} failed` +
        `${context.attempt > 1 ? ` after ${context.attempt} attempts` : ''}: ${error.message}`,
        { cause: error, subject: 'errors.tolerance' })
    }
    this.#o.metrics.recordSkipped()
    return undefined
  }

  /** The pause before the next attempt: Connect's backoff, cut short by the deadline or stop(). */
  async #backoff (attempt: number, deadline: number): Promise<void> {
    const max = this.#o.config.retryDelayMaxMs
    let delay = RETRIES_DELAY_MIN_MS * 2 ** (attempt - 1)
    if (delay > max) delay = Math.floor((this.#o.random ?? Math.random)() * max)
    delay = Math.max(0, Math.min(delay, deadline - this.#now()))
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.#wake = undefined; resolve() }, delay)
      this.#wake = () => { clearTimeout(timer); this.#wake = undefined; resolve() }
    })
  }

  /** Ends a pending backoff and stops further retries (the operation in progress counts as failed). */
  stop (): void {
    this.#stopping = true
    this.#wake?.()
  }
}
