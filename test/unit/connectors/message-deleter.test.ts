import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { MessageDeleter } from '../../../src/connectors/sqs/message-deleter.ts'

interface Entry { Id: string, ReceiptHandle: string }
type Reply = { Successful?: Array<{ Id: string }>, Failed?: Array<{ Id: string, SenderFault: boolean, Code: string }> }

const quiet = { debug () {}, info () {}, warn () {}, error () {} }

/** A stand-in for DeleteMessageBatch that records calls and answers with `respond`. */
function fakeClient (respond: (entries: Entry[], call: number) => Reply | Error): { client: SQSClient, calls: Entry[][] } {
  const calls: Entry[][] = []
  const client = {
    send: async (command: { input: { Entries: Entry[] } }) => {
      calls.push(command.input.Entries)
      const reply = respond(command.input.Entries, calls.length)
      if (reply instanceof Error) throw reply
      return reply
    }
  } as unknown as SQSClient
  return { client, calls }
}

const allOk = (entries: Entry[]): Reply => ({ Successful: entries.map((e) => ({ Id: e.Id })) })

test('acknowledged messages are deleted in batches of at most 10, coalesced across records', async () => {
  const { client, calls } = fakeClient(allOk)
  const deleter = new MessageDeleter({ client, queueUrl: 'q', logger: quiet })
  for (let i = 0; i < 25; i++) deleter.enqueue(`m${i}`, `h${i}`)
  await deleter.flush()
  assert.deepEqual(calls.map((c) => c.length), [10, 10, 5])
  assert.deepEqual(calls.flat().map((e) => e.ReceiptHandle), Array.from({ length: 25 }, (_, i) => `h${i}`))
  assert.equal(deleter.counts.deleted, 25)
  deleter.close()
})

test('entries that failed on the server side are retried; sender faults are counted, not retried', async () => {
  const { client, calls } = fakeClient((entries, call) => call === 1
    ? { Successful: [{ Id: entries[0]!.Id }], Failed: [{ Id: entries[1]!.Id, SenderFault: false, Code: 'InternalError' }, { Id: entries[2]!.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid' }] }
    : allOk(entries))
  const deleter = new MessageDeleter({ client, queueUrl: 'q', logger: quiet })
  for (const i of [0, 1, 2]) deleter.enqueue(`m${i}`, `h${i}`)
  await deleter.flush()
  assert.deepEqual(calls.map((c) => c.map((e) => e.ReceiptHandle)), [['h0', 'h1', 'h2'], ['h1']])
  assert.deepEqual(deleter.counts, { deleted: 2, abandoned: 1, retried: 1 })
})

test('a failing request is retried, then given up (the message comes back later: a duplicate, not a loss)', async () => {
  const { client, calls } = fakeClient(() => new Error('connection reset'))
  const deleter = new MessageDeleter({ client, queueUrl: 'q', logger: quiet, maxAttempts: 3 })
  deleter.enqueue('m0', 'h0')
  await deleter.flush()
  assert.equal(calls.length, 3)
  assert.deepEqual(deleter.counts, { deleted: 0, abandoned: 1, retried: 2 })
})

test('after close nothing more is sent and flush returns at once', async () => {
  const { client, calls } = fakeClient(allOk)
  const deleter = new MessageDeleter({ client, queueUrl: 'q', logger: quiet })
  deleter.enqueue('m0', 'h0')
  deleter.close()
  deleter.enqueue('m1', 'h1')
  await deleter.flush()
  await new Promise((resolve) => setTimeout(resolve, 40))
  assert.equal(calls.length, 0)
})
