/**
 * Records and SMT chains run through both Kafka's transformations (SmtHarness.java) and ours. Every
 * expected output comes from Kafka at test time; nothing here is an expected result.
 */
import type { Json, SchemaDesc } from './case-decoder.ts'
import { SQS_KEY, SQS_VALUE } from './converter-cases.ts'

export interface StageDesc {
  readonly type: string
  readonly config?: Record<string, string>
  readonly predicate?: { readonly type: string, readonly config?: Record<string, string> }
  readonly negate?: boolean
}

export interface RecordDesc {
  readonly topic: string
  readonly partition: number | null
  readonly timestamp: string | null
  readonly keySchema: SchemaDesc | null
  readonly key: Json
  readonly valueSchema: SchemaDesc | null
  readonly value: Json
  readonly headers: Array<[string, SchemaDesc | null, Json]>
}

export interface SmtCase {
  readonly id: string
  readonly stages: readonly StageDesc[]
  readonly record: RecordDesc
}

const T = 'org.apache.kafka.connect.transforms.'
const P = 'org.apache.kafka.connect.transforms.predicates.'
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo'
const str = (optional = false): SchemaDesc => ({ type: 'string', optional })
const s = (v: string): Json => ({ t: 'string', v })
const i32 = (v: number): Json => ({ t: 'int32', v })
const i64 = (v: string): Json => ({ t: 'int64', v })
const map = (...entries: Array<[string, Json]>): Json => ({ t: 'map', v: entries.map(([k, v]) => [s(k), v]) })

/** An SQS record as the connector maps it: the seed's key and value structs, attribute headers, no timestamp. */
function sqs (fifo: boolean, overrides: Partial<RecordDesc> = {}): RecordDesc {
  return {
    topic: 'orders-eu',
    partition: null,
    timestamp: null,
    keySchema: SQS_KEY,
    key: { QueueUrl: QUEUE, MessageId: 'm-1', MessageGroupId: fifo ? 'customer-7' : null },
    valueSchema: SQS_VALUE,
    value: {
      ApproximateFirstReceiveTimestamp: '1700000000123', ApproximateReceiveCount: 2, SenderId: 'AIDAEXAMPLE',
      SentTimestamp: '1700000000000', MessageDeduplicationId: fifo ? 'dedup-1' : null,
      MessageGroupId: fifo ? 'customer-7' : null, SequenceNumber: fifo ? '18881234567890123456' : null, Body: '{"orderId":42}'
    },
    headers: [['priority', str(true), 'high'], ['trace', { type: 'bytes', optional: true }, 'AAEC']],
    ...overrides
  }
}

const stamped = (overrides: Partial<RecordDesc> = {}): RecordDesc => sqs(true, { timestamp: '1700000000123', partition: 3, ...overrides })

/** A schemaless record: a map value (JsonConverter with schemas.enable=false gives these). */
function schemaless (value: Json, overrides: Partial<RecordDesc> = {}): RecordDesc {
  return { topic: 'orders-eu', partition: null, timestamp: '1700000000123', keySchema: null, key: s('k-1'), valueSchema: null, value, headers: [], ...overrides }
}

const ORDER_MAP = map(['orderId', i32(42)], ['customer', s('c-7')], ['total', { t: 'float64', v: '4028b33333333333' }], ['paid', { t: 'boolean', v: true }],
  ['createdAt', i64('1700000000123')], ['note', { t: 'null', v: null }], ['MessageGroupId', s('customer-7')], ['Body', s('x')], ['zeta', s('z')], ['alpha', s('a')])

