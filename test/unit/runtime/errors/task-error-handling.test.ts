/** WorkerSourceTask with errors.tolerance=all: what the task is told about each failed record (commit after the DLQ ack, or abandon). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RecordMetadata, SourceTask } from '../../../../src/connect/connector.ts'
import type { Converter, HeaderConverter } from '../../../../src/connect/converter.ts'
import { Schemas } from '../../../../src/connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../../../src/connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../../../src/errors.ts'
import type { OutgoingRecord, WrittenRecord } from '../../../../src/kafka/producer.ts'
import { DEFAULT_ERROR_HANDLING, type ErrorHandlingConfig } from '../../../../src/runtime/errors/error-handling-config.ts'
import { createTaskErrorHandling } from '../../../../src/runtime/errors/task-error-handling.ts'
import { createLogger } from '../../../../src/runtime/logging.ts'
import type { TopicAdmin } from '../../../../src/runtime/topic-admin.ts'
import { WorkerSourceTask, type RecordSender } from '../../../../src/runtime/worker-source-task.ts'

const logger = createLogger('silent')
const text: Converter = { configure () {}, fromConnectData: (_t, _s, v) => Buffer.from(String(v)) }
const header: HeaderConverter = { configure () {}, fromConnectHeader: (_t, _k, _s, v) => Buffer.from(String(v)) }
/** Fails on values that start with "bad". */
const picky: Converter = { configure () {}, fromConnectData: (_t, _s, v) => { if (String(v).startsWith('bad')) throw new Error(`cannot take ${String(v)}`); return Buffer.from(String(v)) } }

class Task implements SourceTask {
  committed: Array<[string, RecordMetadata | null]> = []
  abandoned: string[] = []
  #values: string[]
  constructor (values: string[]) { this.#values = values }
  version (): string { return 't' }
  start (): void {}
  async poll (): Promise<SourceRecord[]> {
    await new Promise((resolve) => setTimeout(resolve, 1))
    return this.#values.splice(0).map((v, i) => sourceRecord({ sourcePartition: {}, sourceOffset: { MessageId: `m-${v}-${i}` }, topic: 'main', keySchema: null, key: null, valueSchema: Schemas.STRING, value: v }))
  }
  commitRecord (r: SourceRecord, m: RecordMetadata | null): void { this.committed.push([r.value as string, m]) }
  abandonRecord (r: SourceRecord): void { this.abandoned.push(r.value as string) }
  async commit (): Promise<void> {}
  stop (): void {}
  async close (): Promise<void> {}
}

class Sender implements RecordSender {
  sent: OutgoingRecord[] = []
  constructor (readonly refuse: (r: OutgoingRecord) => boolean = () => false) {}
  async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> {
    if (records.some(this.refuse)) throw new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, 'MESSAGE_TOO_LARGE', { retriable: false })
    this.sent.push(...records)
    return records.map((r, i) => ({ topic: r.topic, partition: 0, offset: BigInt(this.sent.length - records.length + i) }))
  }
  async close (): Promise<void> {}
}

const admin: TopicAdmin & { close (): Promise<void> } = { topicExists: async () => true, createTopic: async () => 'existing', brokerCount: async () => 1, close: async () => {} }

function start (task: Task, config: Partial<ErrorHandlingConfig>, main: Sender, dlq: Sender, value: Converter = picky): WorkerSourceTask {
  const converters = { key: text, value, header }
  const errorHandling = createTaskErrorHandling({
    connectorName: 'c', taskId: 0, task, converters, logger, config: { ...DEFAULT_ERROR_HANDLING, ...config },
    topicCreation: { enabled: false, groups: [], values: [], keys: [] }, admin, createDlqSender: () => dlq
  })
  return new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender: main, logger, errorHandling })
}

async function until (check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  assert.ok(check(), 'condition not reached')
}

test('all without a dead-letter topic: a failed record is abandoned (never committed), the others go on', async () => {
  const task = new Task(['a', 'bad1', 'b'])
  const main = new Sender()
  const wst = start(task, { tolerance: 'all' }, main, new Sender())
  await wst.start()
  await until(() => task.committed.length === 2)
  assert.deepEqual(task.abandoned, ['bad1'])
  assert.deepEqual(task.committed.map(([v]) => v), ['a', 'b'])
  assert.equal(wst.state, 'RUNNING')
  await wst.stop(1000)
})

