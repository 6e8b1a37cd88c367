/**
 * Named loggers whose levels change at runtime, as log4j's are changed through Connect's /admin/loggers:
 * a logger's name is carried in its `logger` binding, a level set on a name applies to that name and every
 * dotted descendant, and `root` is the level of everything else. Pino children that carry no new name keep
 * following their parent (pino children inherit their parent's level unless given their own).
 */
import type { Logger } from 'pino'

/** The names our loggers carry: Connect's class names for the runtime, so Connect users know them. */
export const LoggerNames = {
  worker: 'org.apache.kafka.connect.runtime.Worker',
  workerSourceTask: 'org.apache.kafka.connect.runtime.WorkerSourceTask'
} as const

export const ROOT_LOGGER = 'root'

/** The task class Connect's naming gives a connector class: ...SqsSourceConnector -> ...SqsSourceTask. */
export function taskClassName (connectorClass: string): string {
  return connectorClass.endsWith('Connector') ? `${connectorClass.slice(0, -'Connector'.length)}Task` : `${connectorClass}Task`
}

/** log4j's levels, most severe first; OFF silences, ALL is TRACE for pino. */
export const LOG4J_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const
export type Log4jLevel = (typeof LOG4J_LEVELS)[number]

const TO_PINO: Readonly<Record<Log4jLevel, string>> = { OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace', ALL: 'trace' }

/** The log4j level named by `text` (any case, spaces trimmed, pino's `silent` too), or undefined. */
export function log4jLevel (text: string): Log4jLevel | undefined {
  const upper = text.trim().toUpperCase()
  if (upper === 'SILENT') return 'OFF'
  return (LOG4J_LEVELS as readonly string[]).includes(upper) ? upper as Log4jLevel : undefined
}

/** Connect's LoggerLevel entity. */
export interface LoggerLevel {
  readonly level: Log4jLevel
  /** When the REST API last changed it (ms since the epoch); null when never. */
  readonly last_modified: number | null
}

/** The name a logger carries in its `logger` binding, ROOT_LOGGER when none. */
function nameOf (logger: Logger): string {
  const name = (logger.bindings() as { logger?: unknown }).logger
  return typeof name === 'string' && name !== '' ? name : ROOT_LOGGER
}

const isRoot = (name: string): boolean => name === '' || name.toLowerCase() === ROOT_LOGGER

/** Is `name` the namespace itself or one of its dotted descendants? */
const within = (name: string, namespace: string): boolean => name === namespace || name.startsWith(`${namespace}.`)

export class LogLevels {
  /** Levels set on names (from the start-up level or the REST API); the root always has one. */
  readonly #explicit = new Map<string, Log4jLevel>()
  readonly #modified = new Map<string, number>()
  /** Every name a logger ever had or a level was set on: log4j keeps a logger once it exists. */
  readonly #seen = new Set<string>([ROOT_LOGGER])
  /** Every named logger handed out, weakly: tasks come and go. */
  readonly #instances = new Map<string, Set<WeakRef<Logger>>>()
  readonly #now: () => number

  constructor (rootLevel: Log4jLevel, now: () => number = Date.now) {
    this.#explicit.set(ROOT_LOGGER, rootLevel)
    this.#now = now
  }

  /** Called for every logger and child logger created (pino's onChild); sets a newly named logger's level. */
  track (logger: Logger): void {
    const name = nameOf(logger)
    if (name === ROOT_LOGGER) return
    const parent = Object.getPrototypeOf(logger) as Logger
    if (typeof parent.bindings === 'function' && nameOf(parent) === name) return // follows its parent
    this.#seen.add(name)
    let set = this.#instances.get(name)
    if (set === undefined) this.#instances.set(name, set = new Set())
    set.add(new WeakRef(logger))
    logger.level = TO_PINO[this.effective(name)]
  }

  /** Registers the root logger, whose level is root's. */
  attachRoot (root: Logger): void {
    this.#instances.set(ROOT_LOGGER, new Set([new WeakRef(root)]))
    root.level = TO_PINO[this.effective(ROOT_LOGGER)]
  }

  /** The level in force for `name`: its own, else its nearest dotted ancestor's, else root's. */
  effective (name: string): Log4jLevel {
    if (isRoot(name)) return this.#explicit.get(ROOT_LOGGER)!
    for (let n = name; n !== ''; n = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '') {
      const level = this.#explicit.get(n)
      if (level !== undefined) return level
    }
    return this.#explicit.get(ROOT_LOGGER)!
  }

  /** Every logger known (handed out or given a level), root included. */
  #names (): string[] {
    return [...this.#seen]
  }

  /** GET /admin/loggers/{name}: undefined for a name no logger has (Connect's 404). */
  level (name: string): LoggerLevel | undefined {
    const key = isRoot(name) ? ROOT_LOGGER : name
    if (!this.#names().includes(key)) return undefined
    return { level: this.effective(key), last_modified: this.#modified.get(key) ?? null }
  }

  /** GET /admin/loggers: every known logger that is not OFF, sorted by name. */
  all (): Record<string, LoggerLevel> {
    const result: Record<string, LoggerLevel> = {}
    for (const name of this.#names().sort()) {
      const level = this.level(name)!
      if (level.level !== 'OFF') result[name] = level
    }
    return result
  }

  /**
   * Sets `level` on the namespace and all its descendants (log4j's Configurator.setAllLevels; `root` means
   * everything) and returns, sorted, the loggers whose level changed.
   */
  setLevel (namespace: string, level: Log4jLevel): string[] {
    const root = isRoot(namespace)
    const key = root ? ROOT_LOGGER : namespace
    const concerned = (name: string): boolean => root || within(name, key)
    const names = [...new Set([key, ...this.#names().filter(concerned)])]
    const before = new Map(names.map((name) => [name, this.effective(name)]))
    for (const name of [...this.#explicit.keys()]) if (name !== key && concerned(name)) this.#explicit.delete(name)
    this.#explicit.set(key, level)
    this.#seen.add(key)
    const changed = names.filter((name) => this.effective(name) !== before.get(name)).sort()
    const now = this.#now()
    for (const name of changed) this.#modified.set(name, now)
    this.#apply()
    return changed
  }

  /** A level set by configuration at start-up: it takes effect like setLevel but is no REST modification. */
  initialLevel (namespace: string, level: Log4jLevel): void {
    const key = isRoot(namespace) ? ROOT_LOGGER : namespace
    this.#explicit.set(key, level)
    this.#seen.add(key)
    this.#apply()
  }

  /** Gives every live named logger its level in force now. */
  #apply (): void {
    for (const [name, set] of this.#instances) {
      const pinoLevel = TO_PINO[this.effective(name)]
      for (const ref of set) {
        const logger = ref.deref()
        if (logger === undefined) set.delete(ref)
        else if (logger.level !== pinoLevel) logger.level = pinoLevel
      }
    }
  }
}
