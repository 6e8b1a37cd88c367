/**
 * Benchmark message bodies carry their own identity: `bench#<seq>@<sentMs>;` then padding up to the body size.
 * The harness finds the marker in whatever bytes a system writes to Kafka (our JSON value, a peer's raw body), so
 * it can count distinct messages, duplicates and losses, and measure latency from the send time, for every system
 * alike. The marker uses only characters that no converter escapes.
 */
const PREFIX = 'bench#'
const PREFIX_BYTES = Buffer.from(PREFIX, 'latin1')

export interface BodyMarker {
  /** 0-based position in the send order of one scenario run. */
  readonly seq: number
  /** The sender's clock (epoch ms) just before the SendMessageBatch call that carried it. */
  readonly sentMs: number
}

/** A body of exactly `bytes` ASCII characters (at least the marker's length) that starts with the marker. */
export function benchBody (marker: BodyMarker, bytes: number): string {
  const head = `${PREFIX}${marker.seq}@${marker.sentMs};`
  return bytes <= head.length ? head : head + 'x'.repeat(bytes - head.length)
}

/** The first marker in `value` (a Kafka record value, an SQS body), or undefined when there is none. */
export function readMarker (value: Buffer | string | null | undefined): BodyMarker | undefined {
  if (value === null || value === undefined) return undefined
  const bytes = typeof value === 'string' ? Buffer.from(value.slice(0, 256), 'latin1') : value
  const at = bytes.indexOf(PREFIX_BYTES)
  if (at < 0) return undefined
  let i = at + PREFIX_BYTES.length
  const seq = digits(bytes, i)
  if (seq === undefined || bytes[seq.end] !== 0x40) return undefined
  i = seq.end + 1
  const sent = digits(bytes, i)
  if (sent === undefined || bytes[sent.end] !== 0x3b) return undefined
  return { seq: seq.value, sentMs: sent.value }
}

function digits (bytes: Buffer, from: number): { value: number, end: number } | undefined {
  let value = 0
  let i = from
  while (i < bytes.length && i - from < 16) {
    const c = bytes[i]!
    if (c < 0x30 || c > 0x39) break
    value = value * 10 + (c - 0x30)
    i++
  }
  return i === from ? undefined : { value, end: i }
}