test('all with a dead-letter topic: the failed record goes there and is committed (null metadata) only after that write; the record before it is sent meanwhile', async () => {
  const task = new Task(['a', 'bad1'])
  let release = (): void => {}
  const gate = new Promise<void>((resolve) => { release = resolve })
  const dlqSender = new Sender()
  let waiting = false
  const dlq: Sender = Object.assign(new Sender(), { send: async (records: readonly OutgoingRecord[]) => { waiting = true; await gate; return await dlqSender.send(records) } })
  const wst = start(task, { tolerance: 'all', dlqTopic: 'dead' }, new Sender(), dlq)
  await wst.start()
  await until(() => waiting)
  await new Promise((resolve) => setTimeout(resolve, 30))
  assert.ok(!task.committed.some(([v]) => v === 'bad1'), 'not committed while the dead-letter write is pending')
  await until(() => task.committed.some(([v]) => v === 'a'))
  release()
  await until(() => task.committed.length === 2)
  assert.deepEqual(task.committed.find(([v]) => v === 'bad1'), ['bad1', null])
  assert.deepEqual(task.abandoned, [])
  assert.equal(dlqSender.sent[0]?.topic, 'dead')
  await wst.stop(1000)
})

test('a dead-letter write that fails for good abandons the record', async () => {
  const task = new Task(['bad1', 'a'])
  const wst = start(task, { tolerance: 'all', dlqTopic: 'dead' }, new Sender(), new Sender(() => true))
  await wst.start()
  await until(() => task.committed.length === 1)
  assert.deepEqual(task.abandoned, ['bad1'])
  await wst.stop(1000)
})

test('KIP-779: with all, a record Kafka refuses for good is dead-lettered and the records around it are delivered; with none the task fails', async () => {
  const refuse = (r: OutgoingRecord): boolean => Buffer.from(r.value!).toString() === 'huge'
  const task = new Task(['a', 'huge', 'b'])
  const dlq = new Sender()
  const wst = start(task, { tolerance: 'all', dlqTopic: 'dead' }, new Sender(refuse), dlq, text)
  await wst.start()
  await until(() => task.committed.length === 3)
  // The dead-lettered record is done as soon as its dead-letter record is written, before the request's other records.
  assert.deepEqual(task.committed.map(([v, m]) => [v, m === null]).sort(), [['a', false], ['b', false], ['huge', true]])
  assert.equal(dlq.sent.length, 1)
  await wst.stop(1000)

  const strict = new Task(['a', 'huge'])
  const failing = start(strict, { tolerance: 'none', dlqTopic: 'dead' }, new Sender(refuse), new Sender(), text)
  await failing.start()
  await until(() => failing.state === 'FAILED')
  assert.match(failing.failure?.message ?? '', /Kafka refused the record .*MESSAGE_TOO_LARGE/)
  await failing.stop(1000)
})

test('a missing topic is never tolerated: the task fails even with all', async () => {
  const task = new Task(['a'])
  const missing: Sender = Object.assign(new Sender(), { send: async () => { throw new SqsConnectError(ErrorCodes.KAFKA_TOPIC_NOT_FOUND, 'Topic main does not exist in Kafka') } })
  const wst = start(task, { tolerance: 'all', dlqTopic: 'dead' }, missing, new Sender(), text)
  await wst.start()
  await until(() => wst.state === 'FAILED')
  assert.match(wst.failure?.message ?? '', /Topic main does not exist/)
  assert.deepEqual(task.abandoned, [])
  await wst.stop(1000)
})

test('process() wraps any stage: a failing transform is reported as TRANSFORMATION with the class its error names, and abandoned under all', async () => {
  const task = new Task([])
  const handling = createTaskErrorHandling({
    connectorName: 'c', taskId: 1, task, converters: { key: text, value: text, header }, logger, config: { ...DEFAULT_ERROR_HANDLING, tolerance: 'all', dlqTopic: 'dead', dlqContextHeaders: true },
    topicCreation: { enabled: false, groups: [], values: [], keys: [] }, admin, createDlqSender: () => dlq
  })
  const dlq = new Sender()
  const original = sourceRecord({ sourcePartition: {}, sourceOffset: { MessageId: 'x' }, topic: 'main', keySchema: null, key: null, valueSchema: Schemas.STRING, value: 'v' })
  const cast = 'org.apache.kafka.connect.transforms.Cast$Value'
  assert.equal(await handling.errors.process('TRANSFORMATION', original, () => original), original)
  assert.equal(await handling.errors.process('TRANSFORMATION', original, () => null), null, 'a transform that drops the record is not a failure')
  const result = await handling.errors.process('TRANSFORMATION', original, () => { throw new SqsConnectError(ErrorCodes.DATA_INVALID, 'cannot cast', { subject: cast }) })
  assert.equal(result, undefined)
  const headers = Object.fromEntries(dlq.sent[0]!.headers.map(([k, v]) => [k, Buffer.from(v!).toString()]))
  assert.equal(headers['__connect.errors.stage'], 'TRANSFORMATION')
  assert.equal(headers['__connect.errors.class.name'], cast)
  assert.equal(headers['__connect.errors.task.id'], '1')
  assert.deepEqual(task.committed, [['v', null]])
  await handling.close()
})
