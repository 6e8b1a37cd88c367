import assert from 'node:assert/strict'
import { test } from 'node:test'
import { locateQueue } from '../../../src/connectors/sqs/queue-url.ts'
import { resolveRegion } from '../../../src/connectors/sqs/sqs-client.ts'
import { hasCode, ErrorCodes } from '../../../src/errors.ts'

test('AWS queue URLs give their region and no endpoint override', () => {
  assert.deepEqual(locateQueue('https://sqs.eu-central-1.amazonaws.com/829250931565/sqs-source-connector-demo'),
    { region: 'eu-central-1', queueName: 'sqs-source-connector-demo', fifo: false })
  assert.deepEqual(locateQueue('https://sqs.us-east-1.amazonaws.com/942288736285822/sqs-fifo-queue.fifo'),
    { region: 'us-east-1', queueName: 'sqs-fifo-queue.fifo', fifo: true })
  assert.equal(locateQueue('https://eu-west-1.queue.amazonaws.com/1/q').region, 'eu-west-1')
  assert.equal(locateQueue('https://queue.amazonaws.com/940887362971/sqs-source-connector-demo').region, 'us-east-1')
  assert.equal(locateQueue('https://sqs.cn-north-1.amazonaws.com.cn/1/q').region, 'cn-north-1')
  assert.equal(locateQueue('https://vpce-0abc-123.sqs.ap-south-1.vpce.amazonaws.com/1/q').region, 'ap-south-1')
})

test('other hosts become the endpoint, so a local server works with its own queue URL', () => {
  assert.deepEqual(locateQueue('http://127.0.0.1:9324/000000000000/orders.fifo'),
    { endpoint: 'http://127.0.0.1:9324', queueName: 'orders.fifo', fifo: true })
})

test('bad URLs are config errors naming sqs.url', () => {
  for (const bad of ['not a url', 'ftp://host/1/q', 'https://sqs.us-east-1.amazonaws.com/']) {
    assert.throws(() => locateQueue(bad), (e: unknown) => hasCode(e, ErrorCodes.CONFIG_INVALID) && e.subject === 'sqs.url' && e.message.includes('sqs.url'))
  }
})

test('AWS_REGION wins over the URL, as the seed documents', () => {
  const location = locateQueue('https://sqs.eu-west-1.amazonaws.com/1/q')
  assert.equal(resolveRegion({ region: '' }, location, { AWS_REGION: 'us-west-2' }), 'us-west-2')
  assert.equal(resolveRegion({ region: '' }, location, {}), 'eu-west-1')
  assert.equal(resolveRegion({ region: '' }, locateQueue('http://127.0.0.1:1/0/q'), {}), 'us-east-1')
})

test('sqs.region wins over AWS_REGION and the URL', () => {
  assert.equal(resolveRegion({ region: 'ap-south-1' }, locateQueue('https://sqs.eu-west-1.amazonaws.com/1/q'), { AWS_REGION: 'us-west-2' }), 'ap-south-1')
})
