/**
 * The Connect headers of one SQS message: one per message attribute (as Confluent documents: String and
 * Number types get a string schema, Binary types a bytes schema, custom types `X.label` follow their base
 * type X), then the `AWSTraceHeader` system attribute, then, when asked for, a W3C `traceparent`.
 * docs/records.md has the table and the reasons.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../connect/connector.ts'
import { Headers } from '../../connect/data/headers.ts'
import { traceparentFromXRay } from './xray-trace-header.ts'

export const AWS_TRACE_HEADER = 'AWSTraceHeader'
export const TRACEPARENT = 'traceparent'

export interface HeaderOptions {
  /** `sqs.traceparent.enable`: derive a W3C traceparent header from AWSTraceHeader. */
  readonly traceparent: boolean
  /** Told (at debug level) why a message's AWSTraceHeader gave no traceparent. */
  readonly logger?: PluginLogger | undefined
}

/** `String.json` -> `String`: the part before the first dot. */
function baseType (dataType: string): string {
  const dot = dataType.indexOf('.')
  return dot < 0 ? dataType : dataType.slice(0, dot)
}

/**
 * One attribute as a header. String and Number values are kept as the exact text SQS returned (a Number
 * is never re-formatted: `1.5E+3`, `-0` and 38-digit values stay as sent). A type that is none of the
 * three (SQS refuses those; only a non-conforming server could return one) follows the value it carries.
 */
function addAttribute (headers: Headers, name: string, attribute: MessageAttributeValue): void {
  switch (baseType(attribute.DataType ?? '')) {
    case 'String':
    case 'Number':
      headers.addString(name, attribute.StringValue ?? null)
      return
    case 'Binary':
      headers.addBytes(name, attribute.BinaryValue ?? null)
      return
    default:
      if (attribute.StringValue === undefined && attribute.BinaryValue !== undefined) headers.addBytes(name, attribute.BinaryValue)
      else headers.addString(name, attribute.StringValue ?? null)
  }
}

/** Attribute names in UTF-16 code unit order, which for SQS's ASCII names is byte order. */
function byName (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The message's headers. Attributes come sorted by name: servers return them in differing orders (and a
 * JS object moves integer-like names such as `42` first), so the only stable order is one we choose.
 */
export function messageHeaders (message: Message, options: HeaderOptions): Headers {
  const headers = new Headers()
  const attributes = message.MessageAttributes ?? {}
  const names = Object.keys(attributes).sort(byName)
  for (const name of names) {
    const attribute = attributes[name]
    if (attribute !== undefined) addAttribute(headers, name, attribute)
  }
  const trace = message.Attributes?.AWSTraceHeader
  if (trace === undefined) return headers
  headers.addString(AWS_TRACE_HEADER, trace)
  if (!options.traceparent) return headers
  if (names.includes(TRACEPARENT)) {
    // The sender propagated its own W3C context (OpenTelemetry does so); it is more precise than one derived from X-Ray.
    options.logger?.debug({ messageId: message.MessageId }, 'message attribute traceparent present; no traceparent derived from AWSTraceHeader')
    return headers
  }
  const derived = traceparentFromXRay(trace)
  if (derived.ok) headers.addString(TRACEPARENT, derived.traceparent)
  else options.logger?.debug({ messageId: message.MessageId, reason: derived.reason }, `AWSTraceHeader gives no traceparent: ${derived.reason}`)
  return headers
}
