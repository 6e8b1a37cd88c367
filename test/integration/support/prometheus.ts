/** Reads Prometheus' text format (0.0.4) back into samples, for assertions on a /metrics scrape. */
import assert from 'node:assert/strict'

export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

/** Every sample line of `text`; comments and blank lines are skipped, a malformed line throws. */
export function parsePrometheusText (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = LINE.exec(line)
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\')
    const raw = match[3]!
    samples.push({ name: match[1]!, labels, value: /^nan$/i.test(raw) ? Number.NaN : raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) })
  }
  return samples
}

/** The value of the one sample called `name` whose labels include `labels`; throws when there is none or several. */
export function sampleValue (samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  if (found.length !== 1) throw new Error(`expected one sample ${name}${JSON.stringify(labels)}, found ${found.length}`)
  return found[0]!.value
}

/** GET `baseUrl`/metrics (asserting a 200): the text, its content type and its samples. */
export async function scrapeMetrics (baseUrl: string): Promise<{ text: string, contentType: string | null, samples: Sample[] }> {
  const response = await fetch(`${baseUrl}/metrics`)
  assert.equal(response.status, 200)
  const text = await response.text()
  return { text, contentType: response.headers.get('content-type'), samples: parsePrometheusText(text) }
}
