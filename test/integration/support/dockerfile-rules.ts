/** What the deployment tests require of deploy/Dockerfile, on the stages manifest-check prints. */

/** One build stage as `manifest-check dockerfile` prints it (BuildKit's parse). */
export interface DockerStage {
  name: string
  base: string
  user?: string
  workdir?: string
  copies: Array<{ from?: string, sources: string[], dest: string, chown?: string }>
  runs: string[]
  env: string[]
  expose: string[]
  entrypoint?: string[]
  cmd?: string[]
  healthcheck?: string[]
  volumes: string[]
  adds: number
}

/** The files of the build context the image may contain: the runtime needs these and nothing else. */
export const CONTEXT_FILES = new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'src'])

/** An exact release (x.y.z in the tag) or a digest: the same bytes on every build. */
const PINNED = /^[a-z0-9][a-z0-9._/-]*(?::[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9._-]*)?(?:@sha256:[0-9a-f]{64})?$/

function pinned (image: string): boolean {
  return PINNED.test(image) && (image.includes('@sha256:') || /:[0-9]+\.[0-9]+\.[0-9]+/.test(image))
}

/** Every rule the stages break, as sentences; empty when the Dockerfile is fine. */
export function dockerfileProblems (stages: readonly DockerStage[]): string[] {
  const problems: string[] = []
  const names = new Set<string>()
  stages.forEach((stage, i) => {
    const label = stage.name !== '' ? `stage ${stage.name}` : `stage ${i}`
    if (!names.has(stage.base) && !pinned(stage.base)) problems.push(`${label}: base image ${stage.base} is not pinned to an exact version or digest`)
    if (stage.adds > 0) problems.push(`${label}: uses ADD (COPY copies local files; remote ADD fetches unpinned bytes)`)
    for (const copy of stage.copies) {
      if (copy.from !== undefined && copy.from !== '') continue
      for (const source of copy.sources) {
        const clean = source.replace(/^\.\//, '').replace(/\/$/, '')
        if (clean === '.' || clean === '' || clean.includes('*')) problems.push(`${label}: COPY ${source} copies the whole build context`)
        else if (!CONTEXT_FILES.has(clean)) problems.push(`${label}: COPY ${source} is not a file the runtime needs`)
      }
    }
    if (stage.name !== '') names.add(stage.name)
  })
  const final = stages.at(-1)
  if (final === undefined) return ['no stage']
  const user = (final.user ?? '').split(':')[0]
  if (user === '' || user === 'root' || user === '0') problems.push('the final stage runs as root (USER missing or root)')
  if (final.healthcheck === undefined && final.expose.length > 0) problems.push('the final stage has no HEALTHCHECK')
  return problems
}

/** Whether `path` (relative to the context root) gets into the build context under Docker's .dockerignore rules. */
export function dockerignoreAllows (ignore: string, path: string): boolean {
  const rules = ignore.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
  const parts = path.split('/')
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'))
  let included = true
  for (const rule of rules) {
    const negated = rule.startsWith('!')
    const pattern = (negated ? rule.slice(1) : rule).replace(/^\/+/, '').replace(/\/+$/, '')
    const regex = new RegExp('^' + pattern.split('**').map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('.*') + '$')
    if (candidates.some((c) => regex.test(c))) included = negated
  }
  return included
}
