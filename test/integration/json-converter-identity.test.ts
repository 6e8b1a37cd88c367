/**
 * Byte identity with Kafka itself: test/java/ConverterHarness.java runs Apache Kafka's JsonConverter,
 * StringConverter and SimpleHeaderConverter (jars from Maven Central) over the cases in
 * test/java/converter-cases.ts, and every output of ours must equal Kafka's, byte for byte.
 * Extra JDKs (e.g. 21, whose Double.toString prints shortest digits) can be listed as JAVA_HOME
 * directories in SQS_CONNECT_EXTRA_JDKS, separated by the path delimiter.
 */
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { delimiter, join } from 'node:path'
import { before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { ensureMavenLib } from '../../infra/maven.ts'
import { compiledJava } from './support/java-compile.ts'
import { SqsConnectError } from '../../src/errors.ts'
import { JsonConverter, SimpleHeaderConverter, StringConverter } from '../../src/connect/converters/index.ts'
import type { Schema } from '../../src/connect/data/schema.ts'
import { toSchema, toValue, type ConverterCase } from '../java/case-decoder.ts'
import { ATTRIBUTE_CASES, attributeHeaderCase, converterCases, XRAY_TRACE } from '../java/converter-cases.ts'
import { toSourceRecord } from '../../src/connectors/sqs/record-mapper.ts'
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs'

const run = promisify(execFile)
const OUTPUTS = ['json', 'plain', 'numeric', 'noReplace', 'string', 'header'] as const
type Output = typeof OUTPUTS[number]
type JavaResult = string | null | { error: string }

/** Compiles the harness once per version of its source into the (gitignored) download cache. */
async function compiledHarness (lib: string): Promise<string> {
  return await compiledJava({ name: 'harness', sources: ['ConverterHarness.java'], lib, marker: 'ConverterHarness.class' })
}

async function javaMajor (java: string): Promise<number> {
  const { stderr } = await run(java, ['-version'])
  const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr)
  const major = Number(match?.[1] === '1' ? match[2] : match?.[1])
  assert.ok(Number.isInteger(major), `cannot read the Java version from: ${stderr}`)
  return major
}

/** Runs the harness over the cases; one parsed result line per case, by id. */
function runHarness (java: string, classpath: string, cases: readonly ConverterCase[]): Promise<Map<string, Record<string, JavaResult>>> {
  return new Promise((resolve, reject) => {
    // Kafka's date formatting uses the JVM's default zone; ours assumes UTC.
    const child = spawn(java, ['-Duser.timezone=UTC', '-cp', classpath, 'ConverterHarness'], { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`harness exited with ${code}: ${Buffer.concat(err).toString()}`))
      const results = new Map<string, Record<string, JavaResult>>()
      for (const line of Buffer.concat(out).toString('utf8').split('\n')) {
        if (line.trim() === '') continue
        const parsed = JSON.parse(line) as Record<string, JavaResult> & { id: string }
        results.set(parsed.id, parsed)
      }
      resolve(results)
    })
    child.stdin.end(cases.map((c) => JSON.stringify(c)).join('\n') + '\n')
  })
}

function jsonConverter (configs: Record<string, string>, floatFormat: string): JsonConverter {
  const converter = new JsonConverter()
  converter.configure({ ...configs, 'java.float.format': floatFormat }, false)
  return converter
}

/** Our converters, configured as the harness configures Kafka's. */
function ourConverters (floatFormat: string): Record<Output, (schema: Schema | null, value: unknown) => Uint8Array | null> {
  const json = jsonConverter({}, floatFormat)
  const plain = jsonConverter({ 'schemas.enable': 'false' }, floatFormat)
  const numeric = jsonConverter({ 'decimal.format': 'numeric' }, floatFormat)
  const noReplace = jsonConverter({ 'replace.null.with.default': 'false' }, floatFormat)
  const string = new StringConverter()
  string.configure({ 'java.float.format': floatFormat }, false)
  const header = new SimpleHeaderConverter()
  header.configure({ 'java.float.format': floatFormat })
  return {
    json: (s, v) => json.fromConnectData('t', s, v),
    plain: (s, v) => plain.fromConnectData('t', s, v),
    numeric: (s, v) => numeric.fromConnectData('t', s, v),
    noReplace: (s, v) => noReplace.fromConnectData('t', s, v),
    string: (s, v) => string.fromConnectData('t', s, v),
    header: (s, v) => header.fromConnectHeader('t', 'h', s, v)
  }
}

function show (b64: string | null): string {
  if (b64 === null) return 'null'
  const text = Buffer.from(b64, 'base64').toString('utf8')
  return text.length > 300 ? text.slice(0, 300) + `... (${text.length} chars)` : text
}

