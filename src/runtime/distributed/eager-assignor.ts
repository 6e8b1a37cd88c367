/**
 * Connect's eager assignment (`connect.protocol=eager`, protocol `default`): every worker stopped all its work
 * before joining, and the leader deals every connector, then every task, round-robin over the members sorted by id.
 */
import type { ConnectorsAndTasks } from './connect-protocol.ts'
import type { ConnectorTaskId } from './membership.ts'

/** The complete assignment of each member. */
export function assignEager (memberIds: readonly string[], configured: ReadonlyArray<{ readonly name: string, readonly taskCount: number }>): Map<string, ConnectorsAndTasks> {
  const ids = [...memberIds].sort()
  const work = new Map(ids.map((id) => [id, { connectors: [] as string[], tasks: [] as ConnectorTaskId[] }]))
  if (ids.length === 0) return work
  const connectors = [...configured].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  let next = 0
  const take = (): { connectors: string[], tasks: ConnectorTaskId[] } => work.get(ids[next++ % ids.length]!)!
  for (const { name } of connectors) take().connectors.push(name)
  for (const { name, taskCount } of connectors) {
    for (let task = 0; task < taskCount; task++) take().tasks.push({ connector: name, task })
  }
  return work
}
