/**
 * The cases run through both Kafka's converters (ConverterHarness.java) and ours. Every expected
 * byte comes from Kafka at test time; nothing here is an expected output.
 */
import { f32, f64, type ConverterCase, type Json, type SchemaDesc } from './case-decoder.ts'

const str = (optional = false): SchemaDesc => ({ type: 'string', optional })

/** The seed's key struct: unnamed, version 1, required. */
export const SQS_KEY: SchemaDesc = {
  type: 'struct', version: 1,
  fields: [['QueueUrl', str()], ['MessageId', str()], ['MessageGroupId', str(true)]]
}

/** The seed's value struct: unnamed, version 1, required. */
export const SQS_VALUE: SchemaDesc = {
  type: 'struct', version: 1,
  fields: [
    ['ApproximateFirstReceiveTimestamp', { type: 'int64' }], ['ApproximateReceiveCount', { type: 'int32' }],
    ['SenderId', str()], ['SentTimestamp', { type: 'int64' }], ['MessageDeduplicationId', str(true)],
    ['MessageGroupId', str(true)], ['SequenceNumber', str(true)], ['Body', str()]
  ]
}

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'

function sqsValue (body: string, fifo = false, first = '1700000000123'): Json {
  return {
    ApproximateFirstReceiveTimestamp: first, ApproximateReceiveCount: fifo ? 2 : 1, SenderId: 'AIDAEXAMPLE',
    SentTimestamp: '1700000000000', MessageDeduplicationId: fifo ? 'dedup-1' : null,
    MessageGroupId: fifo ? 'customer-7' : null, SequenceNumber: fifo ? '18881234567890123456' : null, Body: body
  }
}

const CONTROLS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')

/** Bodies that exercise every escaping rule. */
export const BODIES: Readonly<Record<string, string>> = {
  json: '{"orderId":42}',
  empty: '',
  accents: 'Crème brûlée, naïve café, Ångström, Ærø',
  cjk: '日本語のテキスト 中文 한국어',
  astral: '😀 👍🏽 𝄞 🇫🇷 \u{10FFFF}',
  controls: CONTROLS,
  quotes: 'He said "hi" \\ C:\\path\\to "x"',
  raw: 'a/b </script> \u2028 \u2029 \u007f \u0080 \u00a0 \ufeff \uffff',
  loneHigh: 'x\ud800y',
  loneLow: 'x\udc00y',
  reversedPair: '\ude00\ud83d',
  trailingHigh: 'end\ud83d'
}

function bigBody (): string {
  const unit = 'Kafka Connect é日😀"\\\n\t\u0001/\u2028 '
  let s = ''
  while (s.length < 256 * 1024) s += unit
  return s.slice(0, 256 * 1024)
}

/**
 * 64 KiB+ bodies, one per way JsonConverter writes a large string (json-bytes.ts): nothing to escape (ASCII, and
 * multi-byte), quotes and backslashes only, controls and astral characters (one at the very end), a lone surrogate.
 */
function largeBodies (): Record<string, string> {
  const ascii = 'x'.repeat(64 * 1024)
  const json = JSON.stringify({ items: Array.from({ length: 1600 }, (_, i) => ({ id: i, path: `C:\\dir\\${i}`, note: 'say "hi"' })) })
  return {
    'plain-ascii': ascii,
    'plain-multibyte': 'é日ü€'.repeat(16 * 1024),
    'quotes-backslashes': json,
    'control-at-end': ascii + '\u0001',
    'astral-at-end': ascii + '😀',
    'astral-and-controls': ('abc😀\t"\\\u001f日 ').repeat(8 * 1024),
    'lone-surrogate': ascii.slice(0, 30000) + '\udc00' + ascii.slice(30000)
  }
}

const DOUBLES = [0.1, 1, 100, 1e7, 1e10, 1e-5, 1e-3, 9.99e-4, 1e23, 2e23, -0, 0, 5e-324, Number.MAX_VALUE, 1 / 3,
  123456789.123, Number.MAX_VALUE / 1e8, 2 ** 53 + 2, 4.35, 0.3, NaN, Infinity, -Infinity, -1.5, 6.02214076e23]
const FLOATS = [0.1, 1, 16777216, 3.4028234663852886e38, 1.401298464324817e-45, 1.13132703e18, 4177209.25, 1e10, -2.5, NaN, -Infinity]

