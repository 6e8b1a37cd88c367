import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SourceTask, RecordMetadata } from '../../../src/connect/connector.ts'
import type { Converter, HeaderConverter } from '../../../src/connect/converter.ts'
import { Schemas } from '../../../src/connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../../src/connect/data/source-record.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'
import type { OutgoingRecord, WrittenRecord } from '../../../src/kafka/producer.ts'
import { WorkerBufferBudget } from '../../../src/runtime/buffer-budget.ts'
import { createLogger } from '../../../src/runtime/logging.ts'
import { WorkerSourceTask, type RecordSender } from '../../../src/runtime/worker-source-task.ts'

const text: Converter = { configure () {}, fromConnectData: (_t, _s, v) => Buffer.from(String(v)) }
const header: HeaderConverter = { configure () {}, fromConnectHeader: (_t, _k, _s, v) => Buffer.from(String(v)) }
const converters = { key: text, value: text, header }

function record (i: number): SourceRecord {
  return sourceRecord({ sourcePartition: { q: 'q' }, sourceOffset: { MessageId: `m${i}` }, topic: 't', keySchema: Schemas.STRING, key: `k${i}`, valueSchema: Schemas.STRING, value: `v${i}` })
}

/** A task that hands out `total` records, 10 per poll, and remembers what was committed. */
class ScriptedTask implements SourceTask {
  next = 0
  committed: string[] = []
  closed = false
  constructor (readonly total: number) {}
  version (): string { return 'test' }
  start (): void {}
  async poll (): Promise<SourceRecord[]> {
    await new Promise((resolve) => setTimeout(resolve, 1))
    const batch: SourceRecord[] = []
    while (batch.length < 10 && this.next < this.total) batch.push(record(this.next++))
    return batch
  }
  commitRecord (r: SourceRecord, _m: RecordMetadata): void { this.committed.push(r.sourceOffset.MessageId as string) }
  async commit (): Promise<void> {}
  stop (): void {}
  async close (): Promise<void> { this.closed = true }
}

class ScriptedSender implements RecordSender {
  sent: string[] = []
  offset = 0n
  constructor (readonly fail: (records: readonly OutgoingRecord[], call: number) => Error | undefined = () => undefined) {}
  calls = 0
  async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> {
    const error = this.fail(records, ++this.calls)
    if (error !== undefined) throw error
    this.sent.push(...records.map((r) => Buffer.from(r.value!).toString()))
    return records.map(() => ({ topic: 't', partition: 0, offset: this.offset++ }))
  }
  async close (): Promise<void> {}
}

const logger = createLogger('silent')

async function until (check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  assert.ok(check(), 'condition not reached')
}

test('records are produced in poll order and committed only after Kafka acknowledged them', async () => {
  const task = new ScriptedTask(95)
  const sender = new ScriptedSender()
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger, maxBatchRecords: 20 })
  await wst.start()
  await until(() => task.committed.length === 95)
  assert.deepEqual(sender.sent, Array.from({ length: 95 }, (_, i) => `v${i}`))
  assert.deepEqual(task.committed, Array.from({ length: 95 }, (_, i) => `m${i}`))
  await wst.stop(1000)
  assert.equal(wst.state, 'STOPPED')
  assert.ok(task.closed)
})

test('a retriable produce failure is retried; nothing is committed before success', async () => {
  const task = new ScriptedTask(10)
  const sender = new ScriptedSender((_r, call) => call <= 2 ? new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, 'down', { retriable: true }) : undefined)
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger })
  await wst.start()
  await until(() => sender.calls >= 2)
  assert.deepEqual(task.committed, [])
  await until(() => task.committed.length === 10)
  await wst.stop(1000)
})

