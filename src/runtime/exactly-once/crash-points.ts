/**
 * A test hook for the exactly-once crash tests: kills this process with SIGKILL (as kill -9 does) at a named
 * point of the produce/delete cycle. Off unless BOTH environment variables are set, so it cannot be switched on
 * by one stray variable:
 *   SQS_CONNECT_TEST_CRASH_AT=<point>:<n>   die the n-th time <point> is reached (n >= 1)
 *   SQS_CONNECT_TEST_CRASH_CONFIRM=kill-this-process
 * Points: before-produce (markers read, no transaction yet), after-commit (transaction committed, nothing
 * acknowledged to the task, so no SQS delete), during-delete (the first delete of a batch done, others pending).
 */
export const CRASH_POINTS = ['before-produce', 'after-commit', 'during-delete'] as const
export type CrashPoint = (typeof CRASH_POINTS)[number]

const CONFIRMATION = 'kill-this-process'

export class CrashPoints {
  readonly #point: CrashPoint | undefined
  readonly #at: number
  #hits = 0

  constructor (env: NodeJS.ProcessEnv = process.env) {
    const spec = env.SQS_CONNECT_TEST_CRASH_AT
    const [point, n] = (spec ?? '').split(':')
    const armed = spec !== undefined && env.SQS_CONNECT_TEST_CRASH_CONFIRM === CONFIRMATION && (CRASH_POINTS as readonly string[]).includes(point ?? '')
    this.#point = armed ? point as CrashPoint : undefined
    this.#at = Math.max(1, Number(n ?? '1') || 1)
  }

  get armed (): boolean { return this.#point !== undefined }

  /** Kills the process when this is the armed point's n-th hit; otherwise nothing. */
  hit (point: CrashPoint): void {
    if (point !== this.#point) return
    this.#hits += 1
    if (this.#hits === this.#at) {
      process.stderr.write(`sqs-connect test hook: SIGKILL at ${point} (hit ${this.#hits})\n`)
      process.kill(process.pid, 'SIGKILL')
    }
  }
}
