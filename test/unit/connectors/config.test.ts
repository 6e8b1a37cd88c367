import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseSqsSourceConfig } from '../../../src/connectors/sqs/config.ts'
import { SqsConnectError } from '../../../src/errors.ts'

const base = { 'kafka.topic': 't', 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/1/q' }

test('defaults are Confluent\'s: 20 s long polls, 10 messages', () => {
  const config = parseSqsSourceConfig(base)
  assert.equal(config.topic, 't')
  assert.equal(config.queueUrl, base['sqs.url'])
  assert.equal(config.waitTimeSeconds, 20)
  assert.equal(config.maxMessages, 10)
})

test('out-of-range and malformed values name property, value and limit; all problems together', () => {
  const error = (() => {
    try {
      parseSqsSourceConfig({ 'sqs.url': ' ', 'sqs.waittime.seconds': '0', 'sqs.messages.max': 'ten' })
    } catch (e) { return e }
    return undefined
  })()
  assert.ok(error instanceof SqsConnectError)
  assert.equal(error.subject, 'kafka.topic')
  assert.match(error.message, /contains the following 4 error\(s\)/)
  assert.match(error.message, /Missing required configuration "kafka.topic" which has no default value\./)
  assert.match(error.message, /for configuration sqs\.url: String must be non-empty/)
  assert.match(error.message, /Invalid value 0 for configuration sqs\.waittime\.seconds: Value must be at least 1/)
  assert.match(error.message, /Invalid value ten for configuration sqs\.messages\.max: Not a number of type INT/)
})

test('upper limits', () => {
  assert.throws(() => parseSqsSourceConfig({ ...base, 'sqs.waittime.seconds': '21' }), /sqs\.waittime\.seconds: Value must be no more than 20/)
  assert.throws(() => parseSqsSourceConfig({ ...base, 'sqs.messages.max': '11' }), /sqs\.messages\.max: Value must be no more than 10/)
  assert.equal(parseSqsSourceConfig({ ...base, 'sqs.messages.max': ' 1 ' }).maxMessages, 1)
})

test('sqs.client: wire by default, sdk on request, anything else an error naming the property and the choices', () => {
  assert.equal(parseSqsSourceConfig(base).client, 'wire')
  assert.equal(parseSqsSourceConfig({ ...base, 'sqs.client': 'sdk' }).client, 'sdk')
  assert.throws(() => parseSqsSourceConfig({ ...base, 'sqs.client': 'fast' }), (error: unknown) =>
    error instanceof SqsConnectError && error.subject === 'sqs.client' && /Invalid value fast for configuration sqs\.client/.test(error.message) && /wire/.test(error.message) && /sdk/.test(error.message))
})
