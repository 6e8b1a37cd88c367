/** Distributed worker properties: required keys, Connect's defaults, bad values named. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ErrorCodes, SqsConnectError } from '../../../../src/errors.ts'
import { parseDistributedConfig } from '../../../../src/runtime/distributed/distributed-config.ts'
import { internalTopics } from '../../../../src/runtime/distributed/internal-topics.ts'

const required = { 'group.id': 'g', 'config.storage.topic': 'c', 'offset.storage.topic': 'o', 'status.storage.topic': 's' }

test('Connect\'s defaults; the config topic always has one partition', () => {
  const c = parseDistributedConfig(required)
  assert.equal(c.configReplicationFactor, 3)
  assert.equal(c.offsetPartitions, 25)
  assert.equal(c.statusPartitions, 5)
  assert.equal(c.sessionTimeoutMs, 10_000)
  assert.equal(c.scheduledRebalanceMaxDelayMs, 300_000)
  assert.equal(c.protocol, 'sessioned')
  assert.deepEqual(internalTopics(c).map((t) => [t.name, t.partitions, t.replicationFactor]), [['c', 1, 3], ['o', 25, 3], ['s', 5, 3]])
  assert.equal(parseDistributedConfig({ ...required, 'status.storage.replication.factor': '-1' }).statusReplicationFactor, -1)
})

test('missing and bad properties are named', () => {
  assert.throws(() => parseDistributedConfig({ 'config.storage.topic': 'c' }), (error: unknown) => {
    assert.ok(error instanceof SqsConnectError)
    assert.equal(error.code, ErrorCodes.CONFIG_INVALID)
    for (const key of ['group.id', 'offset.storage.topic', 'status.storage.topic']) assert.match(error.message, new RegExp(key.replaceAll('.', '\\.')))
    return true
  })
  assert.throws(() => parseDistributedConfig({ ...required, 'config.storage.replication.factor': '0' }), /config\.storage\.replication\.factor/)
  assert.throws(() => parseDistributedConfig({ ...required, 'connect.protocol': 'fast' }), /connect\.protocol/)
  assert.throws(() => parseDistributedConfig({ ...required, 'status.storage.topic': 'bad topic' }), /status\.storage\.topic/)
})
