import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TopicSpec } from '../../../src/kafka/admin.ts'
import { createLogger } from '../../../src/runtime/logging.ts'
import type { TopicAdmin } from '../../../src/runtime/topic-admin.ts'
import { groupFor, TopicCreation } from '../../../src/runtime/topic-creation.ts'
import { parseTopicCreationConfig } from '../../../src/runtime/topic-creation-config.ts'

const props = {
  'topic.creation.groups': 'compacted, big',
  'topic.creation.default.replication.factor': '-1',
  'topic.creation.default.partitions': '2',
  'topic.creation.compacted.include': 'orders-.*, audit',
  'topic.creation.compacted.exclude': 'orders-raw-.*',
  'topic.creation.compacted.cleanup.policy': 'compact',
  'topic.creation.big.include': 'orders-.*',
  'topic.creation.big.partitions': '12'
}

test('the first named group that includes and does not exclude a topic wins; otherwise the default group', () => {
  const { groups } = parseTopicCreationConfig(props)
  assert.equal(groupFor('orders-eu', groups)?.name, 'compacted')
  assert.equal(groupFor('audit', groups)?.name, 'compacted')
  assert.equal(groupFor('orders-raw-eu', groups)?.name, 'big', 'excluded from compacted, included by big')
  assert.equal(groupFor('audit-2', groups)?.name, 'default', 'patterns match the whole name')
  assert.equal(groupFor('other', groups)?.name, 'default')
})

class FakeAdmin implements TopicAdmin {
  existing = new Set(['present'])
  created: TopicSpec[] = []
  checks = 0
  async topicExists (name: string): Promise<boolean> { this.checks++; return this.existing.has(name) }
  async createTopic (spec: TopicSpec): Promise<'created' | 'existing'> { this.created.push(spec); this.existing.add(spec.name); return 'created' }
  async brokerCount (): Promise<number> { return 1 }
}

test('a missing topic is created once with its group\'s settings; an existing one is left alone; each topic is checked once', async () => {
  const admin = new FakeAdmin()
  const creation = new TopicCreation({ config: parseTopicCreationConfig(props), admin, logger: createLogger('silent') })
  await creation.ensure('orders-eu')
  await creation.ensure('orders-eu')
  await creation.ensure('present')
  await creation.ensure('other')
  assert.deepEqual(admin.created, [
    { name: 'orders-eu', partitions: 2, replicationFactor: -1, configs: { 'cleanup.policy': 'compact' } },
    { name: 'other', partitions: 2, replicationFactor: -1, configs: {} }
  ])
  assert.equal(admin.checks, 3)
})

test('no topic creation: nothing is checked or created (the worker disabled it, or the connector has no topic.creation.* keys)', async () => {
  for (const config of [parseTopicCreationConfig(props, false), parseTopicCreationConfig({})]) {
    const admin = new FakeAdmin()
    const creation = new TopicCreation({ config, admin, logger: createLogger('silent') })
    await creation.ensure('orders-eu')
    assert.deepEqual([admin.checks, admin.created.length], [0, 0])
  }
})

test('a refused creation names the topic, the group and its settings', async () => {
  const admin = new FakeAdmin()
  admin.createTopic = async () => { throw new Error('INVALID_REPLICATION_FACTOR') }
  const creation = new TopicCreation({ config: parseTopicCreationConfig(props), admin, logger: createLogger('silent') })
  await assert.rejects(creation.ensure('orders-eu'), /^SqsConnectError: Task failed to create new topic orders-eu \(topic\.creation group compacted: partitions 2, replication factor -1, configs \{"cleanup\.policy":"compact"\}\): INVALID_REPLICATION_FACTOR\. Ensure/)
})
