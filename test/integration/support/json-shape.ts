/**
 * Compares two JSON answers by shape, for checking our REST API against a real Kafka Connect worker: the same
 * value types, the same object keys in the same order, and the same values where a path says they must be equal
 * (state names, error codes). Paths are written as segments joined by '.', '*' standing for any one key or index.
 */

export interface ShapeRules {
  /** Paths whose values must be equal, not only of the same type (e.g. 'connector.state', 'tasks.*.state'). */
  readonly exact?: readonly string[]
  /** Paths of objects whose keys are free (config maps): only their values' shapes are compared. */
  readonly maps?: readonly string[]
  /** Paths not compared at all. */
  readonly ignore?: readonly string[]
}

type Segment = string | number

const kind = (value: unknown): string => value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

function matches (path: readonly Segment[], patterns: readonly string[] | undefined): boolean {
  return (patterns ?? []).some((pattern) => {
    const parts = pattern === '' ? [] : pattern.split('.')
    return parts.length === path.length && parts.every((part, i) => part === '*' || part === String(path[i]))
  })
}

/** `$.tasks[0].state`, with keys that are not identifiers quoted. */
export function renderPath (path: readonly Segment[]): string {
  return '$' + path.map((s) => typeof s === 'number' ? `[${s}]` : /^[A-Za-z_][\w]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`).join('')
}

const short = (value: unknown): string => {
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

function compare (expected: unknown, actual: unknown, path: Segment[], rules: ShapeRules, out: string[]): void {
  if (matches(path, rules.ignore)) return
  const where = renderPath(path)
  if (matches(path, rules.exact) && JSON.stringify(expected) !== JSON.stringify(actual)) {
    out.push(`${where}: expected ${short(expected)}, got ${short(actual)}`)
    return
  }
  const [ek, ak] = [kind(expected), kind(actual)]
  if (ek !== ak) {
    out.push(`${where}: expected ${ek} (${short(expected)}), got ${ak} (${short(actual)})`)
    return
  }
  if (ek === 'array') {
    const [e, a] = [expected as unknown[], actual as unknown[]]
    if ((e.length === 0) !== (a.length === 0)) out.push(`${where}: expected ${e.length} element(s), got ${a.length}`)
    for (let i = 0; i < Math.min(e.length, a.length); i++) compare(e[i], a[i], [...path, i], rules, out)
    return
  }
  if (ek !== 'object') return
  const [e, a] = [expected as Record<string, unknown>, actual as Record<string, unknown>]
  if (matches(path, rules.maps)) {
    const model = Object.values(e)[0]
    if (model === undefined) return
    for (const [key, value] of Object.entries(a)) compare(model, value, [...path, key], { ...rules, exact: [] }, out)
    return
  }
  const [eKeys, aKeys] = [Object.keys(e), Object.keys(a)]
  if (eKeys.join('\u0000') !== aKeys.join('\u0000')) {
    out.push(`${where}: expected keys [${eKeys.join(', ')}], got [${aKeys.join(', ')}]`)
  }
  for (const key of eKeys) if (key in a) compare(e[key], a[key], [...path, key], rules, out)
}

/** Every difference in shape between `expected` (Connect's answer) and `actual` (ours), one line each with its path. */
export function shapeDifferences (expected: unknown, actual: unknown, rules: ShapeRules = {}): string[] {
  const out: string[] = []
  compare(expected, actual, [], rules, out)
  return out
}