const DECIMAL = (scale: number, optional = false): SchemaDesc =>
  ({ type: 'bytes', optional, name: 'org.apache.kafka.connect.data.Decimal', version: 1, params: { scale: String(scale) } })

/** A seeded generator (mulberry32), so the random cases are the same on every run. */
function random (seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Doubles from every corner of the format: raw bit patterns, scaled fractions, short decimals, powers of two. */
function randomDoubles (n: number): string[] {
  const next = random(42)
  const view = new DataView(new ArrayBuffer(8))
  return Array.from({ length: n }, (_, i) => {
    switch (i % 4) {
      case 0:
        view.setUint32(0, Math.floor(next() * 2 ** 32))
        view.setUint32(4, Math.floor(next() * 2 ** 32))
        return f64(view.getFloat64(0))
      case 1: return f64(next() * 10 ** Math.floor(next() * 60 - 30))
      case 2: return f64(Math.round(next() * 1e6) / 10 ** Math.floor(next() * 8))
      default: return f64(2 ** Math.floor(next() * 2098 - 1074) * (next() < 0.5 ? 1 : 3))
    }
  })
}

/** Floats likewise: raw bit patterns and short decimals rounded to float32. */
function randomFloats (n: number): string[] {
  const next = random(7)
  const view = new DataView(new ArrayBuffer(4))
  return Array.from({ length: n }, (_, i) => {
    if (i % 2 === 0) {
      view.setUint32(0, Math.floor(next() * 2 ** 32))
      return f32(view.getFloat32(0))
    }
    return f32(Math.round(next() * 1e7) / 10 ** Math.floor(next() * 12 - 3))
  })
}

/** One SQS message attribute as a server returns it; binary values in base64. */
export interface AttributeCase {
  readonly name: string
  readonly dataType: string
  readonly stringValue?: string
  readonly binaryBase64?: string
}

const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64')

/**
 * Attributes whose headers (the record mapper's schema and value, then our SimpleHeaderConverter) must
 * equal what Kafka's SimpleHeaderConverter writes for a string (String/Number types) or bytes (Binary
 * types) header holding the same value.
 */
export const ATTRIBUTE_CASES: readonly AttributeCase[] = [
  ...['1', '-0', '0', '1.5E+3', '1.5e-3', '007', '+5', '-1.50', '123456789012345678901234567890',
    '12345678901234567890123456789012345678', '1E+126', '1E-128', '0.1', '9007199254740993'].map((n, i) =>
    ({ name: `number${i}`, dataType: 'Number', stringValue: n })),
  { name: 'numberInt', dataType: 'Number.int', stringValue: '42' },
  { name: 'numberFloat', dataType: 'Number.float', stringValue: '3.14159265358979323846264338327950288' },
  ...['true', 'false', 'null', 'TRUE', '[1,2]', '{"a":1}', '"quoted"', 'back\\slash', ' padded ', 'tab\tnew\nline\r',
    'é日本😀 \u{10FFFF}', '\u2028\ufeff', 'AAEC/w==', '', 'x'.repeat(4096)].map((text, i) =>
    ({ name: `string${i}`, dataType: 'String', stringValue: text })),
  { name: 'stringJson', dataType: 'String.json', stringValue: '{"k":[true,null]}' },
  { name: 'stringDotted', dataType: 'String.a.b', stringValue: 'dotted label' },
  ...[[0], [255], [0, 1, 2, 255], [], Array.from({ length: 256 }, (_, i) => i), [0xc3, 0x28, 0xfe], [0x68, 0x69]].map((bytes, i) =>
    ({ name: `binary${i}`, dataType: 'Binary', binaryBase64: b64(bytes) })),
  { name: 'binaryGif', dataType: 'Binary.gif', binaryBase64: b64([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x00, 0xff]) }
]

/** The Connect header an attribute becomes, as Confluent documents it, in the case format. */
export function attributeHeaderCase (a: AttributeCase): ConverterCase {
  return a.dataType.startsWith('Binary')
    ? { id: `attribute-${a.name}`, schema: { type: 'bytes', optional: true }, value: a.binaryBase64 ?? null }
    : { id: `attribute-${a.name}`, schema: str(true), value: a.stringValue ?? null }
}

/** An AWSTraceHeader value, and the W3C traceparent it stands for. */
export const XRAY_TRACE = {
  awsTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  traceparent: '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01'
} as const

function one (id: string, schema: SchemaDesc | null, value: Json): ConverterCase {
  return { id, schema, value }
}

/** All cases, in a stable order. */
export function converterCases (): ConverterCase[] {
  const cases: ConverterCase[] = [
    one('sqs-key-standard', SQS_KEY, { QueueUrl: QUEUE, MessageId: '5fea7756-0ea4-451a-a703-a558b933e274', MessageGroupId: null }),
    one('sqs-key-fifo', SQS_KEY, { QueueUrl: QUEUE + '.fifo', MessageId: 'c1b9d3e0-7f4a-4f7e-9d1e-2b6f5e8a9c10', MessageGroupId: 'customer-7' }),
    one('sqs-value-fifo', SQS_VALUE, sqsValue('hello', true, '1700000005000')),
    one('sqs-value-big-int64', SQS_VALUE, sqsValue('x', false, '9007199254740993')),
    one('sqs-value-max-int64', SQS_VALUE, sqsValue('x', false, '9223372036854775807')),
    one('sqs-value-min-int64', SQS_VALUE, sqsValue('x', false, '-9223372036854775808')),
    one('sqs-value-256k', SQS_VALUE, sqsValue(bigBody())),
    ...Object.entries(largeBodies()).map(([name, body]) => one(`sqs-value-large-${name}`, SQS_VALUE, sqsValue(body))),
    ...Object.entries(largeBodies()).map(([name, body]) => one(`string-large-${name}`, str(), body)),
    one('sqs-value-missing-body', SQS_VALUE, { ...(sqsValue('') as Record<string, Json>), Body: null }),
    ...Object.entries(BODIES).map(([name, body]) => one(`sqs-value-body-${name}`, SQS_VALUE, sqsValue(body))),
    ...Object.entries(BODIES).map(([name, body]) => one(`header-string-${name}`, str(true), body)),
    ...ATTRIBUTE_CASES.map(attributeHeaderCase),
    one('trace-AWSTraceHeader', str(true), XRAY_TRACE.awsTraceHeader),
    one('trace-traceparent', str(true), XRAY_TRACE.traceparent),
    one('header-bytes', { type: 'bytes', optional: true }, Buffer.from([0, 1, 2, 255]).toString('base64')),
    one('bytes-empty', { type: 'bytes' }, ''),
    one('header-int32', { type: 'int32' }, 42),
    one('header-boolean', { type: 'boolean' }, true),
    one('header-null', str(true), null),
    one('int8', { type: 'int8' }, -128),
    one('int16', { type: 'int16' }, 32767),
    one('doubles', { type: 'array', items: { type: 'float64' } }, DOUBLES.map(f64)),
    ...DOUBLES.map((d, i) => one(`double-${i}`, { type: 'float64' }, f64(d))),
    one('floats', { type: 'array', items: { type: 'float32' } }, FLOATS.map(f32)),
    ...FLOATS.map((f, i) => one(`float-${i}`, { type: 'float32' }, f32(f))),
    one('random-doubles', { type: 'array', items: { type: 'float64' } }, randomDoubles(8000)),
    one('random-floats', { type: 'array', items: { type: 'float32' } }, randomFloats(8000)),
    one('decimal-10.25', DECIMAL(2), '10.25'),
    one('decimal-negative', DECIMAL(2), '-1.50'),
    one('decimal-small', DECIMAL(8), '0.00000010'),
    one('decimal-zero', DECIMAL(0), '0'),
    one('decimal-128', DECIMAL(0), '128'),
    one('decimal-big', DECIMAL(5), '-12345678901234567890.12345'),
    one('decimal-negative-scale', DECIMAL(-3), '1E+3'),
    one('decimal-scale-mismatch', DECIMAL(2), '10.5'),
    one('decimal-in-struct', { type: 'struct', fields: [['amount', DECIMAL(2)], ['fee', DECIMAL(2, true)]] }, { amount: '-0.01', fee: null }),
    one('date', { type: 'int32', name: 'org.apache.kafka.connect.data.Date', version: 1 }, 19000),
    one('time', { type: 'int32', name: 'org.apache.kafka.connect.data.Time', version: 1 }, 3723004),
    one('timestamp', { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }, '1700000000123'),
    one('timestamp-negative', { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }, '-1'),
    one('logical-struct', {
      type: 'struct',
      fields: [
        ['d', { type: 'int32', name: 'org.apache.kafka.connect.data.Date', version: 1 }],
        ['t', { type: 'int32', name: 'org.apache.kafka.connect.data.Time', version: 1 }],
        ['ts', { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }]
      ]
    }, { d: 0, t: 86399999, ts: '1700000000000' }),
    one('map-string-keys', { type: 'map', keys: str(), values: { type: 'int32', optional: true } }, [['a', 1], ['b"\n', null], ['日', 3]]),
    one('map-int-keys', { type: 'map', keys: { type: 'int32' }, values: str() }, [[1, 'a'], [2, 'b']]),
    one('map-null-key', { type: 'map', keys: str(true), values: str() }, [[null, 'n'], ['k', 'v']]),
    one('map-of-arrays', { type: 'map', keys: { type: 'int64' }, values: { type: 'array', items: { type: 'float64' } } },
      [['9007199254740993', [f64(1.5), f64(-0)]]]),
    one('array-optional-items', { type: 'array', items: str(true), optional: true }, ['a', null, 'c']),
    one('array-of-structs', { type: 'array', items: SQS_KEY }, [{ QueueUrl: 'q', MessageId: 'm' }, { QueueUrl: 'q2', MessageId: 'm2', MessageGroupId: 'g' }]),
    one('struct-defaults', {
      type: 'struct', optional: true, name: 'com.example.Rec', version: 3, doc: 'd "quoted" \u0001', params: { p1: 'v1', 'p"2': 'é' },
      fields: [
        ['f', { type: 'int32', optional: true, default: 7 }], ['s', { type: 'string', default: 'dflt' }],
        ['na\u00efve "q"', { type: 'boolean', optional: true }], ['d', { type: 'float64', default: f64(2.5) }],
        ['m', DECIMAL(2, true)], ['b', { type: 'bytes', optional: true, default: 'AAEC/w==' }]
      ]
    }, {}),
    one('struct-optional-default', { type: 'struct', fields: [['f', { type: 'int32', optional: true, default: 7 }]] }, {}),
    one('struct-nested', { type: 'struct', fields: [['key', SQS_KEY], ['n', { type: 'int16', optional: true }], ['tags', { type: 'array', items: str() }]] },
      { key: { QueueUrl: 'q', MessageId: 'm' }, n: 5, tags: ['x', 'y'] }),
    one('struct-with-bytes', { type: 'struct', fields: [['b', { type: 'bytes' }]] }, { b: 'AAEC/w==' }),
    one('struct-empty', { type: 'struct', fields: [] }, {}),
    one('optional-null', str(true), null),
    one('optional-int-null', { type: 'int32', optional: true }, null),
    one('required-null', str(), null),
    one('required-null-with-default', { type: 'int32', default: 5 }, null),
    one('tombstone', null, null),
    one('schemaless-string', null, { t: 'string', v: 'plain "q" é😀' }),
    one('schemaless-int64', null, { t: 'int64', v: '9223372036854775807' }),
    one('schemaless-double', null, { t: 'float64', v: f64(0.1) }),
    one('schemaless-bytes', null, { t: 'bytes', v: 'AAEC/w==' }),
    one('schemaless-boolean', null, { t: 'boolean', v: false }),
    one('schemaless-array', null, { t: 'array', v: [{ t: 'string', v: 'a' }, { t: 'int64', v: '1' }, { t: 'null' }, { t: 'float64', v: f64(2.5) }] }),
    one('schemaless-map', null, { t: 'map', v: [[{ t: 'string', v: 'k' }, { t: 'string', v: 'v' }], [{ t: 'string', v: 'n' }, { t: 'int64', v: '2' }]] }),
    one('schemaless-map-mixed-keys', null, { t: 'map', v: [[{ t: 'int64', v: '1' }, { t: 'string', v: 'a' }], [{ t: 'string', v: 'k' }, { t: 'bytes', v: 'AA==' }]] })
  ]
  return cases
}
