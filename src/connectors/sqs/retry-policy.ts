/**
 * How failed SQS calls are retried: exponential backoff with full jitter, bounded by a number of retries
 * (`sqs.max.retries`) and by a time budget (`sqs.max.retry.time.ms`). One policy object serves every SQS
 * call of a task; the AWS SDK's own retries are switched off (sqs-client.ts), so this is the only place
 * that decides whether and when a call is tried again.
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'

/** Throttling backs off from a larger base than other transient faults, as the AWS SDK does. */
export type RetryKind = 'throttling' | 'transient'

/** What a failed attempt means: try again (of which kind), or give up at once with this error. */
export type FailureVerdict = { readonly retry: true, readonly kind: RetryKind } | { readonly retry: false, readonly error: SqsConnectError }

export interface RetryPolicyOptions {
  /** Retries after the first attempt; 0 means a failed call fails at once. */
  readonly maxRetries: number
  /** The most time spent retrying one failing call, counted from its first failure. */
  readonly maxRetryTimeMs: number
  /** Delay ceiling of the first retry of a transient fault; doubles with each retry. */
  readonly baseDelayMs?: number
  /** The same for throttling. */
  readonly throttlingBaseDelayMs?: number
  /** No single delay exceeds this. */
  readonly maxDelayMs?: number
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number
  /** Milliseconds since some epoch; injectable for tests. */
  readonly now?: () => number
  /** Waits `ms`, or rejects once `signal` aborts; injectable for tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export interface RetryInfo {
  readonly operation: string
  /** 1 for the first retry. */
  readonly retry: number
  readonly delayMs: number
  readonly kind: RetryKind
  readonly error: unknown
}

export interface RunOptions {
  /** The SQS operation, for errors and logs (e.g. 'ReceiveMessage'). */
  readonly operation: string
  /** Decides, per failure, whether to retry. */
  readonly classify: (error: unknown) => FailureVerdict
  /** Aborts the call in flight and any wait; run() then rejects with the signal's reason. */
  readonly signal?: AbortSignal
  /** Called before each wait, e.g. to log. */
  readonly onRetry?: (info: RetryInfo) => void
  /** Describes the last error in the "gave up" message; secrets must not reach it. */
  readonly describe?: (error: unknown) => string
}

export const DEFAULT_BASE_DELAY_MS = 100
export const DEFAULT_THROTTLING_BASE_DELAY_MS = 500
export const DEFAULT_MAX_DELAY_MS = 20_000

/** The retries of one failing call (or one message's delete): how many so far and since when. */
export interface RetryBudget {
  retries: number
  firstFailureAt: number | undefined
}

/** Either the wait before the next retry, or why there is none. */
export type NextRetry = { readonly delayMs: number } | { readonly exhausted: 'retries' | 'time' }

export class RetryPolicy {
  readonly maxRetries: number
  readonly maxRetryTimeMs: number
  readonly baseDelayMs: number
  readonly throttlingBaseDelayMs: number
  readonly maxDelayMs: number
  readonly #random: () => number
  readonly #now: () => number
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>

  constructor (options: RetryPolicyOptions) {
    this.maxRetries = options.maxRetries
    this.maxRetryTimeMs = options.maxRetryTimeMs
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS
    this.throttlingBaseDelayMs = options.throttlingBaseDelayMs ?? DEFAULT_THROTTLING_BASE_DELAY_MS
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS
    this.#random = options.random ?? Math.random
    this.#now = options.now ?? Date.now
    this.#sleep = options.sleep ?? abortableSleep
  }

  /** The policy of the connector properties `sqs.max.retries` and `sqs.max.retry.time.ms`. */
  static fromConfig (config: { readonly maxRetries: number, readonly maxRetryTimeMs: number }, overrides: Partial<RetryPolicyOptions> = {}): RetryPolicy {
    return new RetryPolicy({ maxRetries: config.maxRetries, maxRetryTimeMs: config.maxRetryTimeMs, ...overrides })
  }