test('while Kafka refuses records no poll() is made (nothing more is received); polling resumes once they are written', async () => {
  const task = new ScriptedTask(1000)
  let down = true
  const sender = new ScriptedSender(() => down ? new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, 'down', { retriable: true }) : undefined)
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger })
  await wst.start()
  try {
    await until(() => sender.calls >= 2)
    const polledWhileDown = task.next
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(task.next, polledWhileDown, 'no poll while the request is being retried')
    assert.ok(polledWhileDown < 100, `${polledWhileDown} records polled before the first refusal was seen`)
    down = false
    await until(() => task.committed.length === 1000)
  } finally {
    down = false
    await wst.stop(1000)
  }
})

test('a record Kafka refuses for good fails the task, names the record, and is never committed', async () => {
  const task = new ScriptedTask(10)
  const sender = new ScriptedSender((records) => records.some((r) => Buffer.from(r.value!).toString() === 'v4')
    ? new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, 'MESSAGE_TOO_LARGE', { retriable: false })
    : undefined)
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger })
  await wst.start()
  await until(() => wst.state === 'FAILED')
  assert.match(wst.failure?.message ?? '', /"MessageId":"m4"/)
  assert.deepEqual(task.committed, ['m0', 'm1', 'm2', 'm3'])
  await wst.stop(1000)
  assert.equal(wst.state, 'FAILED')
})

test('a conversion failure fails the task and names the converter', async () => {
  const task = new ScriptedTask(3)
  const broken: Converter = { configure () {}, fromConnectData: () => { throw new Error('boom') } }
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters: { ...converters, value: broken }, sender: new ScriptedSender(), logger })
  await wst.start()
  await until(() => wst.state === 'FAILED')
  assert.match(wst.failure?.message ?? '', /value\.converter could not convert .*"MessageId":"m0".*boom/)
  assert.deepEqual(task.committed, [])
  await wst.stop(1000)
})

test('batch.size bounds the bytes of one request; a larger record goes alone', async () => {
  const task = new ScriptedTask(30)
  const sizes: number[] = []
  const sender = new ScriptedSender((records) => { sizes.push(records.length); return undefined })
  // Each record is about 110 bytes as estimated: at most 3 fit in 400 bytes.
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger, batchSizeBytes: 400 })
  await wst.start()
  await until(() => task.committed.length === 30)
  assert.ok(sizes.every((n) => n >= 1 && n <= 3), `request sizes ${sizes.join(',')}`)
  assert.deepEqual(task.committed, Array.from({ length: 30 }, (_, i) => `m${i}`))
  await wst.stop(1000)
})

test('the buffer bound counts records being produced: poll() is not called while the bound is reached', async () => {
  const task = new ScriptedTask(100)
  let release: (() => void) | undefined
  const sender = new ScriptedSender()
  const slow: RecordSender = {
    send: async (records) => { await new Promise<void>((resolve) => { release = resolve }); return await sender.send(records) },
    close: async () => {}
  }
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender: slow, logger, maxBufferedRecords: 20 })
  await wst.start()
  await until(() => release !== undefined && task.next >= 20)
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.equal(task.next, 20, 'no poll beyond the bound while the first request is in flight')
  release?.()
  await until(() => task.next > 20)
  for (let i = 0; i < 200 && task.committed.length < 100; i++) { release?.(); await new Promise((resolve) => setTimeout(resolve, 5)) }
  assert.equal(task.committed.length, 100)
  await wst.stop(1000)
})

test('a record over max.request.size fails the task naming it and the limit; records before it are delivered', async () => {
  const task = new ScriptedTask(10)
  const big: Converter = { configure () {}, fromConnectData: (_t, _s, v) => Buffer.alloc(v === 'v5' ? 5000 : 10) }
  const sender = new ScriptedSender()
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters: { ...converters, value: big }, sender, logger, maxRequestBytes: 1000 })
  await wst.start()
  await until(() => wst.state === 'FAILED')
  assert.match(wst.failure?.message ?? '', /"MessageId":"m5".* is \d+ bytes .*max\.request\.size of 1000 bytes/)
  assert.deepEqual(task.committed, ['m0', 'm1', 'm2', 'm3', 'm4'])
  await wst.stop(1000)
})

