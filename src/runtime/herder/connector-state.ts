/**
 * Connect's REST entities for connectors (ConnectorInfo, ConnectorStateInfo, TaskInfo) and its restart rules
 * (RestartRequest / RestartPlan), as plain data with Connect's field names and key order.
 */
import type { ConnectorStatus } from '../worker.ts'

/** AbstractStatus.State as users see it (DESTROYED is internal). */
export type State = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED'

export interface ConnectorTaskId { readonly connector: string, readonly task: number }

export interface ConnectorInfo {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
  readonly tasks: readonly ConnectorTaskId[]
  readonly type: 'source'
}

/** Kafka 4.x adds the plugin's `version` (null when unknown) before `trace`. */
export interface InstanceState { readonly state: State, readonly worker_id: string, readonly version: string | null, readonly trace?: string }
export interface TaskState { readonly id: number, readonly state: State, readonly worker_id: string, readonly version: string | null, readonly trace?: string }

export interface ConnectorStateInfo {
  readonly name: string
  readonly connector: InstanceState
  readonly tasks: readonly TaskState[]
  readonly type: 'source'
}

export interface TaskInfo { readonly id: ConnectorTaskId, readonly config: Readonly<Record<string, string>> }

/** Instances being restarted right now: shown as RESTARTING whatever the worker says. */
export interface Restarting { readonly connector: boolean, readonly tasks: ReadonlySet<number> }

/** Connect leaves `trace` out when it is empty. */
function withTrace<T extends object> (base: T, trace: string | undefined): T & { trace?: string } {
  return trace === undefined || trace === '' ? base : { ...base, trace }
}

/**
 * The status of one connector from the worker's view; a connector the worker does not hold (yet) is UNASSIGNED.
 * Instances in `restarting` show RESTARTING: without their old trace for a live status, with it in a restart
 * plan (the 202 answer of a restart), as Connect's RestartPlan keeps it.
 */
export function connectorStateInfo (name: string, status: ConnectorStatus | undefined, workerId: string, restarting?: Restarting, keepTraces = false): ConnectorStateInfo {
  const connectorRestarts = restarting?.connector === true
  return {
    name,
    connector: withTrace({ state: connectorRestarts ? 'RESTARTING' : status?.state ?? 'UNASSIGNED', worker_id: workerId, version: status?.version ?? null },
      connectorRestarts && !keepTraces ? undefined : status?.trace),
    tasks: (status?.tasks ?? []).map((task) => {
      const isRestarting = restarting?.tasks.has(task.id) === true
      return withTrace({ id: task.id, state: isRestarting ? 'RESTARTING' : task.state, worker_id: workerId, version: status?.version ?? null }, isRestarting && !keepTraces ? undefined : task.trace)
    }),
    type: 'source'
  }
}

export interface RestartRequest {
  readonly includeTasks: boolean
  readonly onlyFailed: boolean
}

/** RestartRequest.shouldRestartConnector / shouldRestartTask: what a restart with these flags touches, given the current states. */
export function restartPlan (current: ConnectorStateInfo, request: RestartRequest): Restarting {
  const connector = !request.onlyFailed || current.connector.state === 'FAILED'
  const tasks = new Set(current.tasks
    .filter((task) => request.includeTasks && (!request.onlyFailed || task.state === 'FAILED'))
    .map((task) => task.id))
  return { connector, tasks }
}
