import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RecordMetadata, SourceTask } from '../../../src/connect/connector.ts'
import type { Converter, HeaderConverter } from '../../../src/connect/converter.ts'
import { Headers } from '../../../src/connect/data/headers.ts'
import { Schemas } from '../../../src/connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../../src/connect/data/source-record.ts'
import { builtInPlugins } from '../../../src/cli/plugins.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'
import type { OutgoingRecord, WrittenRecord } from '../../../src/kafka/producer.ts'
import { validateConnectorConfig, connectorConfigError } from '../../../src/runtime/config-validation.ts'
import { createLogger } from '../../../src/runtime/logging.ts'
import { buildTransformChain } from '../../../src/runtime/transform-chain.ts'
import { findTransformPlugin, transformPluginInfos } from '../../../src/runtime/transform-plugins.ts'
import { WorkerSourceTask, type RecordSender } from '../../../src/runtime/worker-source-task.ts'

const T = 'org.apache.kafka.connect.transforms.'
const plugins = builtInPlugins()
const base = { name: 'c', 'connector.class': 'SqsSource', 'kafka.topic': 'orders', 'sqs.url': 'http://127.0.0.1:9324/000000000000/q' }

function record (i: number, headers = new Headers()): SourceRecord {
  return sourceRecord({ sourcePartition: { q: 'q' }, sourceOffset: { MessageId: `m${i}` }, topic: 'orders', keySchema: Schemas.STRING, key: `k${i}`, valueSchema: Schemas.STRING, value: `v${i}`, headers, partitionKey: Buffer.from('g') })
}

test('every SMT and predicate is listed with Connect\'s class name and type; nested classes have no alias', () => {
  const infos = transformPluginInfos()
  assert.equal(infos.filter((p) => p.type === 'transformation').length, 26)
  assert.deepEqual(infos.filter((p) => p.type === 'predicate').map((p) => p.class), [
    'org.apache.kafka.connect.transforms.predicates.HasHeaderKey',
    'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
    'org.apache.kafka.connect.transforms.predicates.TopicNameMatches'
  ])
  assert.ok(infos.some((p) => p.class === `${T}InsertField$Value`))
  assert.deepEqual(plugins.transformations, infos)
  assert.equal(findTransformPlugin('RegexRouter')?.className, `${T}RegexRouter`)
  assert.equal(findTransformPlugin('Value'), undefined, 'InsertField$Value and the others share the simple name Value')
})

test('the chain runs stages in order, skips a stage whose predicate says no, and keeps partitionKey unless the key changes', () => {
  const chain = buildTransformChain({
    transforms: 'tag,route,key',
    'transforms.tag.type': 'InsertHeader',
    'transforms.tag.header': 'seen',
    'transforms.tag.value.literal': '1',
    'transforms.route.type': 'RegexRouter',
    'transforms.route.regex': 'orders',
    'transforms.route.replacement': 'routed',
    'transforms.route.predicate': 'never',
    'transforms.key.type': `${T}HoistField$Key`,
    'transforms.key.field': 'k',
    predicates: 'never',
    'predicates.never.type': 'TopicNameMatches',
    'predicates.never.pattern': 'other'
  })
  const out = chain.apply(record(1))
  assert.ok(out !== null)
  assert.equal(out.topic, 'orders')
  assert.deepEqual([...out.headers].map((h) => [h.key, h.value]), [['seen', 1]])
  assert.equal(out.partitionKey, undefined, 'the key changed, so placement follows the new key')
  assert.deepEqual(out.sourceOffset, { MessageId: 'm1' })
  const routeOnly = buildTransformChain({ transforms: 'r', 'transforms.r.type': 'RegexRouter', 'transforms.r.regex': 'ord(.*)', 'transforms.r.replacement': 'x$1' }).apply(record(2))
  assert.equal(routeOnly?.topic, 'xers')
  assert.deepEqual(routeOnly?.partitionKey, Buffer.from('g'))
  chain.close()
  chain.close()
})

test('a failing transform names its alias and the record', () => {
  const chain = buildTransformChain({ transforms: 'extract', 'transforms.extract.type': `${T}ExtractField$Value`, 'transforms.extract.field': 'Body' })
  assert.throws(() => chain.apply(record(3)), (e: unknown) => e instanceof SqsConnectError && e.code === ErrorCodes.TRANSFORM_FAILED &&
    /Transformation extract failed on the record for topic orders .*m3.*Only Struct objects supported for \[field extraction\], found: java.lang.String/.test(e.message))
})

