/** Config and status topic records in Connect's keys and JSON (kafka-connect.md section 12), both ways. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ClusterConfigState } from '../../../../src/runtime/distributed/cluster-config-state.ts'
import {
  commitRecord, connectorRecord, decodeConfigRecord, restartRecord, targetStateRecord, taskRecord, type EncodedRecord
} from '../../../../src/runtime/distributed/config-records.ts'
import { decodeStatus, decodeStatusKey, encodeStatus } from '../../../../src/runtime/distributed/status-records.ts'

const bytes = (r: EncodedRecord): Buffer | null => (r.value === null ? null : Buffer.from(r.value))

test('config records have Connect\'s keys and JSON values', () => {
  assert.deepEqual(connectorRecord('sqs', { 'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': '1', name: 'sqs' }), {
    key: 'connector-sqs', value: '{"properties":{"connector.class":"io.confluent.connect.sqs.source.SqsSourceConnector","tasks.max":"1","name":"sqs"}}'
  })
  assert.deepEqual(targetStateRecord('sqs', 'STOPPED'), { key: 'target-state-sqs', value: '{"state":"PAUSED","state.v2":"STOPPED"}' })
  assert.deepEqual(targetStateRecord('sqs', 'STARTED'), { key: 'target-state-sqs', value: '{"state":"STARTED","state.v2":"STARTED"}' })
  assert.deepEqual(taskRecord('my-sqs', 2, { a: 'b' }), { key: 'task-my-sqs-2', value: '{"properties":{"a":"b"}}' })
  assert.deepEqual(commitRecord('sqs', 3), { key: 'commit-sqs', value: '{"tasks":3}' })
  assert.deepEqual(restartRecord('sqs', true, false), { key: 'restart-connector-sqs', value: '{"include-tasks":true,"only-failed":false}' })
  assert.deepEqual(connectorRecord('sqs', null), { key: 'connector-sqs', value: null })
})

test('string values are escaped as Jackson writes them', () => {
  assert.equal(connectorRecord('x', { k: 'tab\there \u001f 😀 a/b' }).value, '{"properties":{"k":"tab\\there \\u001F \\uD83D\\uDE00 a/b"}}')
})

test('config records decode back, task keys split at the last dash, malformed values are refused', () => {
  for (const r of [connectorRecord('a-b', { x: 'y' }), targetStateRecord('a-b', 'STOPPED'), taskRecord('a-b', 10, { x: 'y' }), commitRecord('a-b', 2), restartRecord('a-b', false, true)]) {
    assert.notEqual(decodeConfigRecord(r.key, bytes(r)), undefined, r.key)
  }
  assert.deepEqual(decodeConfigRecord('task-a-b-10', Buffer.from('{"properties":{"x":"y"}}')), { kind: 'task', name: 'a-b', task: 10, config: { x: 'y' } })
  assert.deepEqual(decodeConfigRecord('target-state-a', Buffer.from('{"state":"PAUSED","state.v2":"STOPPED"}')), { kind: 'target-state', name: 'a', state: 'STOPPED' })
  // An older worker's record without state.v2.
  assert.deepEqual(decodeConfigRecord('target-state-a', Buffer.from('{"state":"PAUSED"}')), { kind: 'target-state', name: 'a', state: 'PAUSED' })
  assert.deepEqual(decodeConfigRecord('connector-a', null), { kind: 'connector', name: 'a', config: null })
  assert.deepEqual(decodeConfigRecord('session-key', Buffer.from('{"key":"abc","algorithm":"HmacSHA256","creation-timestamp":1}')), { kind: 'other', key: 'session-key' })
  assert.equal(decodeConfigRecord('connector-a', Buffer.from('not json')), undefined)
  assert.equal(decodeConfigRecord('connector-a', Buffer.from('{"properties":{"x":1}}')), undefined)
  assert.equal(decodeConfigRecord('commit-a', Buffer.from('{"tasks":-1}')), undefined)
  assert.equal(decodeConfigRecord('task-a', Buffer.from('{"properties":{}}')), undefined)
})

test('task configs take effect only with their commit; a delete forgets the connector', () => {
  const state = new ClusterConfigState()
  let offset = 0n
  const apply = (r: EncodedRecord): unknown => state.apply(decodeConfigRecord(r.key, bytes(r))!, offset++)
  assert.deepEqual(apply(connectorRecord('c', { name: 'c' })), { kind: 'connector-updated', name: 'c', created: true })
  assert.deepEqual(apply(connectorRecord('c', { name: 'c', x: '1' })), { kind: 'connector-updated', name: 'c', created: false })
  assert.equal(apply(taskRecord('c', 0, { t: '0' })), undefined)
  assert.equal(apply(taskRecord('c', 1, { t: '1' })), undefined)
  assert.deepEqual(state.taskConfigs('c'), [])
  assert.deepEqual(apply(commitRecord('c', 2)), { kind: 'tasks-committed', name: 'c' })
  assert.deepEqual(state.taskConfigs('c'), [{ t: '0' }, { t: '1' }])
  // A commit whose task records are missing leaves the earlier set in place.
  assert.equal(apply(commitRecord('c', 3)), undefined)
  assert.equal(state.taskConfigs('c').length, 2)
  assert.equal(state.targetState('c'), 'STARTED')
  apply(targetStateRecord('c', 'PAUSED'))
  assert.equal(state.targetState('c'), 'PAUSED')
  assert.equal(state.offset, offset - 1n)
  assert.deepEqual(apply(connectorRecord('c', null)), { kind: 'connector-removed', name: 'c' })
  assert.deepEqual(state.connectorNames(), [])
  assert.deepEqual(state.taskConfigs('c'), [])
  assert.equal(apply(connectorRecord('c', null)), undefined)
})

test('status records: trace always present, keys split at the last dash, tombstones', () => {
  const text = encodeStatus({ state: 'FAILED', trace: 'Error: boom\n\tat x', workerId: '127.0.0.1:8083', generation: 3, version: '1.2.3' })
  assert.equal(text, '{"state":"FAILED","trace":"Error: boom\\n\\tat x","worker_id":"127.0.0.1:8083","generation":3,"version":"1.2.3"}')
  assert.equal(encodeStatus({ state: 'RUNNING', trace: null, workerId: 'w:1', generation: 0, version: null }), '{"state":"RUNNING","trace":null,"worker_id":"w:1","generation":0,"version":null}')
  assert.deepEqual(decodeStatus(Buffer.from(text)), { state: 'FAILED', trace: 'Error: boom\n\tat x', workerId: '127.0.0.1:8083', generation: 3, version: '1.2.3' })
  // A Kafka 3.x record without version.
  assert.deepEqual(decodeStatus(Buffer.from('{"state":"RUNNING","trace":null,"worker_id":"w:1","generation":2}')), { state: 'RUNNING', trace: null, workerId: 'w:1', generation: 2, version: null })
  assert.equal(decodeStatus(null), null)
  assert.equal(decodeStatus(Buffer.from('{"state":1}')), undefined)
  assert.deepEqual(decodeStatusKey('status-task-my-sqs-12'), { kind: 'task', name: 'my-sqs', task: 12 })
  assert.deepEqual(decodeStatusKey('status-connector-my-sqs'), { kind: 'connector', name: 'my-sqs' })
  assert.equal(decodeStatusKey('status-topic-orders:connector-sqs'), undefined)
})