const NESTED: SchemaDesc = {
  type: 'struct', name: 'com.example.Order', version: 3,
  fields: [
    ['id', { type: 'int32' }],
    ['customer', { type: 'struct', optional: true, fields: [['name', str()], ['address', { type: 'struct', fields: [['city', str()], ['zip', str(true)]] }]] }],
    ['tags', { type: 'array', items: str() }],
    ['dotted.name', { type: 'struct', optional: true, fields: [['inner', str()]] }]
  ]
}
const nested = (): RecordDesc => ({
  ...sqs(false),
  valueSchema: NESTED,
  value: { id: 7, customer: { name: 'Ann', address: { city: 'Oslo', zip: null } }, tags: ['a', 'b'], 'dotted.name': { inner: 'deep' } }
})

const DEFAULTS: SchemaDesc = {
  type: 'struct',
  fields: [
    ['region', { type: 'string', optional: true, default: 'eu-west-1' }],
    ['count', { type: 'int32', optional: true, default: 5 }],
    ['label', str(true)],
    ['at', { type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }],
    ['day', { type: 'int32', optional: true, name: 'org.apache.kafka.connect.data.Date', version: 1 }],
    ['ratio', { type: 'float32', optional: true }],
    ['ok', { type: 'boolean', optional: true }]
  ]
}
const withDefaults = (): RecordDesc => ({
  ...sqs(false), valueSchema: DEFAULTS, value: { region: null, count: null, label: 'l', at: '1700000000123', day: 19675, ratio: '3fc00000', ok: true }
})

const DECIMALS: SchemaDesc = {
  type: 'struct',
  fields: [
    ['price', { type: 'bytes', name: 'org.apache.kafka.connect.data.Decimal', version: 1, params: { scale: '2' } }],
    ['at', { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }],
    ['flag', { type: 'boolean' }],
    ['small', { type: 'int8' }],
    ['raw', { type: 'bytes', optional: true }]
  ]
}
const decimals = (): RecordDesc => ({ ...sqs(false), valueSchema: DECIMALS, value: { price: '1234.56', at: '-1500', flag: true, small: -7, raw: 'AQID' } })

const tombstone = (): RecordDesc => ({ ...sqs(false), valueSchema: null, value: null })

const rnd = 'replace.null.with.default'

