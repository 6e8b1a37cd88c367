/**
 * CPU per message of the record path in one process, without servers: a ReceiveMessage answer (parsed from its
 * bytes, MD5s checked) -> record mapper -> JsonConverter key and value, SimpleHeaderConverter -> the Kafka client's
 * record batch encoding. No sockets, so none of the scheduling noise of the shared machine is in the figures.
 *
 *   node --import tsx bench/profile/record-path.ts [--body BYTES (1024)] [--messages N (100000)] [--rounds R (5)]
 *     [--body-kind plain|json (plain: `x` padding, no escapes; json: a JSON document, quotes to escape)]
 *
 * Prints process CPU (user + system, GC helper threads included) per message for each round, and the median.
 */
import { createHash, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createRecordsBatch } from '@platformatic/kafka'
import { JsonConverter, SimpleHeaderConverter } from '../../src/connect/converters/index.ts'
import { toSourceRecord } from '../../src/connectors/sqs/record-mapper.ts'
import { parseBody } from '../../src/connectors/sqs/wire/json-protocol.ts'
import { LongBodies } from '../../src/connectors/sqs/wire/wire-client.ts'
import { RecordProducer } from '../../src/kafka/producer.ts'
import { convertRecord } from '../../src/runtime/record-conversion.ts'

const { values } = parseArgs({ options: { body: { type: 'string', default: '1024' }, messages: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' }, 'body-kind': { type: 'string', default: 'plain' } } })
const BODY = Number(values.body)
const MESSAGES = Number(values.messages)
const ROUNDS = Number(values.rounds)
const QUEUE_URL = 'http://127.0.0.1:9324/000000000000/bench'
const PER_RECEIVE = 10
const BODY_KIND = values['body-kind']
if (BODY_KIND !== 'plain' && BODY_KIND !== 'json') throw new Error(`--body-kind must be plain or json, not ${BODY_KIND}`)

/** A body of about `bytes` bytes: `x` padding, or a JSON document of order lines (a quote every 4 or so bytes). */
function bodyOf (i: number, now: number, bytes: number): string {
  const head = `bench#${i}@${now};`
  if (BODY_KIND === 'plain') return head.padEnd(bytes, 'x')
  const items: unknown[] = []
  for (let n = 0, length = head.length + 20; length < bytes; n++) {
    const item = { sku: `SKU-${n}`, qty: n % 7, price: (n * 1.25).toFixed(2), note: 'ok' }
    items.push(item)
    length += JSON.stringify(item).length + 1
  }
  return JSON.stringify({ head, items })
}

/** One ReceiveMessage answer as ElasticMQ writes it: 10 messages, the bench's body and three message attributes. */
function answer (): Buffer {
  const now = Date.now()
  const messages = Array.from({ length: PER_RECEIVE }, (_, i) => {
    const body = bodyOf(i, now, BODY)
    return {
      MessageId: randomUUID(),
      ReceiptHandle: randomUUID() + randomUUID(),
      MD5OfBody: createHash('md5').update(body).digest('hex'),
      Body: body,
      Attributes: { SenderId: '127.0.0.1', ApproximateFirstReceiveTimestamp: String(now), ApproximateReceiveCount: '1', SentTimestamp: String(now) },
      MessageAttributes: {
        source: { StringValue: 'bench', DataType: 'String' },
        seq: { StringValue: String(i), DataType: 'Number' },
        kind: { StringValue: 'load', DataType: 'String' }
      }
    }
  })
  return Buffer.from(JSON.stringify({ Messages: messages }), 'utf8')
}

const raw = answer()
const key = new JsonConverter()
key.configure({ 'schemas.enable': 'false' }, true)
const value = new JsonConverter()
value.configure({ 'schemas.enable': 'false' }, false)
const header = new SimpleHeaderConverter()
header.configure({})
const converters = { key, value, header }
const metadata = { httpStatusCode: 200, requestId: undefined, extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 }

/** What RecordProducer.send() hands the Kafka client for one request. */
function encode (records: ReturnType<typeof convertRecord>[]): number {
  const messages = RecordProducer.clientMessages(records, records.map(() => 0))
  return createRecordsBatch(messages as unknown as Parameters<typeof createRecordsBatch>[0]).length
}

function oneReceive (): number {
  // As WireClient.receiveMessage: a copy of the answer as the socket would give it, long bodies' MD5 over its bytes.
  const body = Buffer.from(raw)
  const bodies = new LongBodies()
  const output = bodies.checkedOutput(parseBody(body, bodies.listener), metadata, body)
  const outs = (output.Messages ?? []).map((m) => convertRecord(toSourceRecord(QUEUE_URL, 'bench', m, { traceparent: false }), converters))
  return encode(outs)
}

const cpu: number[] = []
for (let round = 1; round <= ROUNDS + 1; round++) {
  const began = process.cpuUsage()
  let bytes = 0
  for (let i = 0; i < MESSAGES / PER_RECEIVE; i++) bytes += oneReceive()
  const used = process.cpuUsage(began)
  const perMessage = (used.user + used.system) / MESSAGES
  // The first round warms the JIT up and is not counted.
  if (round > 1) cpu.push(perMessage)
  console.log(`round ${round}${round === 1 ? ' (warm-up)' : ''}: ${perMessage.toFixed(2)} µs CPU per message, ${(bytes / MESSAGES).toFixed(0)} record batch bytes per message`)
}
cpu.sort((a, b) => a - b)
console.log(`median ${cpu[Math.floor(cpu.length / 2)]!.toFixed(2)} µs CPU per message (${BODY}-byte ${BODY_KIND} bodies, ${MESSAGES} messages per round)`)
