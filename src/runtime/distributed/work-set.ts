/** Sets of connectors and tasks keyed by strings, the unit the assignors count, move and revoke. */
import type { ConnectorTaskId } from './membership.ts'
import type { ConnectorsAndTasks } from './connect-protocol.ts'

export const taskKey = (task: ConnectorTaskId): string => `${task.connector}\u0000${task.task}`

export function taskOfKey (key: string): ConnectorTaskId {
  const at = key.lastIndexOf('\u0000')
  return { connector: key.slice(0, at), task: Number(key.slice(at + 1)) }
}

/** A mutable set of connectors and tasks. */
export class WorkSet {
  readonly connectors = new Set<string>()
  readonly tasks = new Set<string>()

  static of (work: ConnectorsAndTasks | undefined): WorkSet {
    const set = new WorkSet()
    for (const connector of work?.connectors ?? []) set.connectors.add(connector)
    for (const task of work?.tasks ?? []) set.tasks.add(taskKey(task))
    return set
  }

  get size (): number { return this.connectors.size + this.tasks.size }

  addAll (other: WorkSet): this {
    for (const c of other.connectors) this.connectors.add(c)
    for (const t of other.tasks) this.tasks.add(t)
    return this
  }

  removeAll (other: WorkSet): this {
    for (const c of other.connectors) this.connectors.delete(c)
    for (const t of other.tasks) this.tasks.delete(t)
    return this
  }

  copy (): WorkSet { return new WorkSet().addAll(this) }

  /** Sorted lists: connectors by name, tasks by connector then number. */
  toLists (): { connectors: string[], tasks: ConnectorTaskId[] } {
    return { connectors: [...this.connectors].sort(), tasks: sortTaskKeys([...this.tasks]).map(taskOfKey) }
  }
}

/** Task keys ordered by connector, then task number. */
export function sortTaskKeys (keys: string[]): string[] {
  return keys.map(taskOfKey).sort((a, b) => a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : a.task - b.task).map(taskKey)
}

/** Every connector and task (0..taskCount-1) the config topic lists. */
export function configuredWork (connectors: ReadonlyArray<{ readonly name: string, readonly taskCount: number }>): WorkSet {
  const set = new WorkSet()
  for (const { name, taskCount } of connectors) {
    set.connectors.add(name)
    for (let task = 0; task < taskCount; task++) set.tasks.add(taskKey({ connector: name, task }))
  }
  return set
}
