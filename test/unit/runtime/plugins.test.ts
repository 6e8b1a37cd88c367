import assert from 'node:assert/strict'
import { test } from 'node:test'
import { builtInPlugins } from '../../../src/cli/plugins.ts'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'

test('the SQS connector answers to its class name and Connect\'s aliases', () => {
  const plugins = builtInPlugins()
  for (const name of ['io.confluent.connect.sqs.source.SqsSourceConnector', 'SqsSourceConnector', 'SqsSource', ' SqsSource ']) {
    assert.equal(plugins.connector(name).className, 'io.confluent.connect.sqs.source.SqsSourceConnector')
  }
})

test('an unknown class names connector.class and lists what is known', () => {
  assert.throws(() => builtInPlugins().connector('com.example.Nope'),
    (e: unknown) => hasCode(e, ErrorCodes.PLUGIN_NOT_FOUND) && e.subject === 'connector.class' && /SqsSourceConnector/.test(e.message))
})
