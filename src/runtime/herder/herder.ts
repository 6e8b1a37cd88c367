/**
 * What the REST API asks of a herder, in standalone and distributed mode alike. Reads answer from the herder's
 * own view (memory in standalone mode, the config and status topics in distributed mode); writes are async because
 * a distributed herder may forward them to the leader or wait for the config topic.
 */
import type { ConfigInfos } from '../../connect/config/config-infos.ts'
import type { ConnectorInfo, ConnectorStateInfo, RestartRequest, TaskInfo, TaskState } from './connector-state.ts'

export type RawConfig = Readonly<Record<string, string | null>>

export interface PutOptions {
  /** PUT replaces an existing connector; POST does not (409). */
  readonly allowReplace: boolean
  /** Target state of a new connector (POST's initial_state); STARTED by default. */
  readonly initialState?: 'STARTED' | 'PAUSED' | 'STOPPED' | undefined
  /**
   * A connector file of the command line: config errors keep the CLI's wording (every line names its property) and a
   * connector or task that fails to start is an error (the CLI exits on it) instead of a FAILED status.
   */
  readonly fromFile?: boolean
}

/** Whether a put created the connector (201) or replaced it (200), and its info. A replaced connector keeps its target state. */
export interface PutResult { readonly created: boolean, readonly info: ConnectorInfo }

export interface Herder {
  /** `<advertised host>:<advertised port>`, shown as worker_id in every status. */
  workerId: string
  connectors: () => string[]
  connectorInfo: (name: string) => ConnectorInfo
  connectorConfig: (name: string) => Readonly<Record<string, string>>
  putConnectorConfig: (name: string, config: RawConfig, options: PutOptions) => Promise<PutResult>
  patchConnectorConfig: (name: string, patch: RawConfig) => Promise<ConnectorInfo>
  deleteConnector: (name: string) => Promise<void>
  connectorStatus: (name: string) => ConnectorStateInfo
  taskStatus: (name: string, task: number) => TaskState
  taskConfigs: (name: string) => TaskInfo[]
  restartConnector: (name: string) => Promise<void>
  restartConnectorAndTasks: (name: string, request: RestartRequest) => Promise<ConnectorStateInfo>
  restartTask: (name: string, task: number) => Promise<void>
  pauseConnector: (name: string) => Promise<void>
  resumeConnector: (name: string) => Promise<void>
  stopConnector: (name: string) => Promise<void>
  activeTopics: (name: string) => string[]
  resetActiveTopics: (name: string) => void
  connectorOffsets: (name: string) => { offsets: [] }
  modifyConnectorOffsets: (name: string, verb: 'altered' | 'reset') => Promise<{ message: string }>
  validate: (config: RawConfig) => ConfigInfos
  /** Distributed mode's internal endpoint (PUT /connectors/{name}/tasks): task configs a connector's worker hands to the leader. */
  putTaskConfigs?: (name: string, configs: ReadonlyArray<Readonly<Record<string, string>>>) => Promise<void>
  stop: () => Promise<void>
}
