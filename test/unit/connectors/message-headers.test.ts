import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs'
import type { PluginLogger } from '../../../src/connect/connector.ts'
import { Schemas } from '../../../src/connect/data/schema.ts'
import { messageHeaders } from '../../../src/connectors/sqs/message-headers.ts'
import { toSourceRecord } from '../../../src/connectors/sqs/record-mapper.ts'

const XRAY = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
const TRACEPARENT = '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01'

function message (attributes: Record<string, MessageAttributeValue>, awsTraceHeader?: string): Message {
  return {
    MessageId: 'm-1',
    Body: 'b',
    Attributes: {
      ApproximateFirstReceiveTimestamp: '1700000005000', ApproximateReceiveCount: '1', SenderId: 'AIDAEXAMPLE', SentTimestamp: '1700000004000',
      ...(awsTraceHeader === undefined ? {} : { AWSTraceHeader: awsTraceHeader })
    },
    MessageAttributes: attributes
  }
}

function recordingLogger (): PluginLogger & { debugs: Array<{ obj: object, msg: string }> } {
  const debugs: Array<{ obj: object, msg: string }> = []
  const ignore = (): void => {}
  return { debugs, debug: (obj, msg) => { debugs.push({ obj, msg }) }, info: ignore, warn: ignore, error: ignore }
}

/** [key, schema, value] of every header, in order. */
function triples (m: Message, traceparent = false, logger?: PluginLogger): Array<[string, unknown, unknown]> {
  return [...messageHeaders(m, { traceparent, logger })].map((h) => [h.key, h.schema, h.value])
}

test('every type and custom type: String/Number as string headers with the exact text, Binary as bytes; sorted by name', () => {
  const bytes = Uint8Array.from([0, 1, 0x7f, 0x80, 0xff])
  const m = message({
    zeta: { DataType: 'String', StringValue: 'z' },
    '42': { DataType: 'Number', StringValue: '1.5E+3' },
    Alpha: { DataType: 'Number.int', StringValue: '007' },
    bin: { DataType: 'Binary', BinaryValue: bytes },
    'b.custom': { DataType: 'Binary.png', BinaryValue: Uint8Array.from([1]) },
    '7': { DataType: 'String.json', StringValue: '{"a":1}' },
    minus_zero: { DataType: 'Number', StringValue: '-0' },
    big: { DataType: 'Number', StringValue: '123456789012345678901234567890' },
    emoji: { DataType: 'String', StringValue: 'é😀' },
    'a-b': { DataType: 'String.with.dots', StringValue: 'null' }
  })
  assert.deepEqual(triples(m), [
    ['42', Schemas.OPTIONAL_STRING, '1.5E+3'],
    ['7', Schemas.OPTIONAL_STRING, '{"a":1}'],
    ['Alpha', Schemas.OPTIONAL_STRING, '007'],
    ['a-b', Schemas.OPTIONAL_STRING, 'null'],
    ['b.custom', Schemas.OPTIONAL_BYTES, Uint8Array.from([1])],
    ['big', Schemas.OPTIONAL_STRING, '123456789012345678901234567890'],
    ['bin', Schemas.OPTIONAL_BYTES, bytes],
    ['emoji', Schemas.OPTIONAL_STRING, 'é😀'],
    ['minus_zero', Schemas.OPTIONAL_STRING, '-0'],
    ['zeta', Schemas.OPTIONAL_STRING, 'z']
  ])
})

test('the order does not depend on the order the server returned the attributes in', () => {
  const a = { DataType: 'String', StringValue: 'a' }
  const b = { DataType: 'Number', StringValue: '2' }
  assert.deepEqual(triples(message({ y: a, x: b, '10': a, '9': b })).map((t) => t[0]), ['10', '9', 'x', 'y'])
  assert.deepEqual(triples(message({ x: b, y: a, '9': b, '10': a })).map((t) => t[0]), ['10', '9', 'x', 'y'])
})

