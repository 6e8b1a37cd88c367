/** The public shapes of the infra API (re-exported by infra/index.ts). */

/** How clients reach the servers of one run; every address is on 127.0.0.1. */
export interface InfraEnv {
  kafkaBootstrap: string
  sqsEndpoint: string
  region: string
  accountId: string
}

/** A single-node KRaft broker+controller. */
export interface KafkaServer {
  readonly bootstrap: string
  /** Pid (and process group id) of the broker JVM while it runs. */
  readonly pid: number | undefined
  readonly logFile: string
  /** Graceful stop: SIGTERM, SIGKILL after a grace period. */
  stop(): Promise<void>
  /** (Re)starts on the same ports and data dir, without formatting again; waits until ready. */
  start(): Promise<void>
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>
}

/** An ElasticMQ server speaking the SQS API. */
export interface SqsServer {
  readonly endpoint: string
  readonly pid: number | undefined
  readonly logFile: string
  stop(): Promise<void>
}

/** Servers started by startInfra(). */
export interface RunningInfra {
  readonly env: InfraEnv
  readonly kafka: KafkaServer
  readonly sqs: SqsServer
  readonly runDir: string
  /** Idempotent; stops exactly the processes this run started and removes runDir unless kept. */
  stop(): Promise<void>
}

export interface StartOptions {
  /** Progress lines (timings, restarts); silent when absent. */
  log?: (line: string) => void
  /** Keep data and logs after stop(), e.g. to inspect a failed run. */
  keepRunDir?: boolean
  /** Extra or overriding broker settings for server.properties. */
  kafkaProperties?: Record<string, string>
  /** ElasticMQ's maximum heap in MiB (default 256); it keeps every message in memory. */
  sqsHeapMb?: number
  /** Where to keep data, logs and pid files; default a fresh .infra-run/<id>. */
  runDir?: string
  /** True: the servers outlive this Node process (used by `infra up`); no exit backstop kills them. */
  detached?: boolean
}

/** A moto server (a second SQS implementation), started by startMoto(). */
export interface MotoServer extends SqsServer {
  /** The region the local clients use; moto takes it from each request's signature. */
  readonly region: string
  /** moto's fixed account id, the second path segment of its QueueUrls. */
  readonly accountId: string
  /** Holds moto.log, moto.pid and moto.json; removed by stop() unless kept. */
  readonly runDir: string
  /** Wipes every queue and message (POST /moto-api/reset). */
  reset(): Promise<void>
}

export interface MotoOptions {
  /** Progress lines (install, readiness, stop); silent when absent. */
  log?: (line: string) => void
  /** Keep moto.log after stop(). */
  keepRunDir?: boolean
  /** Where to keep the log and pid file; default a fresh .infra-run/moto/<id>. */
  runDir?: string
}
