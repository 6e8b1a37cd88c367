/**
 * The records of Connect's config topic (KafkaConfigBackingStore): string keys, values as JsonConverter writes them
 * with schemas off. Pure: bytes in, typed records out, and back.
 */
import type { TargetState } from '../worker.ts'
import { connectJson, parseInternalRecord } from './connect-json.ts'

export type ConfigRecord =
  | { readonly kind: 'connector', readonly name: string, readonly config: Readonly<Record<string, string>> | null }
  | { readonly kind: 'target-state', readonly name: string, readonly state: TargetState | null }
  | { readonly kind: 'task', readonly name: string, readonly task: number, readonly config: Readonly<Record<string, string>> | null }
  | { readonly kind: 'commit', readonly name: string, readonly tasks: number }
  | { readonly kind: 'restart', readonly name: string, readonly includeTasks: boolean, readonly onlyFailed: boolean }
  | { readonly kind: 'other', readonly key: string }

export interface EncodedRecord { readonly key: string, readonly value: string | null }

const properties = (config: Readonly<Record<string, string>>): string => connectJson({ properties: { ...config } })

/** `connector-<name>` with `{"properties":{...}}`, or its tombstone. */
export const connectorRecord = (name: string, config: Readonly<Record<string, string>> | null): EncodedRecord =>
  ({ key: `connector-${name}`, value: config === null ? null : properties(config) })

/** `target-state-<name>`: `state` says PAUSED for STOPPED so older workers understand it; `state.v2` is the true state. */
export const targetStateRecord = (name: string, state: TargetState | null): EncodedRecord =>
  ({ key: `target-state-${name}`, value: state === null ? null : connectJson({ state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state }) })

export const taskRecord = (name: string, task: number, config: Readonly<Record<string, string>>): EncodedRecord =>
  ({ key: `task-${name}-${task}`, value: properties(config) })

/** `commit-<name>` `{"tasks":N}`: makes the N task records before it take effect. */
export const commitRecord = (name: string, tasks: number): EncodedRecord =>
  ({ key: `commit-${name}`, value: connectJson({ tasks }) })

export const restartRecord = (name: string, includeTasks: boolean, onlyFailed: boolean): EncodedRecord =>
  ({ key: `restart-connector-${name}`, value: connectJson({ 'include-tasks': includeTasks, 'only-failed': onlyFailed }) })

function stringMap (value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return undefined
    out[k] = v
  }
  return out
}

function targetState (value: Record<string, unknown>): TargetState | undefined {
  const v2 = value['state.v2']
  const state = typeof v2 === 'string' ? v2 : value.state
  return state === 'STARTED' || state === 'PAUSED' || state === 'STOPPED' ? state : undefined
}

/** Splits `task-<name>-<n>` at its last dash, as Connect does (connector names may contain dashes). */
function taskKey (rest: string): { name: string, task: number } | undefined {
  const dash = rest.lastIndexOf('-')
  const task = Number(rest.slice(dash + 1))
  return dash > 0 && Number.isInteger(task) && task >= 0 ? { name: rest.slice(0, dash), task } : undefined
}

/**
 * Decodes one record; undefined when the value is malformed (Connect logs and skips such records). Keys this runtime
 * does not use (session-key, tasks-fencing-, logger-cluster-) come back as `other`.
 */
export function decodeConfigRecord (key: string, bytes: Buffer | null): ConfigRecord | undefined {
  const value = parseInternalRecord(bytes)
  if (value === undefined) return undefined
  if (key.startsWith('connector-')) {
    const name = key.slice('connector-'.length)
    if (value === null) return { kind: 'connector', name, config: null }
    const config = stringMap(value.properties)
    return config === undefined ? undefined : { kind: 'connector', name, config }
  }
  if (key.startsWith('target-state-')) {
    const name = key.slice('target-state-'.length)
    if (value === null) return { kind: 'target-state', name, state: null }
    const state = targetState(value)
    return state === undefined ? undefined : { kind: 'target-state', name, state }
  }
  if (key.startsWith('task-')) {
    const id = taskKey(key.slice('task-'.length))
    if (id === undefined) return undefined
    if (value === null) return { kind: 'task', ...id, config: null }
    const config = stringMap(value.properties)
    return config === undefined ? undefined : { kind: 'task', ...id, config }
  }
  if (key.startsWith('commit-')) {
    const tasks = value?.tasks
    return typeof tasks === 'number' && Number.isInteger(tasks) && tasks >= 0 ? { kind: 'commit', name: key.slice('commit-'.length), tasks } : undefined
  }
  if (key.startsWith('restart-connector-')) {
    if (value === null) return { kind: 'other', key }
    return { kind: 'restart', name: key.slice('restart-connector-'.length), includeTasks: value['include-tasks'] === true, onlyFailed: value['only-failed'] === true }
  }
  return { kind: 'other', key }
}
