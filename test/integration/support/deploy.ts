/** Helpers of the deployment tests: the chart rendered by a real helm, checked by manifest-check. */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureHelm, ensureManifestCheck } from '../../../infra/k8s-tools.ts'
import { helmTemplate } from '../../../scripts/render-manifests.ts'

const run = promisify(execFile)

/** One rendered Kubernetes object, as JSON. */
export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string, labels?: Record<string, string>, annotations?: Record<string, string> }
  spec?: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests walk arbitrary manifests
  data?: Record<string, string>
}

export interface CheckResult {
  ok: boolean
  /** manifest-check's problems, one a line. */
  problems: string
  objects: K8sObject[]
}

export interface ToolRun {
  ok: boolean
  stdout: string
  stderr: string
}

/** Runs a command; a non-zero exit is a result, not an exception. */
export async function runTool (command: string, args: readonly string[], cwd?: string): Promise<ToolRun> {
  try {
    const { stdout, stderr } = await run(command, args, { maxBuffer: 32 * 1024 * 1024, ...(cwd === undefined ? {} : { cwd }) })
    return { ok: true, stdout, stderr }
  } catch (error) {
    const e = error as { stdout?: string, stderr?: string, code?: unknown }
    if (typeof e.code !== 'number') throw error
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

let scratch: string | undefined
async function scratchDir (): Promise<string> {
  scratch ??= await mkdtemp(join(tmpdir(), 'sqs-connect-deploy-'))
  return scratch
}
export async function removeScratch (): Promise<void> {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
}

let counter = 0
/** Writes `text` to a fresh file in the scratch dir and returns its path. */
export async function scratchFile (name: string, text: string): Promise<string> {
  const file = join(await scratchDir(), `${++counter}-${name}`)
  await writeFile(file, text)
  return file
}

/** `helm template` of the chart with `args`; throws with helm's message when rendering fails. */
export async function render (args: readonly string[] = []): Promise<string> {
  return await helmTemplate(await ensureHelm(), args)
}

/** `helm template` that is expected to fail: returns helm's error text. */
export async function renderError (args: readonly string[]): Promise<string> {
  try {
    await render(args)
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error)
  }
  throw new Error(`helm template ${args.join(' ')} rendered, but should have failed`)
}

/** Validates YAML text with manifest-check (Kubernetes and KEDA types, KEDA's CRD schemas). */
export async function check (yaml: string): Promise<CheckResult> {
  const { binary, crdDir } = await ensureManifestCheck()
  const file = await scratchFile('manifests.yaml', yaml)
  const result = await runTool(binary, ['k8s', '--crds', crdDir, '--json', file])
  const objects = result.stdout.trim() === '' ? [] : JSON.parse(result.stdout) as K8sObject[]
  return { ok: result.ok, problems: result.stderr, objects }
}

/** The one object of `kind` (and `name`, when given); throws when there is not exactly one. */
export function only (objects: readonly K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name))
  if (found.length !== 1) throw new Error(`expected one ${kind}${name === undefined ? '' : ` ${name}`}, found ${found.length}`)
  return found[0] as K8sObject
}

/** Replaces `from` by `to` once in `text`; throws when `from` is not there, so a mutation never silently misses. */
export function mutate (text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to)
  if (changed === text) throw new Error(`mutation found no ${String(from)}`)
  return changed
}
