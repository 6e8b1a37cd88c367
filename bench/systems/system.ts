/**
 * A system under benchmark: something that moves messages from one SQS queue into one Kafka topic (or, for the
 * ceiling, only receives and deletes them). The harness starts it, watches the topic and the queue, samples each
 * of its processes from /proc, and stops it. Every system runs in processes of its own, so CPU and RSS are its own.
 */
export interface SystemRunOptions {
  readonly kafkaBootstrap: string
  readonly sqsEndpoint: string
  readonly queueUrl: string
  /** Empty for the ceiling, which writes nothing to Kafka. */
  readonly topic: string
  readonly fifo: boolean
  /** tasks.max for Connect-based systems; parallel receive loops (copies) for the others. */
  readonly tasks: number
  /** A folder of its own for logs and config files. */
  readonly runDir: string
}

export interface RunningSystem {
  /** Processes whose CPU time and RSS count for this system (a JVM, a Go binary, a node process). */
  readonly pids: () => number[]
  /** The settings it runs with, as they go into docs/benchmarks.md. */
  readonly settings: Readonly<Record<string, string>>
  /** Ends every process and removes what it created outside runDir; resolves when they have exited. */
  stop: () => Promise<void>
}

export interface BenchSystem {
  /** `ceiling`, `sqs-connect`, `camel`, `bento`. */
  readonly name: string
  /** Downloads or builds what it needs (cached); called once before the first run. */
  provision: () => Promise<void>
  start: (options: SystemRunOptions) => Promise<RunningSystem>
}
