/**
 * The config topic as this worker has read it (Connect's ClusterConfigState): connector configs, target states,
 * committed task configs, and what changed with each record. Task records take effect only with their commit.
 */
import type { TargetState } from '../worker.ts'
import type { ConfigRecord } from './config-records.ts'

export type ConfigChange =
  | { readonly kind: 'connector-updated', readonly name: string, readonly created: boolean }
  | { readonly kind: 'connector-removed', readonly name: string }
  | { readonly kind: 'target-state', readonly name: string }
  | { readonly kind: 'tasks-committed', readonly name: string }
  | { readonly kind: 'restart', readonly name: string, readonly includeTasks: boolean, readonly onlyFailed: boolean }

export class ClusterConfigState {
  readonly #configs = new Map<string, Readonly<Record<string, string>>>()
  readonly #targetStates = new Map<string, TargetState>()
  readonly #committed = new Map<string, ReadonlyArray<Readonly<Record<string, string>>>>()
  /** Task records seen since the connector's last commit. */
  readonly #pending = new Map<string, Map<number, Readonly<Record<string, string>>>>()
  #offset = -1n

  get offset (): bigint { return this.#offset }

  /** Applies one record at `offset`; returns what changed for the herder to act on (nothing for unused keys). */
  apply (record: ConfigRecord, offset: bigint): ConfigChange | undefined {
    this.#offset = offset
    switch (record.kind) {
      case 'connector': {
        if (record.config === null) {
          const known = this.#configs.delete(record.name)
          this.#targetStates.delete(record.name)
          this.#committed.delete(record.name)
          this.#pending.delete(record.name)
          return known ? { kind: 'connector-removed', name: record.name } : undefined
        }
        const created = !this.#configs.has(record.name)
        this.#configs.set(record.name, record.config)
        return { kind: 'connector-updated', name: record.name, created }
      }
      case 'target-state':
        if (record.state === null) this.#targetStates.delete(record.name)
        else this.#targetStates.set(record.name, record.state)
        return { kind: 'target-state', name: record.name }
      case 'task': {
        if (record.config === null) return undefined
        const pending = this.#pending.get(record.name) ?? new Map<number, Readonly<Record<string, string>>>()
        pending.set(record.task, record.config)
        this.#pending.set(record.name, pending)
        return undefined
      }
      case 'commit': {
        const pending = this.#pending.get(record.name) ?? new Map<number, Readonly<Record<string, string>>>()
        const tasks: Array<Readonly<Record<string, string>>> = []
        for (let task = 0; task < record.tasks; task++) {
          // A commit whose task records are missing (compacted away, or torn): keep what was committed before, as Connect marks it inconsistent.
          const config = pending.get(task) ?? this.#committed.get(record.name)?.[task]
          if (config === undefined) return undefined
          tasks.push(config)
        }
        this.#pending.delete(record.name)
        this.#committed.set(record.name, tasks)
        return { kind: 'tasks-committed', name: record.name }
      }
      case 'restart':
        return { kind: 'restart', name: record.name, includeTasks: record.includeTasks, onlyFailed: record.onlyFailed }
      case 'other':
        return undefined
    }
  }

  connectorNames (): string[] { return [...this.#configs.keys()].sort() }
  connectorConfig (name: string): Readonly<Record<string, string>> | undefined { return this.#configs.get(name) }
  /** STARTED unless a target-state record says otherwise. */
  targetState (name: string): TargetState { return this.#targetStates.get(name) ?? 'STARTED' }
  /** The committed task configs (as stored: variables unresolved, with task.class). */
  taskConfigs (name: string): ReadonlyArray<Readonly<Record<string, string>>> { return this.#committed.get(name) ?? [] }
}
