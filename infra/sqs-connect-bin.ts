/**
 * How `bin/sqs-connect.js` runs when started by its name: the environment and node flags of its shebang line
 * (`#!/usr/bin/env -S [NAME=VALUE...] node [FLAGS...]`). Scripts, tests and the benchmark start it through
 * `process.execPath` with these, so they run the same process a user gets; the container test checks that the
 * Dockerfile's ENTRYPOINT and ENV say the same.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from './paths.ts'

export const SQS_CONNECT_BIN = join(projectRoot, 'bin', 'sqs-connect.js')

export interface BinLaunch {
  /** Variables the shebang sets before node starts (e.g. MALLOC_ARENA_MAX). */
  readonly env: Readonly<Record<string, string>>
  /** node's flags from the shebang, to go before the script path. */
  readonly nodeFlags: readonly string[]
}

/** The shebang of `bin` (this checkout's bin/sqs-connect.js by default), split into env and node flags. */
export function binLaunch (bin: string = SQS_CONNECT_BIN): BinLaunch {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? ''
  const words = /^#!\/usr\/bin\/env(?: -S)? (.+)$/.exec(first)?.[1]?.trim().split(/\s+/)
  if (words === undefined) throw new Error(`${bin} does not start with a #!/usr/bin/env shebang: ${first}`)
  const env: Record<string, string> = {}
  while (words[0] !== undefined && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const word = words.shift() as string
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1)
  }
  if (words.shift() !== 'node') throw new Error(`${bin}'s shebang does not run node: ${first}`)
  return { env, nodeFlags: words }
}

/** What `process.execPath` needs to run `bin args...` as its shebang would. */
export interface BinCommand {
  /** The shebang's node flags, then `extraNodeFlags`, the bin and `args`. */
  readonly args: string[]
  /** The shebang's variables, to add to the child's environment. */
  readonly env: Readonly<Record<string, string>>
}

/** `bin args...` as its shebang runs it (this checkout's bin by default), with `extraNodeFlags` after the shebang's. */
export function binCommand (args: readonly string[], options: { readonly bin?: string, readonly extraNodeFlags?: readonly string[] } = {}): BinCommand {
  const bin = options.bin ?? SQS_CONNECT_BIN
  const launch = binLaunch(bin)
  return { args: [...launch.nodeFlags, ...(options.extraNodeFlags ?? []), bin, ...args], env: launch.env }
}

/**
 * Builds the bin's bundle now unless a fresh one exists (`node bin/bundle-cache.js`), so that runs which time
 * start-up (the benchmark) or start many workers at once (the tests) do not build it on their first start.
 * Returns what the builder printed: `built DIR`, `fresh DIR`, or why it could not (then the bin falls back to tsx).
 */
export function prebuildBundle (): string {
  const run = spawnSync(process.execPath, [join(projectRoot, 'bin', 'bundle-cache.js')], { cwd: projectRoot, encoding: 'utf8' })
  return `${run.stdout}${run.stderr}`.trim()
}
