import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderPath, shapeDifferences } from '../../integration/support/json-shape.ts'

const status = (state: string, tasks: unknown[]): unknown => ({ name: 'a', connector: { state, worker_id: '127.0.0.1:8083' }, tasks, type: 'source' })

test('equal shapes with different values give no difference', () => {
  const connect = status('RUNNING', [{ id: 0, state: 'RUNNING', worker_id: '10.0.0.1:8083' }])
  const ours = { name: 'b', connector: { state: 'PAUSED', worker_id: 'x:1' }, tasks: [{ id: 7, state: 'FAILED', worker_id: 'y' }], type: 'sink' }
  assert.deepEqual(shapeDifferences(connect, ours), [])
})

test('types, key sets and key order are compared, each difference named by its path', () => {
  const connect = { error_code: 404, message: 'Connector x not found' }
  assert.deepEqual(shapeDifferences(connect, { message: 'm', error_code: 404 }), ['$: expected keys [error_code, message], got [message, error_code]'])
  assert.deepEqual(shapeDifferences(connect, { error_code: '404', message: 'm' }), ['$.error_code: expected number (404), got string ("404")'])
  assert.deepEqual(shapeDifferences(connect, { error_code: 404 }), ['$: expected keys [error_code, message], got [error_code]'])
  assert.deepEqual(shapeDifferences([{ a: 1 }], []), ['$: expected 1 element(s), got 0'])
  assert.deepEqual(shapeDifferences({ t: [{ a: null }] }, { t: [{ a: 'x' }] }), ['$.t[0].a: expected null (null), got string ("x")'])
})

test('exact paths compare values; maps compare only their values; ignored paths are skipped', () => {
  const rules = { exact: ['connector.state', 'tasks.*.state', 'type'] }
  assert.deepEqual(shapeDifferences(status('RUNNING', [{ id: 0, state: 'RUNNING' }]), status('RUNNING', [{ id: 0, state: 'UNASSIGNED' }]), rules),
    ['$.tasks[0].state: expected "RUNNING", got "UNASSIGNED"'])
  assert.deepEqual(shapeDifferences(status('PAUSED', []), status('STOPPED', []), rules), ['$.connector.state: expected "PAUSED", got "STOPPED"'])
  const info = (config: Record<string, unknown>): unknown => ({ name: 'n', config, tasks: [], type: 'source' })
  const mapRules = { maps: ['config'] }
  assert.deepEqual(shapeDifferences(info({ 'connector.class': 'A', topic: 't' }), info({ 'sqs.url': 'u', name: 'n', 'tasks.max': '1' }), mapRules), [])
  assert.deepEqual(shapeDifferences(info({ 'connector.class': 'A' }), info({ 'tasks.max': 1 }), mapRules), ['$.config["tasks.max"]: expected string ("A"), got number (1)'])
  assert.deepEqual(shapeDifferences({ v: { value: null } }, { v: { value: 'x' } }, { ignore: ['v.value'] }), [])
})

test('paths render with indexes and quoted keys', () => {
  assert.equal(renderPath(['tasks', 0, 'state']), '$.tasks[0].state')
  assert.equal(renderPath(['config', 'connector.class']), '$.config["connector.class"]')
})
