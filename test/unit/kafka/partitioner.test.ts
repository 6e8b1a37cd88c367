import assert from 'node:assert/strict'
import { test } from 'node:test'
import { murmur2, partitionForKey } from '../../../src/kafka/partitioner.ts'

// Vectors from Kafka's UtilsTest.testMurmur2 and kafka-connect.md §11 (checked against Utils.murmur2).
const VECTORS: Array<[string, number]> = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
  ['', 275646681]
]

test('murmur2 matches Kafka\'s Utils.murmur2', () => {
  for (const [input, expected] of VECTORS) assert.equal(murmur2(Buffer.from(input, 'ascii')), expected, input)
})

test('the SQS key JSON of kafka-connect.md lands where Java puts it', () => {
  const key = '{"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"QueueUrl"},{"type":"string","optional":false,"field":"MessageId"},{"type":"string","optional":true,"field":"MessageGroupId"}],"optional":false,"version":1},"payload":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders","MessageId":"5fea7756-0ea4-451a-a703-a558b933e274","MessageGroupId":null}}'
  assert.equal(Buffer.byteLength(key), 390)
  assert.equal(murmur2(Buffer.from(key)), -1728437090)
  assert.equal(partitionForKey(Buffer.from(key), 6), 0)
})
