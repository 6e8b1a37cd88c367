import assert from 'node:assert/strict'
import { test } from 'node:test'
import { closestName, editDistance } from '../../../src/connect/config/closest-name.ts'

const known = ['kafka.topic', 'sqs.url', 'sqs.waittime.seconds', 'sqs.messages.max', 'sqs.max.retries', 'sqs.max.retry.time.ms', 'sqs.proxy.url', 'sqs.proxy.user', 'sqs.proxy.password', 'aws.access.key.id', 'aws.secret.key.id']

test('edit distance counts insertions, deletions, substitutions and adjacent swaps as one each', () => {
  assert.equal(editDistance('', ''), 0)
  assert.equal(editDistance('abc', 'abc'), 0)
  assert.equal(editDistance('abc', 'ab'), 1)
  assert.equal(editDistance('abc', 'abd'), 1)
  assert.equal(editDistance('abc', 'acb'), 1)
  assert.equal(editDistance('kitten', 'sitting'), 3)
})

test('typos, other separators, other word order and shared words find the intended property', () => {
  assert.equal(closestName('sqs.waittime.second', known), 'sqs.waittime.seconds')
  assert.equal(closestName('sqs.wait.time.seconds', known), 'sqs.waittime.seconds')
  assert.equal(closestName('sqs.proxy.passwrod', known), 'sqs.proxy.password')
  assert.equal(closestName('sqs.max.messages', known), 'sqs.messages.max')
  assert.equal(closestName('SQS.URL', known), 'sqs.url')
  assert.equal(closestName('aws.secret.access.key', known), 'aws.secret.key.id')
})

test('nothing is suggested for names unlike any property', () => {
  assert.equal(closestName('sqs.batch.size.bytes', known), undefined)
  assert.equal(closestName('sqs.zzz', known), undefined)
})
