/**
 * CPU time and resident memory of a system's processes, read from Linux's /proc: the roots a system names and all
 * their descendants (a JVM's helpers, a shell's children), sampled every ~100 ms.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export interface ProcStat {
  readonly pid: number
  readonly ppid: number
  /** utime + stime + cutime + cstime, in clock ticks: the process's own CPU and that of children it waited for. */
  readonly cpuTicks: number
}

/** Parses /proc/<pid>/stat; the command name (field 2) is in parentheses and may hold spaces or parentheses. */
export function parseStat (text: string): ProcStat {
  const close = text.lastIndexOf(')')
  const pid = Number.parseInt(text, 10)
  if (close < 0 || Number.isNaN(pid)) throw new Error(`Not a /proc/<pid>/stat line: ${text.slice(0, 80)}`)
  // After ") ": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17); index 0 here is field 3.
  const fields = text.slice(close + 2).trim().split(/\s+/)
  const at = (field: number): number => Number(fields[field - 3])
  const cpuTicks = at(14) + at(15) + at(16) + at(17)
  if (!Number.isFinite(cpuTicks) || !Number.isFinite(at(4))) throw new Error(`Unreadable CPU fields in /proc/<pid>/stat: ${text.slice(0, 80)}`)
  return { pid, ppid: at(4), cpuTicks }
}

/** VmRSS of /proc/<pid>/status in bytes (0 for a zombie, which has no such line). */
export function parseRssBytes (statusText: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText)
  return match === null ? 0 : Number(match[1]) * 1024
}

/** All descendants of `roots` (included) in a pid → ppid table. */
export function processTree (roots: readonly number[], parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>()
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid])
  const seen = new Set<number>()
  const todo = roots.filter((pid) => parents.has(pid))
  while (todo.length > 0) {
    const pid = todo.pop()!
    if (seen.has(pid)) continue
    seen.add(pid)
    todo.push(...(children.get(pid) ?? []))
  }
  return [...seen]
}

let ticksPerSecond: number | undefined
/** The kernel's USER_HZ (CLK_TCK), 100 on every usual Linux. */
export function clockTicksPerSecond (): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

function readProc (pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined // the process exited between listing and reading
  }
}

function allParents (): Map<number, number> {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const text = readProc(Number(entry), 'stat')
    if (text === undefined) continue
    try {
      const stat = parseStat(text)
      parents.set(stat.pid, stat.ppid)
    } catch { /* a malformed line of a dying process */ }
  }
  return parents
}

export interface UsageSnapshot {
  /** CPU seconds used by the tree so far (processes that exited keep their last reading). */
  readonly cpuSeconds: number
  /** Highest sum of VmRSS over the tree at one sample, in bytes. */
  readonly peakRssBytes: number
}

/** Samples the process trees of `roots()` every `everyMs` until stop(); the process list is rescanned each second. */
export class UsageSampler {
  readonly #roots: () => number[]
  readonly #cpuTicks = new Map<number, number>()
  #tree: number[] = []
  #treeAt = 0
  #peakRss = 0
  readonly #timer: NodeJS.Timeout

  constructor (roots: () => number[], everyMs = 100) {
    this.#roots = roots
    this.#timer = setInterval(() => this.sample(), everyMs)
  }

  sample (): UsageSnapshot {
    if (Date.now() - this.#treeAt > 1000 || this.#tree.length === 0) {
      this.#tree = processTree(this.#roots(), allParents())
      this.#treeAt = Date.now()
    }
    let rss = 0
    for (const pid of this.#tree) {
      const stat = readProc(pid, 'stat')
      const status = readProc(pid, 'status')
      try {
        if (stat !== undefined) this.#cpuTicks.set(pid, Math.max(this.#cpuTicks.get(pid) ?? 0, parseStat(stat).cpuTicks))
      } catch { /* a dying process */ }
      if (status !== undefined) rss += parseRssBytes(status)
    }
    this.#peakRss = Math.max(this.#peakRss, rss)
    return this.snapshot()
  }

  snapshot (): UsageSnapshot {
    let ticks = 0
    for (const value of this.#cpuTicks.values()) ticks += value
    return { cpuSeconds: ticks / clockTicksPerSecond(), peakRssBytes: this.#peakRss }
  }

  /** Takes a last sample and stops sampling. */
  stop (): UsageSnapshot {
    clearInterval(this.#timer)
    return this.sample()
  }
}