test('building the chain refuses unknown classes, predicates of the wrong kind, unlisted predicates and bad SMT configs, naming the property', () => {
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ transforms: 'a', 'transforms.a.type': 'com.example.Nope' }, 'transforms.a.type', /Class com\.example\.Nope could not be found/],
    [{ transforms: 'a', 'transforms.a.type': 'HasHeaderKey' }, 'transforms.a.type', /is a predicate, not a transformation/],
    [{ transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.predicate': 'p' }, 'transforms.a.predicate', /not listed in predicates/],
    [{ transforms: 'a', 'transforms.a.type': `${T}InsertField$Value` }, 'transforms.a.static.field', /No field insertion configured/],
    [{ transforms: 'a', 'transforms.a.type': `${T}MaskField$Value` }, 'transforms.a.fields', /Missing required configuration "fields"/]
  ]
  for (const [props, subject, message] of cases) {
    assert.throws(() => buildTransformChain(props), (e: unknown) => e instanceof SqsConnectError && e.subject === subject && message.test(e.message), subject)
  }
})

test('validation: Transforms:/Predicates: groups, prefixed keys sorted as Connect embeds them, and Connect\'s errors', () => {
  const infos = validateConnectorConfig(plugins, {
    ...base,
    transforms: 'mask,bad,neg',
    'transforms.mask.type': `${T}MaskField$Value`,
    'transforms.bad.type': 'com.example.Nope',
    'transforms.neg.type': 'Filter',
    'transforms.neg.negate': 'true',
    predicates: 'p',
    'predicates.p.type': 'HasHeaderKey'
  })
  assert.deepEqual(infos.groups.slice(0, 11), ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic',
    'Transforms: mask', 'Transforms: bad', 'Transforms: neg', 'Predicates: p'])
  const mask = infos.configs.filter((c) => c.definition?.group === 'Transforms: mask').map((c) => [c.definition?.name, c.definition?.order_in_group, c.definition?.display_name])
  assert.deepEqual(mask, [
    ['transforms.mask.type', 0, 'Transformation type for mask'],
    ['transforms.mask.fields', 1, 'fields'],
    ['transforms.mask.negate', 2, 'negate'],
    ['transforms.mask.predicate', 3, 'predicate'],
    ['transforms.mask.replace.null.with.default', 4, 'replace.null.with.default'],
    ['transforms.mask.replacement', 5, 'replacement']
  ])
  const errors = Object.fromEntries(infos.configs.filter((c) => (c.value?.errors.length ?? 0) > 0).map((c) => [c.value?.name, c.value?.errors]))
  assert.deepEqual(errors, {
    'transforms.mask.fields': ['Missing required configuration "transforms.mask.fields" which has no default value.', 'Invalid value null for configuration transforms.mask.fields: Empty list'],
    'transforms.bad.type': ['Invalid value com.example.Nope for configuration transforms.bad.type: Class com.example.Nope could not be found.'],
    'transforms.neg.type': ['Config \'transforms.neg.negate\' was provided but there is no config \'transforms.neg.predicate\' defining a predicate to be negated.'],
    'predicates.p.name': ['Missing required configuration "predicates.p.name" which has no default value.']
  })
  assert.equal(infos.error_count, 5)
  const refused = connectorConfigError(plugins, { ...base, transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.negate': 'true' })
  assert.match(refused?.message ?? '', /transforms\.a\.type: Config 'transforms\.a\.negate' was provided/)
})

const text: Converter = { configure () {}, fromConnectData: (_t, _s, v) => Buffer.from(String(v)) }
const header: HeaderConverter = { configure () {}, fromConnectHeader: (_t, _k, _s, v) => Buffer.from(String(v)) }

test('WorkerSourceTask: a record a transform drops is committed with null metadata and never sent', async () => {
  const committed: Array<[string, RecordMetadata | null]> = []
  let polled = false
  const task: SourceTask = {
    version: () => 'test',
    start () {},
    async poll () {
      await new Promise((resolve) => setTimeout(resolve, 1))
      if (polled) return []
      polled = true
      return [0, 1, 2, 3].map((i) => record(i, i % 2 === 0 ? new Headers().addString('drop', 'y') : new Headers()))
    },
    commitRecord (r, m) { committed.push([r.sourceOffset.MessageId as string, m]) },
    async commit () {},
    stop () {},
    async close () {}
  }
  const sent: string[] = []
  const sender: RecordSender = {
    async send (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> {
      sent.push(...records.map((r) => Buffer.from(r.value!).toString()))
      return records.map((_, i) => ({ topic: 'orders', partition: 0, offset: BigInt(i) }))
    },
    async close () {}
  }
  const transforms = buildTransformChain({
    transforms: 'f', 'transforms.f.type': 'Filter', 'transforms.f.predicate': 'd', predicates: 'd', 'predicates.d.type': 'HasHeaderKey', 'predicates.d.name': 'drop'
  })
  const worker = new WorkerSourceTask({ connectorName: 'c', taskId: 0, task, config: {}, converters: { key: text, value: text, header }, transforms, sender, logger: createLogger('silent') })
  await worker.start()
  for (let i = 0; i < 500 && committed.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  await worker.stop(1000)
  assert.deepEqual(sent, ['v1', 'v3'])
  assert.deepEqual(committed.filter(([, m]) => m === null).map(([id]) => id), ['m0', 'm2'])
  assert.deepEqual(committed.filter(([, m]) => m !== null).map(([id]) => id), ['m1', 'm3'])
})
