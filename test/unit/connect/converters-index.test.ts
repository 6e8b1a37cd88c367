import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ByteArrayConverter, CONVERTER_CLASSES, HEADER_CONVERTER_CLASSES, JsonConverter, SimpleHeaderConverter, StringConverter,
  createConverter, createHeaderConverter
} from '../../../src/connect/converters/index.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'

test('converters resolve by class name, simple name and pruned alias', () => {
  for (const name of ['org.apache.kafka.connect.json.JsonConverter', 'JsonConverter', 'Json']) {
    assert.ok(createConverter(name, {}, false, 'value.converter') instanceof JsonConverter, name)
  }
  assert.ok(createConverter('String', {}, true, 'key.converter') instanceof StringConverter)
  assert.ok(createConverter('org.apache.kafka.connect.converters.ByteArrayConverter', {}, true, 'key.converter') instanceof ByteArrayConverter)
  assert.ok(createConverter('ByteArray', {}, true, 'key.converter') instanceof ByteArrayConverter)
  assert.deepEqual([...CONVERTER_CLASSES].sort(), [
    'org.apache.kafka.connect.converters.ByteArrayConverter', 'org.apache.kafka.connect.json.JsonConverter', 'org.apache.kafka.connect.storage.StringConverter'
  ])
})

test('header converters resolve the same way; Simple is SimpleHeaderConverter', () => {
  for (const name of ['org.apache.kafka.connect.storage.SimpleHeaderConverter', 'SimpleHeaderConverter', 'Simple']) {
    assert.ok(createHeaderConverter(name, {}, 'header.converter') instanceof SimpleHeaderConverter, name)
  }
  assert.ok(createHeaderConverter('Json', {}, 'header.converter') instanceof JsonConverter)
  assert.ok(createHeaderConverter('StringConverter', {}, 'header.converter') instanceof StringConverter)
  assert.equal(HEADER_CONVERTER_CLASSES.length, 4)
})

test('an unknown or misplaced class names the property, the class and what is accepted', () => {
  for (const [name, make] of [
    ['com.example.Nope', () => createConverter('com.example.Nope', {}, false, 'value.converter')],
    ['json', () => createConverter('json', {}, false, 'value.converter')],
    ['Simple', () => createConverter('Simple', {}, false, 'value.converter')]
  ] as const) {
    assert.throws(make, (e: unknown) => {
      assert.ok(e instanceof SqsConnectError)
      assert.equal(e.code, ErrorCodes.PLUGIN_NOT_FOUND)
      assert.equal(e.subject, 'value.converter')
      assert.match(e.message, new RegExp(`value\\.converter.*${name}`))
      assert.match(e.message, /org\.apache\.kafka\.connect\.json\.JsonConverter, JsonConverter, Json/)
      return true
    })
  }
  assert.throws(() => createHeaderConverter('Nope', {}, 'header.converter'), { code: ErrorCodes.PLUGIN_NOT_FOUND, subject: 'header.converter' })
})

test('settings errors name the full property', () => {
  assert.throws(() => createConverter('Json', { 'schemas.enable': 'maybe' }, false, 'value.converter'), {
    code: ErrorCodes.CONFIG_INVALID,
    subject: 'value.converter.schemas.enable',
    message: 'Invalid value maybe for configuration value.converter.schemas.enable: Expected value to be either true or false'
  })
})
