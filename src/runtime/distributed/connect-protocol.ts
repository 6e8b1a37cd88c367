/**
 * Connect's group protocol, byte for byte as Kafka Connect's ConnectProtocol (v0, `default`, eager) and
 * IncrementalCooperativeConnectProtocol (v1 `compatible`, v2 `sessioned`) write it: the member metadata a worker
 * sends in JoinGroup and the assignment the leader sends in SyncGroup.
 *
 * Metadata:   version int16, url string, config offset int64, [v1+] allocation nullable bytes (the worker's current
 *             assignment, itself a serialized assignment, or null before its first one)
 * Assignment: version int16, error int16, leader string, leader url string, config offset int64,
 *             assignment [connector string, tasks [int32]], [v1+] revoked [same], delay int32
 * A task id of -1 in a connector's list stands for the connector itself.
 */
import type { ConnectorTaskId } from './membership.ts'
import { javaHashSetOrder } from './java-hash-order.ts'
import { ProtocolReader, ProtocolWriter, protocolError } from './protocol-buffer.ts'

/** Connect's protocol names in JoinGroup (ConnectProtocolCompatibility) and the header version each writes. */
export const CONNECT_PROTOCOLS = { default: 0, compatible: 1, sessioned: 2 } as const
export type ConnectProtocolName = keyof typeof CONNECT_PROTOCOLS
/** `connect.protocol` values. */
export type ConnectProtocolMode = 'eager' | 'compatible' | 'sessioned'
export const CONNECT_PROTOCOL_TYPE = 'connect'
const CONNECTOR_TASK = -1

export const ASSIGNMENT_ERRORS = { NONE: 0, CONFIG_MISMATCH: 1 } as const

export interface ConnectorsAndTasks {
  readonly connectors: readonly string[]
  readonly tasks: readonly ConnectorTaskId[]
}

/** A decoded assignment (v0 decodes with empty revocations and no delay). */
export interface ProtocolAssignment extends ConnectorsAndTasks {
  readonly version: number
  readonly error: number
  readonly leader: string
  readonly leaderUrl: string
  readonly configOffset: bigint
  readonly revokedConnectors: readonly string[]
  readonly revokedTasks: readonly ConnectorTaskId[]
  readonly delayMs: number
}

export interface WorkerMetadata {
  readonly version: number
  readonly url: string
  readonly configOffset: bigint
  /** What the worker runs now (v1+); undefined before its first assignment or under v0. */
  readonly allocation: ProtocolAssignment | undefined
}

/** The JoinGroup protocols for a `connect.protocol` mode, in Connect's order of preference. */
export function joinProtocols (mode: ConnectProtocolMode, url: string, configOffset: bigint, allocation: ProtocolAssignment | undefined): Array<{ name: ConnectProtocolName, metadata: Buffer }> {
  const names: ConnectProtocolName[] = mode === 'sessioned' ? ['sessioned', 'compatible', 'default'] : mode === 'compatible' ? ['compatible', 'default'] : ['default']
  return names.map((name) => ({ name, metadata: encodeMetadata(CONNECT_PROTOCOLS[name], url, configOffset, allocation) }))
}

/** The protocol name the coordinator chose, checked. */
export function protocolVersionOf (name: string | null | undefined): number {
  const version = CONNECT_PROTOCOLS[name as ConnectProtocolName]
  if (version === undefined) throw protocolError(`the group chose protocol '${String(name)}', which is not one of Connect's (default, compatible, sessioned)`)
  return version
}

/** Member metadata of the given version; v0 carries no allocation. */
export function encodeMetadata (version: number, url: string, configOffset: bigint, allocation: ProtocolAssignment | undefined): Buffer {
  const writer = new ProtocolWriter().int16(version).string(url).int64(configOffset)
  if (version === 0) return writer.toBuffer()
  const current = allocation === undefined ? null : encodeAssignment(version, allocation)
  return writer.nullableBytes(current).toBuffer()
}

