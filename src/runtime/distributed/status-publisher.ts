/**
 * Writes this worker's connector and task statuses to the status topic when they change (Connect's status
 * listeners), with the worker id and the generation of the assignment they run under.
 */
import type { Logger } from '../logging.ts'
import type { ConnectorStatus } from '../worker.ts'
import type { ConnectorTaskId } from './membership.ts'
import type { StatusStore } from './status-store.ts'
import type { StatusValue } from './status-records.ts'

export interface OwnedWork {
  readonly connectors: readonly string[]
  readonly tasks: readonly ConnectorTaskId[]
  readonly statuses: readonly ConnectorStatus[]
  readonly failure: (name: string) => Error | undefined
}

const traceOf = (error: Error): string => error.stack ?? `${error.name}: ${error.message}`

export class StatusPublisher {
  readonly #store: StatusStore
  readonly #workerId: () => string
  readonly #logger: Logger
  /** What this worker last wrote per status key, to write changes only. */
  readonly #written = new Map<string, string>()

  constructor (store: StatusStore, workerId: () => string, logger: Logger) {
    this.#store = store
    this.#workerId = workerId
    this.#logger = logger
  }

  /** Writes every status of `owned` that differs from what this worker wrote last. */
  async publish (owned: OwnedWork, generation: number): Promise<void> {
    const byName = new Map(owned.statuses.map((s) => [s.name, s]))
    const writes: Array<Promise<void>> = []
    for (const name of owned.connectors) {
      const status = byName.get(name)
      const failure = owned.failure(name)
      if (failure !== undefined && status === undefined) writes.push(this.#put({ name }, 'FAILED', traceOf(failure), generation, null))
      else if (status !== undefined && status.hasInstance === true) writes.push(this.#put({ name }, status.state, status.trace ?? null, generation, status.version))
    }
    for (const id of owned.tasks) {
      const connector = byName.get(id.connector)
      const task = connector?.tasks.find((t) => t.id === id.task)
      if (task !== undefined) writes.push(this.#put({ name: id.connector, task: id.task }, task.state, task.trace ?? null, generation, connector?.version ?? null))
    }
    await Promise.all(writes)
  }

  /** Connect writes UNASSIGNED when it stops work it no longer owns. */
  async unassigned (work: { connectors: readonly string[], tasks: readonly ConnectorTaskId[] }, generation: number): Promise<void> {
    await Promise.all([
      ...work.connectors.map(async (name) => await this.#put({ name }, 'UNASSIGNED', null, generation, null)),
      ...work.tasks.map(async (id) => await this.#put({ name: id.connector, task: id.task }, 'UNASSIGNED', null, generation, null))
    ])
  }

  /** A deleted connector's statuses become tombstones (Connect's DESTROYED). */
  async destroyed (name: string, tasks: readonly number[]): Promise<void> {
    await Promise.all([
      this.#store.put({ name }, null, false),
      ...tasks.map(async (task) => await this.#store.put({ name, task }, null, false))
    ])
    for (const key of [...this.#written.keys()]) if (key === name || key.startsWith(`${name}\u0000`)) this.#written.delete(key)
  }

  async #put (key: { name: string, task?: number }, state: string, trace: string | null, generation: number, version: string | null): Promise<void> {
    const value: StatusValue = { state, trace, workerId: this.#workerId(), generation, version }
    const slot = key.task === undefined ? key.name : `${key.name}\u0000${key.task}`
    const text = JSON.stringify(value)
    if (this.#written.get(slot) === text) return
    this.#written.set(slot, text)
    try {
      await this.#store.put(key, value)
    } catch (error) {
      this.#written.delete(slot)
      this.#logger.warn({ err: error, connector: key.name, task: key.task }, 'Could not write a status to the status topic; will try again')
    }
  }
}
