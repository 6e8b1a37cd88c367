/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by module (a package under
 * node_modules, a folder of src/, node's internals), and inclusive time of our own functions.
 * Usage: node --import tsx bench/profile/cpuprofile-summary.ts FILE.cpuprofile [TOP] [URL-REGEX for the inclusive list]
 */
import { readFile } from 'node:fs/promises'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string, readonly url: string, readonly lineNumber: number }
  readonly children?: number[]
}

interface CpuProfile {
  readonly nodes: ProfileNode[]
  readonly samples: number[]
  readonly timeDeltas: number[]
}

/** Where a frame's code lives: `pkg:<name>`, `src/<folder>`, `node:<internal>`, or a V8 pseudo-frame. */
function moduleOf (url: string, functionName: string): string {
  if (url === '') return `(${functionName === '' ? 'anonymous' : functionName})`
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg !== null) return `pkg:${pkg[1]!}`
  const src = /\/(src|bench)\/(.*)\/[^/]+$/.exec(url)
  if (src !== null) return `${src[1]!}/${src[2]!}`
  if (url.startsWith('node:')) return url
  return url.replace(/^.*\//, '')
}

function top (map: Map<string, number>, n: number, totalMs: number): string[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, ms]) => `${(ms / 1000).toFixed(2).padStart(8)} s ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${name}`)
}

/** `pattern` picks the frames whose inclusive time is listed (by url); default: our own src/ code. */
export async function summarise (file: string, n = 30, pattern = /\/src\//): Promise<string> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfMs = new Map<number, number>()
  for (const [i, id] of profile.samples.entries()) selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const byFunction = new Map<string, number>()
  const byModule = new Map<string, number>()
  const inclusive = new Map<string, number>()
  // Node's internals (sockets, crypto, timers) charged to the nearest package or src/ folder that called them.
  const byOwner = new Map<string, number>()
  let totalMs = 0
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)
    if (node === undefined) continue
    const { functionName, url, lineNumber } = node.callFrame
    totalMs += ms
    const mod = moduleOf(url, functionName)
    byFunction.set(`${functionName === '' ? '(anonymous)' : functionName} ${mod}:${lineNumber + 1}`, (byFunction.get(`${functionName === '' ? '(anonymous)' : functionName} ${mod}:${lineNumber + 1}`) ?? 0) + ms)
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms)
    let owner = mod
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame
      if (frame === undefined || !/node_modules|\/src\//.test(frame.url)) continue
      owner = moduleOf(frame.url, frame.functionName)
      break
    }
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms)
    // Inclusive time of our own frames: each sample counts once per distinct frame on its stack.
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame
      if (frame === undefined || !pattern.test(frame.url)) continue
      const key = `${frame.functionName === '' ? '(anonymous)' : frame.functionName} ${moduleOf(frame.url, frame.functionName)}:${frame.lineNumber + 1}`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
    }
  }
  return [`total sampled ${(totalMs / 1000).toFixed(2)} s`, '', '## self time by module', ...top(byModule, n, totalMs),
    '', '## time by owner (node internals charged to the nearest package or src/ folder on the stack)', ...top(byOwner, n, totalMs),
    '', '## self time by function', ...top(byFunction, n, totalMs), '', `## inclusive time of functions in ${String(pattern)}`, ...top(inclusive, n, totalMs)].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count, pattern] = process.argv.slice(2)
  if (file === undefined) throw new Error('usage: cpuprofile-summary.ts FILE.cpuprofile [TOP] [URL-REGEX]')
  console.log(await summarise(file, Number(count ?? '30'), pattern === undefined ? undefined : new RegExp(pattern)))
}
