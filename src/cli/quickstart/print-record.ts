/**
 * Shows a Kafka record the way a user wants to read it: where it is, the exact key and value bytes
 * (as kafka-console-consumer prints them), the value's payload laid out, and the headers.
 */
import type { ReadRecord } from '../../kafka/topic-reader.ts'

function payloadOf (bytes: Buffer | null): string | undefined {
  if (bytes === null) return undefined
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as { payload?: unknown }
    return doc.payload === undefined ? undefined : JSON.stringify(doc.payload, null, 2)
  } catch {
    return undefined
  }
}

/** A multi-line rendering of one record. */
export function formatRecord (record: ReadRecord): string {
  const indent = (text: string): string => text.split('\n').map((l) => '      ' + l).join('\n')
  const headers = record.headers.map(([k, v]) => `      ${k}: ${v?.toString('utf8') ?? 'null'}`).join('\n')
  const payload = payloadOf(record.value)
  return [
    `── topic ${record.topic}, partition ${record.partition}, offset ${record.offset}, timestamp ${record.timestamp}`,
    `  key:     ${record.key?.toString('utf8') ?? 'null'}`,
    `  value:   ${record.value?.toString('utf8') ?? 'null'}`,
    ...(payload === undefined ? [] : ['  value payload, laid out:', indent(payload)]),
    '  headers:',
    headers === '' ? '      (none)' : headers
  ].join('\n')
}