/** Decodes any version's metadata, as Connect does: the allocation is read when present. */
export function decodeMetadata (bytes: Buffer): WorkerMetadata {
  const reader = new ProtocolReader(bytes, 'member metadata')
  const version = readVersion(reader)
  const url = reader.string()
  const configOffset = reader.int64()
  const allocationBytes = reader.remaining > 0 ? reader.nullableBytes() : null
  return { version, url, configOffset, allocation: allocationBytes === null ? undefined : decodeAssignment(allocationBytes) }
}

/** An assignment; v0 writes Connect's eager layout (no revocations, no delay). */
export function encodeAssignment (version: number, assignment: Omit<ProtocolAssignment, 'version'>): Buffer {
  const writer = new ProtocolWriter()
    .int16(version).int16(assignment.error).string(assignment.leader).string(assignment.leaderUrl).int64(assignment.configOffset)
  writeConnectorTasks(writer, groupAssigned(assignment))
  if (version === 0) return writer.toBuffer()
  writeConnectorTasks(writer, groupInOrder(assignment.revokedConnectors, assignment.revokedTasks))
  return writer.int32(assignment.delayMs).toBuffer()
}

/** Decodes an assignment of any version; missing v1 fields take their defaults, as Connect's tolerant schema does. */
export function decodeAssignment (bytes: Buffer): ProtocolAssignment {
  const reader = new ProtocolReader(bytes, 'assignment')
  const version = readVersion(reader)
  const error = reader.int16()
  const leader = reader.string()
  const leaderUrl = reader.string()
  const configOffset = reader.int64()
  const assigned = reader.remaining > 0 ? readConnectorTasks(reader) : empty
  const revoked = reader.remaining > 0 ? readConnectorTasks(reader) : empty
  const delayMs = reader.remaining > 0 ? reader.int32() : 0
  return {
    version, error, leader, leaderUrl, configOffset,
    connectors: assigned.connectors, tasks: assigned.tasks,
    revokedConnectors: revoked.connectors, revokedTasks: revoked.tasks, delayMs
  }
}

const empty: ConnectorsAndTasks = { connectors: [], tasks: [] }

function readVersion (reader: ProtocolReader): number {
  const version = reader.int16()
  if (version < 0) throw protocolError(`unsupported Connect protocol version ${version}`)
  return version
}

type Grouped = Map<string, number[]>

function writeConnectorTasks (writer: ProtocolWriter, grouped: Grouped): ProtocolWriter {
  return writer.array([...grouped], (w, [connector, tasks]) => { w.string(connector).array(tasks, (t, task) => t.int32(task)) })
}

function readConnectorTasks (reader: ProtocolReader): ConnectorsAndTasks {
  const entries = reader.array((r) => ({ connector: r.string(), tasks: r.array((t) => t.int32()) ?? [] })) ?? []
  const connectors: string[] = []
  const tasks: ConnectorTaskId[] = []
  for (const { connector, tasks: ids } of entries) {
    for (const task of ids) {
      if (task === CONNECTOR_TASK) connectors.push(connector)
      else tasks.push({ connector, task })
    }
  }
  return { connectors, tasks }
}

/** The revoked lists' grouping: distinct connectors in order, then each task under its connector. */
function groupInOrder (connectors: readonly string[], tasks: readonly ConnectorTaskId[]): Grouped {
  const grouped: Grouped = new Map()
  for (const connector of connectors) if (!grouped.has(connector)) grouped.set(connector, [CONNECTOR_TASK])
  for (const { connector, task } of tasks) {
    const list = grouped.get(connector) ?? []
    list.push(task)
    grouped.set(connector, list)
  }
  return grouped
}

/** Assignment#asMap's grouping (all versions): connectors in java.util.HashSet order, then tasks in order. */
function groupAssigned (assignment: ConnectorsAndTasks): Grouped {
  return groupInOrder(javaHashSetOrder(assignment.connectors), assignment.tasks)
}
