/**
 * The AWS X-Ray trace header that SQS carries as the `AWSTraceHeader` system attribute
 * (`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`), and the W3C
 * `traceparent` it stands for (`00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01`).
 * Pure functions: no I/O, no logging.
 */

/** The parts of an X-Ray header that a W3C trace context needs. */
export interface XRayTrace {
  /** 32 lower-case hex digits: the Root's epoch seconds (8) and unique part (24). */
  readonly traceId: string
  /** 16 lower-case hex digits. */
  readonly parentId: string
  /** True only for `Sampled=1`; `0`, `?`, other values and no `Sampled` at all are false. */
  readonly sampled: boolean
}

export type XRayParseResult =
  | { readonly ok: true, readonly trace: XRayTrace }
  | { readonly ok: false, readonly reason: string }

const ROOT = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/
const PARENT = /^[0-9a-fA-F]{16}$/
const ALL_ZEROS = /^0+$/

function failure (reason: string): XRayParseResult {
  return { ok: false, reason }
}

/**
 * Parses an X-Ray trace header: `;`-separated `Key=Value` fields with optional blanks around them, keys
 * case-sensitive, unknown keys (Lineage, Self, ...) ignored. Root and Parent must each appear exactly once
 * and be well-formed, and neither id may be all zeros (W3C forbids those).
 */
export function parseXRayTraceHeader (header: string): XRayParseResult {
  const fields = new Map<string, string>()
  for (const raw of header.split(';')) {
    const field = raw.trim()
    if (field === '') continue
    const eq = field.indexOf('=')
    if (eq <= 0) return failure(`field "${field}" is not Key=Value`)
    const key = field.slice(0, eq).trim()
    if (fields.has(key)) return failure(`field ${key} appears more than once`)
    fields.set(key, field.slice(eq + 1).trim())
  }
  const root = fields.get('Root')
  const parent = fields.get('Parent')
  if (root === undefined) return failure('it has no Root')
  const rootMatch = ROOT.exec(root)
  if (rootMatch === null) return failure(`Root "${root}" is not 1-<8 hex digits>-<24 hex digits>`)
  if (parent === undefined) return failure('it has no Parent')
  if (!PARENT.test(parent)) return failure(`Parent "${parent}" is not 16 hex digits`)
  const traceId = `${rootMatch[1] ?? ''}${rootMatch[2] ?? ''}`.toLowerCase()
  if (ALL_ZEROS.test(traceId)) return failure('the Root trace id is all zeros')
  if (ALL_ZEROS.test(parent)) return failure('Parent is all zeros')
  return { ok: true, trace: { traceId, parentId: parent.toLowerCase(), sampled: fields.get('Sampled') === '1' } }
}

/** The W3C traceparent (version 00) for a parsed X-Ray trace: flags 01 when sampled, else 00. */
export function traceparentOf (trace: XRayTrace): string {
  return `00-${trace.traceId}-${trace.parentId}-${trace.sampled ? '01' : '00'}`
}

export type TraceparentResult =
  | { readonly ok: true, readonly traceparent: string }
  | { readonly ok: false, readonly reason: string }

/** The W3C traceparent an `AWSTraceHeader` value stands for, or why there is none. */
export function traceparentFromXRay (header: string): TraceparentResult {
  const parsed = parseXRayTraceHeader(header)
  return parsed.ok ? { ok: true, traceparent: traceparentOf(parsed.trace) } : parsed
}