/** One case per SMT behaviour worth proving; ids name the SMT first. */
export function smtCases (): SmtCase[] {
  const c = (id: string, stages: StageDesc[], record: RecordDesc): SmtCase => ({ id, stages, record })
  const one = (type: string, config: Record<string, string>): StageDesc[] => [{ type: T + type, config }]
  return [
    // InsertField
    c('InsertField$Value static', one('InsertField$Value', { 'static.field': 'source', 'static.value': 'sqs' }), sqs(true)),
    c('InsertField$Value topic/partition/timestamp/static, required and optional', one('InsertField$Value', { 'topic.field': 'topic!', 'partition.field': 'partition?', 'timestamp.field': 'ts!', 'static.field': 'src', 'static.value': ' sqs ' }), stamped()),
    c('InsertField$Value timestamp absent (SQS records)', one('InsertField$Value', { 'timestamp.field': 'ts', 'partition.field': 'p' }), sqs(false)),
    c('InsertField$Key topic', one('InsertField$Key', { 'topic.field': 'topic' }), sqs(true)),
    c('InsertField$Value schemaless', one('InsertField$Value', { 'topic.field': 'topic', 'timestamp.field': 'ts', 'static.field': 'src', 'static.value': 'sqs' }), schemaless(ORDER_MAP)),
    c('InsertField$Value tombstone passes', one('InsertField$Value', { 'static.field': 's', 'static.value': 'v' }), tombstone()),
    c('InsertField$Value nothing to insert', one('InsertField$Value', {}), sqs(false)),
    c('InsertField$Value offset on a source record', one('InsertField$Value', { 'offset.field': 'o' }), sqs(false)),
    c('InsertField$Value defaults kept', one('InsertField$Value', { 'static.field': 's', 'static.value': 'v' }), withDefaults()),
    c('InsertField$Value defaults not replaced', one('InsertField$Value', { 'static.field': 's', 'static.value': 'v', [rnd]: 'false' }), withDefaults()),
    // ReplaceField
    c('ReplaceField$Value exclude', one('ReplaceField$Value', { exclude: 'SenderId,SequenceNumber,Nope' }), sqs(true)),
    c('ReplaceField$Value include and renames', one('ReplaceField$Value', { include: 'Body,MessageGroupId,SentTimestamp', renames: 'Body:payload,MessageGroupId:group' }), sqs(true)),
    c('ReplaceField$Value exclude wins over include', one('ReplaceField$Value', { include: 'Body,SenderId', exclude: 'SenderId' }), sqs(true)),
    c('ReplaceField$Key renames', one('ReplaceField$Key', { renames: 'QueueUrl:queue' }), sqs(true)),
    c('ReplaceField$Value schemaless', one('ReplaceField$Value', { exclude: 'note', renames: 'orderId:id,customer:who' }), schemaless(ORDER_MAP)),
    c('ReplaceField$Value bad rename', one('ReplaceField$Value', { renames: 'a:b:c' }), sqs(true)),
    c('ReplaceField$Value defaults not replaced', one('ReplaceField$Value', { exclude: 'label', [rnd]: 'false' }), withDefaults()),
    // MaskField
    c('MaskField$Value empty values', one('MaskField$Value', { fields: 'Body,ApproximateReceiveCount,SentTimestamp,MessageGroupId' }), sqs(true)),
    c('MaskField$Value string replacement', one('MaskField$Value', { fields: 'Body,SenderId', replacement: '***' }), sqs(true)),
    c('MaskField$Value numeric replacement', one('MaskField$Value', { fields: 'ApproximateReceiveCount,SentTimestamp,Body', replacement: '99' }), sqs(true)),
    c('MaskField$Value replacement on a number that does not parse', one('MaskField$Value', { fields: 'ApproximateReceiveCount', replacement: 'x' }), sqs(true)),
    c('MaskField$Value boolean, float and logical', one('MaskField$Value', { fields: 'ok,ratio,at,day,label' }), withDefaults()),
    c('MaskField$Value schemaless', one('MaskField$Value', { fields: 'customer,paid,missing' }), schemaless(ORDER_MAP)),
    c('MaskField$Value no fields', one('MaskField$Value', { fields: '' }), sqs(true)),
    // ValueToKey
    c('ValueToKey MessageGroupId', one('ValueToKey', { fields: 'MessageGroupId' }), sqs(true)),
    c('ValueToKey several fields', one('ValueToKey', { fields: 'SenderId,MessageGroupId,ApproximateReceiveCount' }), sqs(true)),
    c('ValueToKey missing field', one('ValueToKey', { fields: 'Nope' }), sqs(true)),
    c('ValueToKey schemaless', one('ValueToKey', { fields: 'customer,orderId,absent' }), schemaless(ORDER_MAP)),
    c('ValueToKey default replaced', one('ValueToKey', { fields: 'region,count' }), withDefaults()),
    c('ValueToKey default kept null', one('ValueToKey', { fields: 'region,count', [rnd]: 'false' }), withDefaults()),
    // HoistField
    c('HoistField$Value struct', one('HoistField$Value', { field: 'sqs' }), sqs(false)),
    c('HoistField$Key struct', one('HoistField$Key', { field: 'k' }), sqs(false)),
    c('HoistField$Key schemaless', one('HoistField$Key', { field: 'k' }), schemaless(ORDER_MAP)),
    // ExtractField
    c('ExtractField$Value Body', one('ExtractField$Value', { field: 'Body' }), sqs(false)),
    c('ExtractField$Key MessageGroupId null', one('ExtractField$Key', { field: 'MessageGroupId' }), sqs(false)),
    c('ExtractField$Value unknown field', one('ExtractField$Value', { field: 'Nope' }), sqs(false)),
    c('ExtractField$Value V2 nested', one('ExtractField$Value', { field: 'customer.address.city', 'field.syntax.version': 'V2' }), nested()),
    c('ExtractField$Value V2 backticks', one('ExtractField$Value', { field: '`dotted.name`.inner', 'field.syntax.version': 'v2' }), nested()),
    c('ExtractField$Value V1 dotted name', one('ExtractField$Value', { field: 'dotted.name' }), nested()),
    c('ExtractField$Value V2 schemaless nested', one('ExtractField$Value', { field: 'a.b', 'field.syntax.version': 'V2' }), schemaless(map(['a', map(['b', i32(5)])]))),
    c('ExtractField$Value schemaless', one('ExtractField$Value', { field: 'customer' }), schemaless(ORDER_MAP)),
    c('ExtractField$Value default replaced', one('ExtractField$Value', { field: 'region' }), withDefaults()),
    c('ExtractField$Value default not replaced', one('ExtractField$Value', { field: 'region', [rnd]: 'false' }), withDefaults()),
    c('ExtractField$Value bad syntax version', one('ExtractField$Value', { field: 'Body', 'field.syntax.version': 'V3' }), sqs(false)),
    // Cast
    c('Cast$Value fields', one('Cast$Value', { spec: 'ApproximateReceiveCount:string,SentTimestamp:int32,ApproximateFirstReceiveTimestamp:float64,SequenceNumber:string' }), sqs(true)),
    c('Cast$Value to boolean, int8, float32', one('Cast$Value', { spec: 'ApproximateReceiveCount:boolean,SentTimestamp:int8,ApproximateFirstReceiveTimestamp:float32' }), sqs(true)),
    c('Cast$Value string that is not a number', one('Cast$Value', { spec: 'Body:int32' }), sqs(true)),
    c('Cast$Value logical and defaults', one('Cast$Value', { spec: 'at:string,day:int64,count:string,ratio:float64,ok:int16' }), withDefaults()),
    c('Cast$Value schemaless', one('Cast$Value', { spec: 'orderId:string,createdAt:int32,paid:int8,total:int32' }), schemaless(ORDER_MAP)),
    c('Cast$Key whole value', one('Cast$Key', { spec: 'int64' }), schemaless(ORDER_MAP, { keySchema: { type: 'string' }, key: '12345' })),
    c('Cast$Value struct to string refused', one('Cast$Value', { spec: 'string' }), sqs(false)),
    c('Cast$Value schemaless float to string', one('Cast$Value', { spec: 'total:string,paid:string,createdAt:int8,orderId:int64' }), schemaless(ORDER_MAP)),
    c('Cast$Value bad type', one('Cast$Value', { spec: 'Body:bytes' }), sqs(false)),
    c('Cast$Value whole and field', one('Cast$Value', { spec: 'int8,a:string' }), sqs(false)),
    // Flatten
    c('Flatten$Value nested struct', one('Flatten$Value', {}), nested()),
    c('Flatten$Value delimiter', one('Flatten$Value', { delimiter: '_' }), nested()),
    c('Flatten$Value schemaless', one('Flatten$Value', {}), schemaless(map(['a', map(['b', i32(1)], ['c', map(['d', s('x')])])], ['e', s('y')]))),
    c('Flatten$Value null optional struct and defaults', one('Flatten$Value', {}), { ...nested(), value: { id: 1, customer: null, tags: [], 'dotted.name': null } }),
    c('Flatten$Key SQS key', one('Flatten$Key', {}), sqs(true)),
    // SetSchemaMetadata
    c('SetSchemaMetadata$Value name and version', one('SetSchemaMetadata$Value', { 'schema.name': 'com.example.SqsMessage', 'schema.version': '7' }), sqs(true)),
    c('SetSchemaMetadata$Key name', one('SetSchemaMetadata$Key', { 'schema.name': 'com.example.SqsKey' }), sqs(true)),
    c('SetSchemaMetadata$Value schemaless', one('SetSchemaMetadata$Value', { 'schema.name': 'x' }), schemaless(ORDER_MAP)),
    c('SetSchemaMetadata$Value nothing set', one('SetSchemaMetadata$Value', {}), sqs(true)),
    // TimestampConverter
    c('TimestampConverter$Value unix to string', one('TimestampConverter$Value', { field: 'SentTimestamp', 'target.type': 'string', format: 'yyyy-MM-dd\'T\'HH:mm:ss.SSSXXX EEE MMM d h a z' }), sqs(false)),
    c('TimestampConverter$Value unix to Timestamp', one('TimestampConverter$Value', { field: 'ApproximateFirstReceiveTimestamp', 'target.type': 'Timestamp' }), sqs(false)),
    c('TimestampConverter$Value unix to Date', one('TimestampConverter$Value', { field: 'SentTimestamp', 'target.type': 'Date' }), sqs(false)),
    c('TimestampConverter$Value unix to Time', one('TimestampConverter$Value', { field: 'ApproximateFirstReceiveTimestamp', 'target.type': 'Time' }), sqs(false)),
    c('TimestampConverter$Value unix seconds', one('TimestampConverter$Value', { field: 'SentTimestamp', 'target.type': 'unix', 'unix.precision': 'seconds' }), sqs(false)),
    c('TimestampConverter$Value Timestamp to unix micros', one('TimestampConverter$Value', { field: 'at', 'target.type': 'unix', 'unix.precision': 'microseconds' }), withDefaults()),
    c('TimestampConverter$Value Date to string', one('TimestampConverter$Value', { field: 'day', 'target.type': 'string', format: 'dd/MM/yy' }), withDefaults()),
    c('TimestampConverter$Value string to unix', one('TimestampConverter$Value', { field: 'Body', 'target.type': 'unix', format: 'yyyy-MM-dd HH:mm:ss' }), sqs(false, { value: { ...(sqs(false).value as Record<string, Json>), Body: '2024-02-29 13:45:10' } })),
    c('TimestampConverter$Value string that does not parse', one('TimestampConverter$Value', { field: 'Body', 'target.type': 'unix', format: 'yyyy-MM-dd' }), sqs(false)),
    c('TimestampConverter$Value schemaless field', one('TimestampConverter$Value', { field: 'createdAt', 'target.type': 'string', format: 'yyyyMMddHHmmss' }), schemaless(ORDER_MAP)),
    c('TimestampConverter$Key whole value', one('TimestampConverter$Key', { 'target.type': 'string', format: 'yyyy-MM-dd' }), schemaless(ORDER_MAP, { keySchema: { type: 'int64' }, key: '1700000000123' })),
    c('TimestampConverter$Value string without format', one('TimestampConverter$Value', { field: 'x', 'target.type': 'string' }), sqs(false)),
    c('TimestampConverter$Value unknown target', one('TimestampConverter$Value', { field: 'x', 'target.type': 'epoch' }), sqs(false)),
    c('TimestampConverter$Value schemaless to Timestamp', one('TimestampConverter$Value', { field: 'createdAt', 'target.type': 'Timestamp' }), schemaless(ORDER_MAP)),
    c('TimestampConverter$Value schemaless to unix nanos', one('TimestampConverter$Value', { field: 'createdAt', 'target.type': 'unix', 'unix.precision': 'nanoseconds' }), schemaless(ORDER_MAP)),
    c('TimestampConverter$Value Time to string', one('TimestampConverter$Value', { field: 'ApproximateFirstReceiveTimestamp', 'target.type': 'string', format: 'HH:mm:ss.SSS' }), sqs(false)),
    // TimestampRouter
    c('TimestampRouter default', one('TimestampRouter', {}), stamped()),
    c('TimestampRouter format', one('TimestampRouter', { 'topic.format': 'sqs_${topic}_${timestamp}', 'timestamp.format': 'yyyy.MM.dd-HH' }), stamped()),
    c('TimestampRouter text fields', one('TimestampRouter', { 'topic.format': '${timestamp}/${topic}/${topic}', 'timestamp.format': 'EEE-MMM-yyyy-D' }), stamped()),
    c('TimestampRouter no timestamp', one('TimestampRouter', {}), sqs(false)),
    // RegexRouter
    c('RegexRouter group', one('RegexRouter', { regex: 'orders-(.*)', replacement: 'sqs-$1' }), sqs(false)),
    c('RegexRouter whole match and escape', one('RegexRouter', { regex: '(o)rders-(?<region>[a-z]+)', replacement: '$0.${region}.\\$1$2' }), sqs(false)),
    c('RegexRouter no match', one('RegexRouter', { regex: 'orders', replacement: 'x' }), sqs(false)),
    // Filter and predicates
    c('Filter alone', one('Filter', {}), sqs(false)),
    c('Filter HasHeaderKey match', [{ type: T + 'Filter', predicate: { type: P + 'HasHeaderKey', config: { name: 'priority' } } }], sqs(false)),
    c('Filter HasHeaderKey no match', [{ type: T + 'Filter', predicate: { type: P + 'HasHeaderKey', config: { name: 'missing' } } }], sqs(false)),
    c('Filter HasHeaderKey negated', [{ type: T + 'Filter', predicate: { type: P + 'HasHeaderKey', config: { name: 'missing' } }, negate: true }], sqs(false)),
    c('Filter TopicNameMatches', [{ type: T + 'Filter', predicate: { type: P + 'TopicNameMatches', config: { pattern: 'orders-.*' } } }], sqs(false)),
    c('Filter TopicNameMatches partial does not match', [{ type: T + 'Filter', predicate: { type: P + 'TopicNameMatches', config: { pattern: 'orders' } } }], sqs(false)),
    c('Filter RecordIsTombstone on a tombstone', [{ type: T + 'Filter', predicate: { type: P + 'RecordIsTombstone' } }], tombstone()),
    c('Filter RecordIsTombstone on a record', [{ type: T + 'Filter', predicate: { type: P + 'RecordIsTombstone' } }], sqs(false)),
    c('TopicNameMatches empty pattern', [{ type: T + 'Filter', predicate: { type: P + 'TopicNameMatches', config: { pattern: '' } } }], sqs(false)),
    // Headers
    ...['42', 'true', '3.14', '-129', '99999999999', 'hello world', 'null', '1e3', '007', 'x', '[1,2]', '{a:1}', '"quoted"', '2024-01-01', ' 5 ', 'TRUE', '1.0', '-0.5e-3', '[1,2.5,300]', '{"a":1,"b":2}', '["x","y"]', '[true,false]', '12:30:05.123Z', '2024-01-01T12:30:05.123Z', '[1,2', '{"a"}', 'true}', '[]', '[[1],[2,3]]', '[1,"a"]', '[null,null]', '{"a":null}', '{1:"x",2:"y"}'].map((literal) =>
      c(`InsertHeader literal ${literal}`, one('InsertHeader', { header: 'lit', 'value.literal': literal }), sqs(false))),
    c('DropHeaders', one('DropHeaders', { headers: 'priority,absent' }), sqs(false)),
    c('HeaderFrom$Value copy', one('HeaderFrom$Value', { fields: 'MessageGroupId,ApproximateReceiveCount', headers: 'group,count', operation: 'copy' }), sqs(true)),
    c('HeaderFrom$Value move', one('HeaderFrom$Value', { fields: 'Body', headers: 'body', operation: 'move' }), sqs(true)),
    c('HeaderFrom$Value move schemaless', one('HeaderFrom$Value', { fields: 'customer,orderId', headers: 'c,o', operation: 'move' }), schemaless(ORDER_MAP)),
    c('HeaderFrom$Value unequal lists', one('HeaderFrom$Value', { fields: 'a,b', headers: 'c', operation: 'copy' }), sqs(true)),
    // Decimals, negative times, bytes
    c('Cast$Value decimal and timestamp to numbers', one('Cast$Value', { spec: 'price:int32,at:int64,flag:float32,small:int64' }), decimals()),
    c('Cast$Value decimal, timestamp and bytes to string', one('Cast$Value', { spec: 'price:string,at:string,raw:string,small:string' }), decimals()),
    c('Cast$Value decimal to float64', one('Cast$Value', { spec: 'price:float64' }), decimals()),
    c('MaskField$Value decimal and timestamp', one('MaskField$Value', { fields: 'price,at,small' }), decimals()),
    c('MaskField$Value bytes cannot be masked', one('MaskField$Value', { fields: 'raw' }), decimals()),
    c('MaskField$Value timestamp with replacement', one('MaskField$Value', { fields: 'at', replacement: '5' }), decimals()),
    c('TimestampConverter$Value before the epoch to Date', one('TimestampConverter$Value', { field: 'at', 'target.type': 'Date' }), decimals()),
    c('TimestampConverter$Value before the epoch to Time', one('TimestampConverter$Value', { field: 'at', 'target.type': 'Time' }), decimals()),
    c('TimestampConverter$Value before the epoch to seconds', one('TimestampConverter$Value', { field: 'at', 'target.type': 'unix', 'unix.precision': 'seconds' }), decimals()),
    c('TimestampConverter$Value before the epoch to string', one('TimestampConverter$Value', { field: 'at', 'target.type': 'string', format: 'yyyy-MM-dd HH:mm:ss.SSS G' }), decimals()),
    c('ExtractField$Value V2 through a null struct', one('ExtractField$Value', { field: 'customer.name', 'field.syntax.version': 'V2' }), { ...nested(), value: { id: 1, customer: null, tags: [], 'dotted.name': null } }),
    c('ExtractField$Value V2 through a non-struct', one('ExtractField$Value', { field: 'id.x', 'field.syntax.version': 'V2' }), nested()),
    c('HeaderFrom$Value missing field', one('HeaderFrom$Value', { fields: 'nope', headers: 'h', operation: 'copy' }), sqs(true)),
    c('InsertField$Key schemaless string key', one('InsertField$Key', { 'topic.field': 't' }), schemaless(ORDER_MAP)),
    c('ReplaceField$Value two renames to one name', one('ReplaceField$Value', { renames: 'Body:x,SenderId:x' }), sqs(true)),
    c('SetSchemaMetadata$Value on a string', one('SetSchemaMetadata$Value', { 'schema.name': 'n', 'schema.version': '2' }), sqs(false, { valueSchema: { type: 'string', optional: true }, value: 'plain' })),
    c('HoistField$Value on a tombstone', one('HoistField$Value', { field: 'v' }), tombstone()),
    c('TimestampConverter$Value string to Date', one('TimestampConverter$Value', { field: 'Body', 'target.type': 'Date', format: 'dd.MM.yyyy HH:mm' }), sqs(false, { value: { ...(sqs(false).value as Record<string, Json>), Body: '31.12.1999 23:59' } })),
    c('Cast$Key whole value with default', one('Cast$Key', { spec: 'int8' }), sqs(false, { keySchema: { type: 'string', optional: true, default: '7', name: 'com.example.K', version: 2 }, key: '12' })),
    c('Cast$Value float to ints, rounding and overflow', one('Cast$Value', { spec: 'a:int8,b:int16,c:int32,d:int64,e:boolean' }), sqs(false, {
      valueSchema: { type: 'struct', fields: [['a', { type: 'float64' }], ['b', { type: 'float64' }], ['c', { type: 'float64' }], ['d', { type: 'float32' }], ['e', { type: 'float64' }]] },
      value: { a: '4070400000000000', b: 'c0f86a0000000000', c: '41f0000000000000', d: '5f000000', e: '3fb999999999999a' }
    })),
    c('Cast$Value strings to numbers and booleans', one('Cast$Value', { spec: 'a:int16,b:float32,c:boolean,d:float64,e:int64' }), sqs(false, {
      valueSchema: { type: 'struct', fields: [['a', str()], ['b', str()], ['c', str()], ['d', str()], ['e', str()]] },
      value: { a: '-300', b: '1.5e3', c: 'TRUE', d: '  2.5  ', e: '9007199254740993' }
    })),
    c('Cast$Value int16 string out of range', one('Cast$Value', { spec: 'a:int16' }), sqs(false, { valueSchema: { type: 'struct', fields: [['a', str()]] }, value: { a: '40000' } })),
    c('ValueToKey on a tombstone with a schema', one('ValueToKey', { fields: 'a' }), sqs(false, { valueSchema: { type: 'struct', optional: true, fields: [['a', str()]] }, value: null })),
    c('RegexRouter dangling $', one('RegexRouter', { regex: 'orders-(.*)', replacement: 'x$' }), sqs(false)),
    c('RegexRouter missing group', one('RegexRouter', { regex: 'orders-(.*)', replacement: 'x$5' }), sqs(false)),
    c('RegexRouter bad regex', one('RegexRouter', { regex: 'orders-(', replacement: 'x' }), sqs(false)),
    c('DropHeaders repeated names', one('DropHeaders', { headers: 'a' }), sqs(false, { headers: [['a', str(), 'x'], ['b', str(), 'y'], ['a', str(), 'z']] })),
    c('InsertHeader repeated name', one('InsertHeader', { header: 'priority', 'value.literal': 'low' }), sqs(false)),
    c('TimestampRouter clock letters', one('TimestampRouter', { 'topic.format': '${topic}.${timestamp}', 'timestamp.format': 'kk.KK.hh.a.HH.mm.ss.SSSS.yyyyy.MMMMM' }), stamped({ timestamp: '1700000000123' })),
    c('TimestampConverter$Value parse month and day names', one('TimestampConverter$Value', { field: 'Body', 'target.type': 'Timestamp', format: 'EEE, d MMM yyyy hh:mm a' }), sqs(false, { value: { ...(sqs(false).value as Record<string, Json>), Body: 'Tue, 3 Sep 2024 07:15 PM' } })),
    c('Flatten$Value struct defaults', one('Flatten$Value', {}), sqs(false, {
      valueSchema: { type: 'struct', fields: [['a', { type: 'struct', optional: true, fields: [['x', { type: 'int32', default: 3 }], ['y', { type: 'string', optional: true }]] }], ['b', { type: 'int64', optional: true, default: '9' }]] },
      value: { a: { x: 1, y: null }, b: null }
    })),
    // Chains
    c('FIFO recipe: ValueToKey + ExtractField$Key', [{ type: T + 'ValueToKey', config: { fields: 'MessageGroupId' } }, { type: T + 'ExtractField$Key', config: { field: 'MessageGroupId' } }], sqs(true)),
    c('chain: InsertField, ReplaceField, RegexRouter on TopicNameMatches', [
      { type: T + 'InsertField$Value', config: { 'static.field': 'source', 'static.value': 'sqs' } },
      { type: T + 'ReplaceField$Value', config: { exclude: 'SenderId', renames: 'Body:body' } },
      { type: T + 'RegexRouter', config: { regex: 'orders-(.*)', replacement: 'routed-$1' }, predicate: { type: P + 'TopicNameMatches', config: { pattern: 'orders-.*' } } }
    ], sqs(true)),
    c('chain: HoistField then Flatten then Cast', [
      { type: T + 'HoistField$Value', config: { field: 'msg' } },
      { type: T + 'Flatten$Value', config: { delimiter: '__' } },
      { type: T + 'Cast$Value', config: { spec: 'msg__ApproximateReceiveCount:string' } }
    ], sqs(true))
  ]
}
