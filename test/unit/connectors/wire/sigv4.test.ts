/** SigV4Signer against @smithy/signature-v4 (what the AWS SDK signs with): same request, time and credentials, same Authorization. */
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { test } from 'node:test'
import { SignatureV4 } from '@smithy/signature-v4'
import { amzDate, SigV4Signer } from '../../../../src/connectors/sqs/wire/sigv4.ts'

function bytes (data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data)
}

/** The hash class @smithy/signature-v4 wants, over node:crypto. */
class NodeSha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>
  constructor (secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }

  update (data: string | ArrayBuffer | ArrayBufferView): void { this.#hash.update(bytes(data)) }
  async digest (): Promise<Uint8Array> { return new Uint8Array(this.#hash.digest()) }
}

interface Case { region: string, credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string }, body: string, path?: string, host?: string }

async function bothSignatures (c: Case, timeMs: number): Promise<{ ours: Record<string, string>, smithy: Record<string, string> }> {
  const body = Buffer.from(c.body, 'utf8')
  const base = () => ({
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AmazonSQS.ReceiveMessage',
    'x-amzn-query-mode': 'true',
    'content-length': String(body.length),
    host: c.host ?? 'sqs.eu-west-1.amazonaws.com'
  })
  const ours: Record<string, string> = base()
  new SigV4Signer('sqs', c.region).sign({ path: c.path ?? '/', headers: ours, body }, c.credentials, timeMs)
  const signer = new SignatureV4({ service: 'sqs', region: c.region, credentials: c.credentials, sha256: NodeSha256 })
  const signed = await signer.sign({
    method: 'POST', protocol: 'https:', hostname: c.host ?? 'sqs.eu-west-1.amazonaws.com', path: c.path ?? '/', headers: base(), body, query: {}
  }, { signingDate: new Date(timeMs) })
  return { ours, smithy: signed.headers as Record<string, string> }
}

const TIME = Date.UTC(2026, 11, 2, 18, 11, 10)

test('the Authorization, X-Amz-Date and X-Amz-Content-Sha256 headers are those of @smithy/signature-v4 for static keys', async () => {
  const { ours, smithy } = await bothSignatures({
    region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, body: '{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/1/q"}'
  }, TIME)
  assert.equal(ours.authorization, smithy.authorization)
  assert.equal(ours['x-amz-date'], smithy['x-amz-date'])
  assert.equal(ours['x-amz-content-sha256'], smithy['x-amz-content-sha256'])
  assert.equal(ours['x-amz-security-token'], undefined)
  assert.match(ours.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261202\/eu-west-1\/sqs\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amzn-query-mode, Signature=[0-9a-f]{64}$/)
})

test('a session token is sent and signed, and a non-ASCII body is hashed as UTF-8, as @smithy/signature-v4 does', async () => {
  const { ours, smithy } = await bothSignatures({
    region: 'ap-southeast-2',
    credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDAbcd+efgh/ijkl==' },
    body: '{"QueueUrl":"https://sqs.ap-southeast-2.amazonaws.com/1/q","Entries":[{"Id":"0","ReceiptHandle":"größe 🚀 ünïcödé"}]}',
    host: 'sqs.ap-southeast-2.amazonaws.com'
  }, TIME + 86_399_000)
  assert.equal(ours['x-amz-security-token'], 'FwoGZXIvYXdzEJr//////////wEaDAbcd+efgh/ijkl==')
  assert.equal(ours['x-amz-security-token'], smithy['x-amz-security-token'])
  assert.equal(ours['x-amz-content-sha256'], smithy['x-amz-content-sha256'])
  assert.equal(ours.authorization, smithy.authorization)
})

test('a local endpoint with a port and a path prefix signs as @smithy/signature-v4 does', async () => {
  const { ours, smithy } = await bothSignatures({
    region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, body: '{}', host: '127.0.0.1:9324', path: '/sqs prefix/'
  }, TIME)
  assert.equal(ours.authorization, smithy.authorization)
})

test('the cached signing key is derived again on the next day and for another secret', async () => {
  const signer = new SigV4Signer('sqs', 'eu-west-1')
  const sign = (secretAccessKey: string, timeMs: number): string => {
    const headers: Record<string, string> = { host: 'h', 'content-type': 'application/x-amz-json-1.0' }
    signer.sign({ path: '/', headers, body: Buffer.from('{}') }, { accessKeyId: 'a', secretAccessKey }, timeMs)
    return headers.authorization ?? ''
  }
  for (const [secret, timeMs] of [['s1', TIME], ['s1', TIME + 86_400_000], ['s2', TIME + 86_400_000], ['s1', TIME]] as const) {
    const fresh: Record<string, string> = { host: 'h', 'content-type': 'application/x-amz-json-1.0' }
    new SigV4Signer('sqs', 'eu-west-1').sign({ path: '/', headers: fresh, body: Buffer.from('{}') }, { accessKeyId: 'a', secretAccessKey: secret }, timeMs)
    assert.equal(sign(secret, timeMs), fresh.authorization)
  }
})

test('amzDate formats the time as SigV4 wants it', () => {
  assert.deepEqual(amzDate(TIME), { dateTime: '20261202T181110Z', date: '20261202' })
})
