/**
 * The records of Connect's status topic (KafkaStatusBackingStore): `status-connector-<name>` and
 * `status-task-<name>-<n>`, each `{"state","trace","worker_id","generation","version"}` (Kafka 4.x adds the plugin's
 * `version`) with `trace` and `version` always present, null when unknown.
 */
import { connectJson, parseInternalRecord } from './connect-json.ts'

export interface StatusValue {
  readonly state: string
  readonly trace: string | null
  readonly workerId: string
  readonly generation: number
  readonly version: string | null
}

export type StatusKey = { readonly kind: 'connector', readonly name: string } | { readonly kind: 'task', readonly name: string, readonly task: number }

export const connectorStatusKey = (name: string): string => `status-connector-${name}`
export const taskStatusKey = (name: string, task: number): string => `status-task-${name}-${task}`

export function encodeStatus (status: StatusValue): string {
  return connectJson({ state: status.state, trace: status.trace, worker_id: status.workerId, generation: status.generation, version: status.version })
}

export function decodeStatusKey (key: string): StatusKey | undefined {
  if (key.startsWith('status-connector-')) return { kind: 'connector', name: key.slice('status-connector-'.length) }
  if (key.startsWith('status-task-')) {
    const rest = key.slice('status-task-'.length)
    const dash = rest.lastIndexOf('-')
    const task = Number(rest.slice(dash + 1))
    if (dash > 0 && Number.isInteger(task) && task >= 0) return { kind: 'task', name: rest.slice(0, dash), task }
  }
  return undefined
}

/** A status value; null for a tombstone (DESTROYED); undefined when malformed. */
export function decodeStatus (bytes: Buffer | null): StatusValue | null | undefined {
  const value = parseInternalRecord(bytes)
  if (value === null || value === undefined) return value
  const { state, trace, worker_id: workerId, generation, version } = value
  if (typeof state !== 'string' || typeof workerId !== 'string') return undefined
  return { state, trace: typeof trace === 'string' ? trace : null, workerId, generation: typeof generation === 'number' ? generation : 0, version: typeof version === 'string' ? version : null }
}