  /** The ceiling of the wait before retry number `retry` (1-based): base x 2^(retry-1), at most maxDelayMs. */
  ceilingMs (retry: number, kind: RetryKind): number {
    const base = kind === 'throttling' ? this.throttlingBaseDelayMs : this.baseDelayMs
    return Math.min(this.maxDelayMs, base * 2 ** Math.min(Math.max(retry - 1, 0), 30))
  }

  /** Full jitter: a uniform wait in [0, ceiling), so clients that failed together do not retry together. */
  delayMs (retry: number, kind: RetryKind): number {
    return Math.floor(this.#random() * this.ceilingMs(retry, kind))
  }

  /** A fresh budget for one call. */
  newBudget (): RetryBudget {
    return { retries: 0, firstFailureAt: undefined }
  }

  /**
   * Records one more failure against `budget` and says when to retry, or that the budget is spent.
   * The last wait is shortened so the retry still starts within the time budget.
   */
  next (budget: RetryBudget, kind: RetryKind): NextRetry {
    const now = this.#now()
    budget.firstFailureAt ??= now
    if (budget.retries >= this.maxRetries) return { exhausted: 'retries' }
    const remaining = budget.firstFailureAt + this.maxRetryTimeMs - now
    if (remaining <= 0) return { exhausted: 'time' }
    budget.retries += 1
    return { delayMs: Math.min(this.delayMs(budget.retries, kind), remaining) }
  }

  /** Milliseconds since the budget's first failure. */
  elapsedMs (budget: RetryBudget): number {
    return budget.firstFailureAt === undefined ? 0 : this.#now() - budget.firstFailureAt
  }

  /** Waits `ms` unless `signal` aborts first (then rejects with its reason). */
  async wait (ms: number, signal?: AbortSignal): Promise<void> {
    await this.#sleep(ms, signal)
  }

  /**
   * Runs `call` until it succeeds, a failure is classified as final (its error is thrown), or the budget is
   * spent (an SQSC_SQS_RETRIES_EXHAUSTED error naming the property that ran out and the last cause).
   */
  async run<T> (call: (signal: AbortSignal | undefined) => Promise<T>, options: RunOptions): Promise<T> {
    const budget = this.newBudget()
    for (;;) {
      options.signal?.throwIfAborted()
      try {
        return await call(options.signal)
      } catch (error) {
        options.signal?.throwIfAborted()
        const verdict = options.classify(error)
        if (!verdict.retry) throw verdict.error
        const next = this.next(budget, verdict.kind)
        if ('exhausted' in next) throw this.exhaustedError(options.operation, budget, next.exhausted, error, options.describe)
        options.onRetry?.({ operation: options.operation, retry: budget.retries, delayMs: next.delayMs, kind: verdict.kind, error })
        await this.wait(next.delayMs, options.signal)
      }
    }
  }

  /** The error of a call that kept failing: which limit ran out, how to widen it, and the last cause. */
  exhaustedError (operation: string, budget: RetryBudget, limit: 'retries' | 'time', lastError: unknown, describe: (error: unknown) => string = String): SqsConnectError {
    const attempts = budget.retries + 1
    const seconds = (this.elapsedMs(budget) / 1000).toFixed(1)
    const property = limit === 'retries' ? 'sqs.max.retries' : 'sqs.max.retry.time.ms'
    const reason = limit === 'retries'
      ? `sqs.max.retries=${this.maxRetries} retries were used up`
      : `the sqs.max.retry.time.ms=${this.maxRetryTimeMs} ms retry budget was used up`
    return new SqsConnectError(ErrorCodes.SQS_RETRIES_EXHAUSTED,
      `SQS ${operation} still failed after ${attempts} attempt(s) over ${seconds} s: ${reason}. ` +
      `Raise sqs.max.retries / sqs.max.retry.time.ms to ride out longer outages. Last error: ${describe(lastError)}`,
      { subject: property, cause: lastError })
  }
}

/** setTimeout as a promise that rejects with the signal's reason when it aborts. */
export async function abortableSleep (ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done (): void {
      signal?.removeEventListener('abort', aborted)
      resolve()
    }
    function aborted (): void {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', aborted, { once: true })
  })
}
