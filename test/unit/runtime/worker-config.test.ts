import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'
import { parseWorkerConfig } from '../../../src/runtime/worker-config.ts'

const converters = { 'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter' }

test('sqsconnect.worker.buffer.max.bytes: 16 MiB by default, a given number of bytes, and an error naming it for a bad value', () => {
  assert.equal(parseWorkerConfig(converters).workerBufferMaxBytes, 16 * 1024 * 1024)
  assert.equal(parseWorkerConfig({ ...converters, 'sqsconnect.worker.buffer.max.bytes': '1048576' }).workerBufferMaxBytes, 1048576)
  for (const bad of ['0', '-1', 'lots']) {
    assert.throws(() => parseWorkerConfig({ ...converters, 'sqsconnect.worker.buffer.max.bytes': bad }), (error: Error) => {
      assert.ok(hasCode(error, ErrorCodes.CONFIG_INVALID))
      assert.match(error.message, new RegExp(`Invalid value ${bad} for configuration sqsconnect\\.worker\\.buffer\\.max\\.bytes`))
      return true
    })
  }
})
