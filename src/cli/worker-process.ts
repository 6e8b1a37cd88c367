/**
 * The life of a worker process, shared by `standalone` and `distributed`: keeps the process alive until told to
 * stop, stops on SIGTERM/SIGINT, closes its parts in a given order exactly once, and tells /health whether the
 * start finished.
 */
import type { Logger } from '../runtime/logging.ts'

/** One part of the process to close on stop (the herder, the REST API, ...). */
export interface Closer {
  /** Names the part in the log when closing it fails. */
  readonly name: string
  close (): Promise<void>
}

export interface WorkerProcessOptions {
  readonly logger: Logger
  /** Closed in this order on stop, each once; a failing one is logged and the others still close. */
  readonly closers: readonly Closer[]
  /** Logged when a signal starts the stop. */
  readonly stoppingMessage: string
}

export interface WorkerProcess {
  /** Whether the start finished: /health answers 503 until then. */
  readonly started: () => boolean
  markStarted (): void
  /** Resolves once every closer ran, after a signal or stop(). */
  readonly stopped: Promise<void>
  /** Closes every part in order; idempotent (later calls wait for the first). Rejects with the first failure, once all ran. */
  stop (): Promise<void>
}

/** Sets up the keep-alive timer and the signal handlers; nothing is closed until stop() or a signal. */
export function runWorkerProcess (options: WorkerProcessOptions): WorkerProcess {
  const { logger, closers } = options
  let markStopped: () => void = () => {}
  const stopped = new Promise<void>((resolve) => { markStopped = resolve })
  // A worker whose tasks all failed stays up until told to stop, as Connect's does (its status says why);
  // without this the process would end by itself once nothing else keeps the event loop busy.
  const keepAlive = setInterval(() => {}, 1 << 30)
  let started = false
  let stopping: Promise<void> | undefined

  const closeAll = async (): Promise<void> => {
    const failures: unknown[] = []
    for (const closer of closers) {
      try {
        await closer.close()
      } catch (error) {
        logger.error({ err: error, part: closer.name }, `Closing the ${closer.name} failed; closing the rest`)
        failures.push(error)
      }
    }
    if (failures.length > 0) throw failures[0]
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, options.stoppingMessage)
    // A failure was logged by closeAll; the process still ends once every part was closed.
    stop().catch(() => {})
  }

  const stop = async (): Promise<void> => {
    stopping ??= closeAll().finally(() => {
      clearInterval(keepAlive)
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
      markStopped()
    })
    await stopping
  }

  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  return { started: () => started, markStarted: () => { started = true }, stopped, stop }
}