test('delivery.timeout.ms ends the retries of a batch: the task fails and nothing is committed', async () => {
  const task = new ScriptedTask(10)
  const sender = new ScriptedSender(() => new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, 'down', { retriable: true }))
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger, deliveryTimeoutMs: 500 })
  await wst.start()
  await until(() => wst.state === 'FAILED')
  assert.match(wst.failure?.message ?? '', /within delivery\.timeout\.ms \(500 ms\)/)
  assert.deepEqual(task.committed, [])
  await wst.stop(1000)
})

test('linger.ms lets a request wait for more records', async () => {
  const task = new ScriptedTask(30)
  const sizes: number[] = []
  const sender = new ScriptedSender((records) => { sizes.push(records.length); return undefined })
  const wst = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters, sender, logger, lingerMs: 200 })
  await wst.start()
  await until(() => task.committed.length === 30)
  // Polls of 10 records arrive every few ms; 200 ms of linger gathers them into one request.
  assert.deepEqual(sizes, [30])
  await wst.stop(1000)
})

/** A sender whose requests wait until release() (one at a time), then succeed. */
function gatedSender (): { sender: RecordSender, inner: ScriptedSender, release: () => boolean } {
  const inner = new ScriptedSender()
  let open: (() => void) | undefined
  const sender: RecordSender = {
    send: async (records) => { await new Promise<void>((resolve) => { open = resolve }); return await inner.send(records) },
    close: async () => {}
  }
  return { sender, inner, release: () => { const r = open; open = undefined; r?.(); return r !== undefined } }
}

test('tasks sharing the worker\'s budget hold at most the budget plus one record each between them; every record arrives', async () => {
  // Records are about 110 bytes as estimated: the budget holds 4 of them, each task's own bound 10 times more.
  const budget = new WorkerBufferBudget(450)
  const tasks = [new ScriptedTask(60), new ScriptedTask(60)]
  const gates = tasks.map(() => gatedSender())
  const workers = tasks.map((task, i) => new WorkerSourceTask({ connectorName: 'c', taskId: i, task, config: {}, converters, sender: gates[i]!.sender, logger, bufferBudget: budget, maxBatchRecords: 2 }))
  for (const w of workers) await w.start()
  for (let i = 0; i < 2000 && tasks.some((t) => t.committed.length < 60); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1))
    for (const gate of gates) gate.release()
  }
  for (const [i, task] of tasks.entries()) assert.deepEqual(task.committed, Array.from({ length: 60 }, (_, j) => `m${j}`), `task ${i}`)
  assert.ok(budget.waits > 0, 'the budget made tasks wait')
  assert.ok(budget.peakBytes <= 450 + 2 * 120, `held at most ${budget.peakBytes} bytes`)
  assert.equal(budget.heldBytes, 0)
  for (const w of workers) await w.stop(1000)
})

test('a task whose records Kafka does not take cannot stop the other tasks of the worker: one that holds nothing always takes a record', async () => {
  const budget = new WorkerBufferBudget(450)
  const stuck = new ScriptedTask(1000)
  const flowing = new ScriptedTask(50)
  const refusing = new ScriptedSender(() => new SqsConnectError(ErrorCodes.KAFKA_PRODUCE_FAILED, 'down', { retriable: true }))
  const a = new WorkerSourceTask({ connectorName: 'a', taskId: 0, task: stuck, config: {}, converters, sender: refusing, logger, bufferBudget: budget })
  const b = new WorkerSourceTask({ connectorName: 'b', taskId: 0, task: flowing, config: {}, converters, sender: new ScriptedSender(), logger, bufferBudget: budget })
  await a.start()
  try {
    await until(() => refusing.calls >= 1 && budget.waits === 1)
    assert.ok(budget.heldBytes > 450 - 120, `the stuck task fills the budget (${budget.heldBytes} bytes) and waits for room`)
    await b.start()
    await until(() => flowing.committed.length === 50)
  } finally {
    await a.stop(200)
    await b.stop(1000)
  }
  assert.equal(budget.heldBytes, 0, 'stopped tasks hold nothing')
})