test('odd cases: empty values stay empty, missing values become null headers, unknown types follow their value', () => {
  const m = message({
    emptyBinary: { DataType: 'Binary', BinaryValue: new Uint8Array(0) },
    emptyString: { DataType: 'String', StringValue: '' },
    noBinary: { DataType: 'Binary' },
    noString: { DataType: 'Number' },
    unknownText: { DataType: 'Text', StringValue: 't' },
    unknownBytes: { DataType: 'Blob', BinaryValue: Uint8Array.from([9]) },
    // The SDK's type makes DataType required; a non-conforming server could still leave it out.
    noType: { StringValue: 's' } as MessageAttributeValue,
    lowerCase: { DataType: 'binary', BinaryValue: Uint8Array.from([8]) },
    // The type decides, not the value that happens to be there.
    stringWithBytes: { DataType: 'String', BinaryValue: Uint8Array.from([7]) },
    nothing: {} as MessageAttributeValue
  })
  assert.deepEqual(triples(m), [
    ['emptyBinary', Schemas.OPTIONAL_BYTES, new Uint8Array(0)],
    ['emptyString', Schemas.OPTIONAL_STRING, ''],
    ['lowerCase', Schemas.OPTIONAL_BYTES, Uint8Array.from([8])],
    ['noBinary', Schemas.OPTIONAL_BYTES, null],
    ['noString', Schemas.OPTIONAL_STRING, null],
    ['noType', Schemas.OPTIONAL_STRING, 's'],
    ['nothing', Schemas.OPTIONAL_STRING, null],
    ['stringWithBytes', Schemas.OPTIONAL_STRING, null],
    ['unknownBytes', Schemas.OPTIONAL_BYTES, Uint8Array.from([9])],
    ['unknownText', Schemas.OPTIONAL_STRING, 't']
  ])
})

test('no attributes, no headers', () => {
  assert.deepEqual(triples({ ...message({}), MessageAttributes: undefined }), [])
  assert.deepEqual(triples(message({})), [])
})

test('AWSTraceHeader becomes a string header after the attributes; no traceparent unless enabled', () => {
  const m = message({ z: { DataType: 'String', StringValue: 'last attribute' } }, XRAY)
  assert.deepEqual(triples(m), [['z', Schemas.OPTIONAL_STRING, 'last attribute'], ['AWSTraceHeader', Schemas.OPTIONAL_STRING, XRAY]])
})

test('with sqs.traceparent.enable, a well-formed AWSTraceHeader also gives a W3C traceparent, last', () => {
  const logger = recordingLogger()
  assert.deepEqual(triples(message({}, XRAY), true, logger), [
    ['AWSTraceHeader', Schemas.OPTIONAL_STRING, XRAY],
    ['traceparent', Schemas.OPTIONAL_STRING, TRACEPARENT]
  ])
  assert.deepEqual(logger.debugs, [])
  assert.deepEqual(triples(message({}, XRAY.replace('Sampled=1', 'Sampled=0')), true).at(-1), ['traceparent', Schemas.OPTIONAL_STRING, TRACEPARENT.replace(/01$/, '00')])
})

test('a malformed AWSTraceHeader is still carried, gives no traceparent, and says why at debug level', () => {
  const logger = recordingLogger()
  const malformed = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1'
  assert.deepEqual(triples(message({}, malformed), true, logger), [['AWSTraceHeader', Schemas.OPTIONAL_STRING, malformed]])
  assert.equal(logger.debugs.length, 1)
  assert.deepEqual(logger.debugs[0]?.obj, { messageId: 'm-1', reason: 'it has no Parent' })
  assert.match(logger.debugs[0]?.msg ?? '', /AWSTraceHeader gives no traceparent: it has no Parent/)
})

test('no AWSTraceHeader, no trace headers and nothing logged, even when enabled', () => {
  const logger = recordingLogger()
  assert.deepEqual(triples(message({ a: { DataType: 'String', StringValue: 'x' } }), true, logger), [['a', Schemas.OPTIONAL_STRING, 'x']])
  assert.deepEqual(logger.debugs, [])
})

test('a traceparent message attribute (the sender\'s own W3C context) wins over one derived from X-Ray', () => {
  const logger = recordingLogger()
  const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
  assert.deepEqual(triples(message({ traceparent: { DataType: 'String', StringValue: own } }, XRAY), true, logger), [
    ['traceparent', Schemas.OPTIONAL_STRING, own],
    ['AWSTraceHeader', Schemas.OPTIONAL_STRING, XRAY]
  ])
  assert.equal(logger.debugs.length, 1)
})

test('toSourceRecord carries these headers; traceparent is off unless asked for', () => {
  const m = message({ n: { DataType: 'Number', StringValue: '1' } }, XRAY)
  assert.deepEqual([...toSourceRecord('q', 't', m).headers].map((h) => h.key), ['n', 'AWSTraceHeader'])
  assert.deepEqual([...toSourceRecord('q', 't', m, { traceparent: true }).headers].map((h) => h.key), ['n', 'AWSTraceHeader', 'traceparent'])
})