function compare (c: ConverterCase, output: Output, java: JavaResult | undefined, convert: () => Uint8Array | null): void {
  assert.notEqual(java, undefined, `the harness gave no ${output} output for ${c.id}`)
  if (java !== null && typeof java === 'object') {
    // Kafka threw: we must throw too, with the same message (Java's exception class name aside).
    const message = java.error.replace(/^\w+: /, '')
    assert.throws(convert, (e: unknown) => {
      assert.ok(e instanceof SqsConnectError, `expected an SqsConnectError, got ${String(e)}`)
      assert.equal(e.message, message, `${c.id}/${output}: error message`)
      return true
    }, `${c.id}/${output}: Kafka failed with "${java.error}" but we did not`)
    return
  }
  const bytes = convert()
  const ours = bytes === null ? null : Buffer.from(bytes).toString('base64')
  // Java prints a byte[] inside StringConverter output as [B@<identity hash>, different on every run.
  if (output === 'string' && java !== undefined && java !== null && show(java).includes('[B@')) return
  if (ours !== java) assert.fail(`${c.id}/${output} differs from Kafka\n  kafka: ${show(java ?? null)}\n  ours:  ${show(ours)}`)
}

const cases = converterCases()

/** Bytes inside a larger buffer, as the SDK may hand them over. */
function offsetBytes (base64: string): Uint8Array {
  const raw = Buffer.from(base64, 'base64')
  const backing = new Uint8Array(raw.length + 8).fill(0xee)
  backing.set(raw, 5)
  return backing.subarray(5, 5 + raw.length)
}

/** One received message carrying every attribute case and an AWSTraceHeader. */
function messageWithEveryAttribute (): Message {
  const attributes: Record<string, MessageAttributeValue> = {}
  for (const a of ATTRIBUTE_CASES) {
    attributes[a.name] = {
      DataType: a.dataType,
      ...(a.stringValue === undefined ? {} : { StringValue: a.stringValue }),
      ...(a.binaryBase64 === undefined ? {} : { BinaryValue: offsetBytes(a.binaryBase64) })
    }
  }
  return {
    MessageId: 'm-1',
    Body: 'b',
    Attributes: { ApproximateFirstReceiveTimestamp: '2', ApproximateReceiveCount: '1', SenderId: 'S', SentTimestamp: '1', AWSTraceHeader: XRAY_TRACE.awsTraceHeader },
    MessageAttributes: attributes
  }
}
const extra = (process.env.SQS_CONNECT_EXTRA_JDKS ?? '').split(delimiter).filter((d) => d !== '')
const javas = [{ label: 'java on PATH', java: 'java' }, ...extra.map((home) => ({ label: home, java: join(home, 'bin', 'java') }))]

for (const { label, java } of javas) {
  describe(`Kafka's converters vs ours (${label})`, () => {
    let results = new Map<string, Record<string, JavaResult>>()
    let ours: ReturnType<typeof ourConverters>

    before(async () => {
      const lib = await ensureMavenLib('connect-json')
      const classes = await compiledHarness(lib)
      // JDK 19 changed Double.toString (JDK-4511638): pick the matching digits.
      const floatFormat = (await javaMajor(java)) >= 19 ? 'shortest' : 'legacy'
      ours = ourConverters(floatFormat)
      results = await runHarness(java, [classes, join(lib, '*')].join(delimiter), cases)
    })

    it('the harness answered every case', () => {
      assert.equal(results.size, cases.length)
      for (const [id, r] of results) assert.equal(r.setup, undefined, `${id}: the harness could not build the case: ${JSON.stringify(r.setup)}`)
    })

    it('SQS attributes and trace headers: the record mapper\'s headers through our SimpleHeaderConverter are Kafka\'s bytes', () => {
      const headers = [...toSourceRecord('q', 't', messageWithEveryAttribute(), { traceparent: true }).headers]
      const byName = new Map(ATTRIBUTE_CASES.map((a) => [a.name, attributeHeaderCase(a)]))
      const caseIds = [...[...byName.keys()].sort().map((name) => `attribute-${name}`), 'trace-AWSTraceHeader', 'trace-traceparent']
      assert.deepEqual(headers.map((h) => h.key), [...[...byName.keys()].sort(), 'AWSTraceHeader', 'traceparent'])
      for (const [i, header] of headers.entries()) {
        const c = cases.find((x) => x.id === caseIds[i])
        assert.ok(c !== undefined && c.schema !== null, `no case ${caseIds[i]}`)
        const schema = toSchema(c.schema)
        assert.deepEqual([header.schema?.type, header.schema?.optional], [schema.type, schema.optional], `${header.key}: header schema`)
        compare(c, 'header', results.get(c.id)?.header, () => ours.header(header.schema, header.value))
        // Not vacuous: Kafka wrote bytes for every one of these (none is a null header).
        assert.equal(typeof results.get(c.id)?.header, 'string', `${c.id}: Kafka's header bytes`)
      }
    })

    for (const c of cases) {
      it(c.id, () => {
        const schema = c.schema === null ? null : toSchema(c.schema)
        const value = toValue(schema, c.value)
        const java = results.get(c.id)
        assert.ok(java !== undefined, `no harness result for ${c.id}`)
        for (const output of OUTPUTS) compare(c, output, java[output], () => ours[output](schema, value))
      })
    }
  })
}
