/**
 * Equal results with Kafka itself: test/java/SmtHarness.java applies Apache Kafka 4.4.0's own SMTs and
 * predicates (connect-transforms, from the Kafka lib the test servers run) to the records in
 * test/java/smt-cases.ts, and our chain must give the same outcome for each: the same config refusal,
 * failure or drop, or the same topic, partition, timestamp and, byte for byte, the same key, value
 * (JsonConverter with schemas on and off) and headers (SimpleHeaderConverter).
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { delimiter, join } from 'node:path'
import { before, describe, it } from 'node:test'
import { ensureMavenLib } from '../../infra/maven.ts'
import { compiledJava } from './support/java-compile.ts'
import { JsonConverter, SimpleHeaderConverter } from '../../src/connect/converters/index.ts'
import { Headers } from '../../src/connect/data/headers.ts'
import { sourceRecord, type SourceRecord } from '../../src/connect/data/source-record.ts'
import type { Predicate, Transformation } from '../../src/connect/transforms/index.ts'
import { TransformChain } from '../../src/runtime/transform-chain.ts'
import { findTransformPlugin } from '../../src/runtime/transform-plugins.ts'
import { toSchema, toValue } from '../java/case-decoder.ts'
import { smtCases, type SmtCase, type StageDesc } from '../java/smt-cases.ts'

const SOURCES = ['SmtHarness.java', 'ConverterHarness.java']

interface KafkaResult {
  readonly id: string
  readonly configError?: string
  readonly error?: string
  readonly dropped?: boolean
  readonly topic?: string
  readonly partition?: number | null
  readonly timestamp?: string | null
  readonly key?: string | null
  readonly value?: string | null
  readonly keyPlain?: string | null
  readonly valuePlain?: string | null
  readonly headers?: Array<[string, string | null, string | null]>
}

/** Compiles the harness (with ConverterHarness, whose decoders it uses) once per version of its sources. */
async function compiledHarness (lib: string): Promise<string> {
  return await compiledJava({ name: 'smt-harness', sources: SOURCES, lib, marker: 'SmtHarness.class' })
}

function runHarness (classpath: string, cases: readonly SmtCase[]): Promise<Map<string, KafkaResult>> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Duser.timezone=UTC', '-Duser.language=en', '-cp', classpath, 'SmtHarness'], { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`SmtHarness exited with ${code}: ${Buffer.concat(err).toString()}`))
      const results = new Map<string, KafkaResult>()
      for (const line of Buffer.concat(out).toString('utf8').split('\n')) {
        if (line.trim() === '') continue
        const parsed = JSON.parse(line) as KafkaResult
        results.set(parsed.id, parsed)
      }
      resolve(results)
    })
    child.stdin.end(cases.map((c) => JSON.stringify(c)).join('\n') + '\n')
  })
}

function plugin<T extends Transformation | Predicate> (type: string, config: Record<string, string> | undefined): T {
  const found = findTransformPlugin(type)
  assert.ok(found !== undefined, `no plugin ${type}`)
  const instance = found.create() as T
  instance.configure(config ?? {})
  return instance
}

/** Our chain for the case's stages; throws where configuring a stage fails. */
function ourChain (stages: readonly StageDesc[]): TransformChain {
  return new TransformChain(stages.map((s, i) => ({
    alias: `s${i}`,
    transformation: plugin<Transformation>(s.type, s.config),
    predicate: s.predicate === undefined ? undefined : plugin<Predicate>(s.predicate.type, s.predicate.config),
    negate: s.negate ?? false
  })))
}

function ourRecord (c: SmtCase): SourceRecord {
  const r = c.record
  const keySchema = r.keySchema === null ? null : toSchema(r.keySchema)
  const valueSchema = r.valueSchema === null ? null : toSchema(r.valueSchema)
  const headers = new Headers()
  for (const [name, desc, value] of r.headers) {
    const schema = desc === null ? null : toSchema(desc)
    headers.add(name, schema, toValue(schema, value))
  }
  return sourceRecord({
    sourcePartition: { QueueUrl: 'q' },
    sourceOffset: { MessageId: 'm' },
    topic: r.topic,
    ...(r.partition === null ? {} : { kafkaPartition: r.partition }),
    ...(r.timestamp === null ? {} : { timestamp: Number(r.timestamp) }),
    keySchema,
    key: toValue(keySchema, r.key),
    valueSchema,
    value: toValue(valueSchema, r.value),
    headers
  })
}

