/** Shows a Kafka record the way a user wants to read it: where it is, key, value JSON, headers. */
import type { ReadRecord } from '../../kafka/topic-reader.ts'

function pretty (bytes: Buffer | null): string {
  if (bytes === null) return 'null'
  const text = bytes.toString('utf8')
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** A multi-line, indented rendering of one record. */
export function formatRecord (record: ReadRecord): string {
  const indent = (text: string): string => text.split('\n').map((l) => '    ' + l).join('\n')
  const headers = record.headers.map(([k, v]) => `    ${k}: ${v.toString('utf8')}`).join('\n')
  return [
    `── ${record.topic} partition ${record.partition} offset ${record.offset} (timestamp ${record.timestamp})`,
    '  key:',
    indent(pretty(record.key)),
    '  value:',
    indent(pretty(record.value)),
    '  headers:',
    headers === '' ? '    (none)' : headers
  ].join('\n')
}
