/** The Kafka layer against a real broker: reported positions, murmur2 placement, headers as Connect writes them. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { partitionForKey } from '../../src/kafka/partitioner.ts'
import { RecordProducer, type OutgoingRecord } from '../../src/kafka/producer.ts'
import { createTopic, readRecords } from './support/kafka.ts'
import { sharedServers } from './support/servers.ts'

test('each record\'s reported partition and offset is where Kafka stored it', async () => {
  const env = await sharedServers()
  const topic = await createTopic(env.kafkaBootstrap, 'producer', 4)
  const producer = new RecordProducer({ bootstrapServers: [env.kafkaBootstrap], clientId: 'producer-test' })
  const records: OutgoingRecord[] = Array.from({ length: 40 }, (_, i) => ({
    topic,
    key: i % 10 === 9 ? null : Buffer.from(`key-${i % 7}`),
    value: i === 5 ? null : Buffer.from(`value-${i}`),
    headers: [['h', Buffer.from('first')], ['h', Buffer.from('second')], ['empty', null]],
    ...(i === 3 ? { partition: 2 } : {})
  }))
  const written = [...await producer.send(records.slice(0, 25)), ...await producer.send(records.slice(25))]
  await producer.close()
  const stored = await readRecords(env.kafkaBootstrap, topic, records.length, 30_000)
  assert.equal(stored.length, records.length)
  const at = new Map(stored.map((r) => [`${r.partition}/${r.offset}`, r]))
  for (const [i, where] of written.entries()) {
    const record = at.get(`${where.partition}/${where.offset}`)
    assert.ok(record, `record ${i} at ${where.partition}/${where.offset}`)
    assert.equal(record.value?.toString() ?? null, records[i]!.value === null ? null : `value-${i}`)
    const key = records[i]!.key
    if (i === 3) assert.equal(where.partition, 2)
    else if (key !== null) assert.equal(where.partition, partitionForKey(key, 4), 'murmur2 placement, as Java producers do')
    // Repeated header names are kept, in order; a null header value stays null.
    assert.deepEqual(record.headers.map(([k, v]) => [k, v?.toString() ?? null]), [['h', 'first'], ['h', 'second'], ['empty', null]])
  }
})
