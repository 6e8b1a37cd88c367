/**
 * The status topic as this worker has read it, and this worker's writes to it (Connect's KafkaStatusBackingStore):
 * every worker reads every status, so any worker answers GET .../status for the whole cluster.
 */
import type { InternalTopicLog, LogRecord } from '../../kafka/internal-topic-log.ts'
import type { Logger } from '../logging.ts'
import { connectorStatusKey, decodeStatus, decodeStatusKey, encodeStatus, taskStatusKey, type StatusValue } from './status-records.ts'

export class StatusStore {
  readonly #log: InternalTopicLog
  readonly #logger: Logger
  readonly #connectors = new Map<string, StatusValue>()
  readonly #tasks = new Map<string, Map<number, StatusValue>>()

  constructor (log: InternalTopicLog, logger: Logger) {
    this.#log = log
    this.#logger = logger
  }

  async readToEnd (): Promise<void> {
    await this.#log.readToEnd((record) => { this.#apply(record) })
  }

  #apply (record: LogRecord): void {
    const key = decodeStatusKey(record.key)
    if (key === undefined) return
    const value = decodeStatus(record.value)
    if (value === undefined) {
      this.#logger.warn({ key: record.key, offset: record.offset }, 'Skipping a status record that is not Connect\'s status JSON')
      return
    }
    if (key.kind === 'connector') {
      if (value === null) this.#connectors.delete(key.name)
      else this.#connectors.set(key.name, value)
      return
    }
    const tasks = this.#tasks.get(key.name) ?? new Map<number, StatusValue>()
    if (value === null) tasks.delete(key.task)
    else tasks.set(key.task, value)
    if (tasks.size === 0) this.#tasks.delete(key.name)
    else this.#tasks.set(key.name, tasks)
  }

  connector (name: string): StatusValue | undefined { return this.#connectors.get(name) }
  /** Task statuses of the connector, by task id, ascending. */
  tasks (name: string): Array<[number, StatusValue]> { return [...this.#tasks.get(name) ?? []].sort(([a], [b]) => a - b) }
  task (name: string, task: number): StatusValue | undefined { return this.#tasks.get(name)?.get(task) }

  /**
   * Connect's putSafe: a worker does not overwrite a status another worker wrote in a later generation (a zombie
   * reporting late); null writes a tombstone. Applied locally at once so reads on this worker see it.
   */
  async put (key: { name: string, task?: number }, value: StatusValue | null, safe = true): Promise<void> {
    const current = key.task === undefined ? this.connector(key.name) : this.task(key.name, key.task)
    if (safe && value !== null && current !== undefined && current.workerId !== value.workerId && current.generation > value.generation) return
    const recordKey = key.task === undefined ? connectorStatusKey(key.name) : taskStatusKey(key.name, key.task)
    await this.#log.write([{ key: recordKey, value: value === null ? null : encodeStatus(value) }])
    this.#apply({ key: recordKey, value: value === null ? null : Buffer.from(encodeStatus(value)), offset: -1n, partition: -1 })
  }
}
