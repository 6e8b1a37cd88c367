/** The example configs of docs/avro.md load and give the connector AvroConverters for key and value. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfigFile } from '../../../../src/runtime/config-files.ts'
import { setUpConverters } from '../../../../src/runtime/converter-setup.ts'
import { AvroConverter } from '../../../../src/runtime/converters/index.ts'
import { parseWorkerConfig } from '../../../../src/runtime/worker-config.ts'

test('examples/avro: worker.properties and sqs-source.properties set up AvroConverters', async () => {
  const worker = parseWorkerConfig(await loadConfigFile('examples/avro/worker.properties'))
  const connector = await loadConfigFile('examples/avro/sqs-source.properties')
  assert.equal(connector['connector.class'], 'io.confluent.connect.sqs.source.SqsSourceConnector')
  const converters = setUpConverters(worker, connector)
  assert.ok(converters.key instanceof AvroConverter)
  assert.ok(converters.value instanceof AvroConverter)
})