function json (configs: Record<string, string>, isKey: boolean): JsonConverter {
  const converter = new JsonConverter()
  converter.configure(configs, isKey)
  return converter
}

const b64 = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('base64'))
const text = (b: string | null | undefined): string => (b === null || b === undefined ? String(b) : Buffer.from(b, 'base64').toString('utf8'))

describe('Kafka\'s SMTs and predicates vs ours', () => {
  const cases = smtCases()
  let results = new Map<string, KafkaResult>()
  const keyJson = json({}, true)
  const valueJson = json({}, false)
  const keyPlain = json({ 'schemas.enable': 'false' }, true)
  const valuePlain = json({ 'schemas.enable': 'false' }, false)
  const header = new SimpleHeaderConverter()
  header.configure({})

  before(async () => {
    const lib = await ensureMavenLib('kafka')
    const classes = await compiledHarness(lib)
    results = await runHarness([classes, join(lib, '*')].join(delimiter), cases)
  })

  it('the harness answered every case, with ids unique', () => {
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length)
    assert.equal(results.size, cases.length)
  })

  it('the cases cover every built-in SMT and predicate', () => {
    const used = new Set(cases.flatMap((c) => c.stages.flatMap((s) => [s.type, ...(s.predicate === undefined ? [] : [s.predicate.type])])))
    const all = ['Cast', 'ExtractField', 'Flatten', 'HeaderFrom', 'HoistField', 'InsertField', 'MaskField', 'ReplaceField', 'SetSchemaMetadata', 'TimestampConverter']
    for (const name of all) assert.ok([...used].some((t) => t.includes(`.${name}$`)), `no case for ${name}`)
    for (const name of ['DropHeaders', 'Filter', 'InsertHeader', 'RegexRouter', 'TimestampRouter', 'ValueToKey', 'predicates.HasHeaderKey', 'predicates.RecordIsTombstone', 'predicates.TopicNameMatches']) {
      assert.ok(used.has(`org.apache.kafka.connect.transforms.${name}`), `no case for ${name}`)
    }
  })

  for (const c of cases) {
    it(c.id, () => {
      const kafka = results.get(c.id)
      assert.ok(kafka !== undefined, `no harness result for ${c.id}`)
      if (kafka.configError !== undefined) {
        assert.throws(() => ourChain(c.stages), `Kafka refused the config (${kafka.configError}) but we accepted it`)
        return
      }
      const chain = ourChain(c.stages)
      if (kafka.error !== undefined) {
        // The harness converts inside the same try: a value no converter takes fails there, as it does for us.
        assert.throws(() => {
          const out = chain.apply(ourRecord(c))
          if (out !== null) valuePlain.fromConnectData(out.topic, out.valueSchema, out.value)
        }, `Kafka failed (${kafka.error}) but we did not`)
        return
      }
      const out = chain.apply(ourRecord(c))
      if (kafka.dropped === true) {
        assert.equal(out, null, 'Kafka dropped the record')
        return
      }
      assert.ok(out !== null, 'Kafka kept the record but we dropped it')
      assert.equal(out.topic, kafka.topic, 'topic')
      assert.equal(out.kafkaPartition ?? null, kafka.partition, 'partition')
      assert.equal(out.timestamp === undefined ? null : String(out.timestamp), kafka.timestamp, 'timestamp')
      const outputs: Array<[string, string | null | undefined, string | null]> = [
        ['key', kafka.key, b64(keyJson.fromConnectData(out.topic, out.keySchema, out.key))],
        ['value', kafka.value, b64(valueJson.fromConnectData(out.topic, out.valueSchema, out.value))],
        ['keyPlain', kafka.keyPlain, b64(keyPlain.fromConnectData(out.topic, out.keySchema, out.key))],
        ['valuePlain', kafka.valuePlain, b64(valuePlain.fromConnectData(out.topic, out.valueSchema, out.value))]
      ]
      for (const [what, theirs, ours] of outputs) {
        if (theirs !== ours) assert.fail(`${what} differs from Kafka\n  kafka: ${text(theirs)}\n  ours:  ${text(ours)}`)
      }
      const ourHeaders = [...out.headers].map((h) => [h.key, b64(header.fromConnectHeader(out.topic, h.key, h.schema, h.value)),
        h.schema === null ? null : h.schema.type + (h.schema.name === undefined ? '' : ':' + h.schema.name)])
      assert.deepEqual(ourHeaders, kafka.headers, 'headers (name, SimpleHeaderConverter bytes, schema type)')
    })
  }
})
