/**
 * Every way of getting AWS credentials, through the real CLI in child processes (credential variables are
 * process-wide), each with its own HOME and environment. A recording forwarder in front of ElasticMQ reads the
 * access key id from each request's SigV4 Authorization header, so every case proves which key signed the
 * requests, and that the messages reached Kafka. All traffic stays on 127.0.0.1: metadata, container, SSO
 * and STS endpoints are local servers (STS is moto's), and instance metadata is disabled where not under test.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { before, describe, test } from 'node:test'
import { keyPayload, createTopic, readRecords, waitFor } from './support/kafka.ts'
import { fileMoto } from './support/moto.ts'
import { sharedServers } from './support/servers.ts'
import { createQueue, sendMessages, sqsClient } from './support/sqs.ts'
import { PROJECT_ROOT, startCli, type CliRun } from './support/cli.ts'
import { startRecordingForwarder, startStubServer, type LocalServer, type RecordedRequest } from './support/local-http.ts'

const MESSAGES = 2
const inAnHour = (): string => new Date(Date.now() + 3600_000).toISOString()

// A cold first run installs moto (the STS for web identity) into the download cache.
before(async () => { await Promise.all([sharedServers(), fileMoto()]) }, { timeout: 15 * 60_000 })

interface Scene { readonly home: string, readonly queueUrl: string, readonly topic: string, readonly sent: string[], readonly sqs: LocalServer }

/** A fresh HOME, a queue with messages, a topic, and a recording forwarder in front of ElasticMQ. */
async function scene (name: string, messages = MESSAGES): Promise<Scene> {
  const servers = await sharedServers()
  const home = await mkdtemp(join(tmpdir(), `sqs-connect-creds-${name}-`))
  const client = sqsClient(servers.sqsEndpoint)
  try {
    const queueUrl = await createQueue(client, `creds-${name}`)
    const sent = messages === 0 ? [] : await sendMessages(client, queueUrl, messages, { body: (i) => `${name} ${i}` })
    const topic = await createTopic(servers.kafkaBootstrap, `creds-${name}`)
    return { home, queueUrl, topic, sent, sqs: await startRecordingForwarder(servers.sqsEndpoint) }
  } finally {
    client.destroy()
  }
}

interface Run { readonly env?: Record<string, string>, readonly props?: Record<string, string>, readonly cwd?: string }

/** The child's whole environment: a HOME of its own, no inherited AWS variables, instance metadata off unless overridden. */
function childEnv (s: Scene, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: s.home,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SQS_CONNECT_LOG_LEVEL: 'debug',
    ...env
  }
}

async function configFiles (s: Scene, props: Record<string, string>): Promise<string[]> {
  const servers = await sharedServers()
  const worker = join(s.home, 'worker.properties')
  const connector = join(s.home, 'connector.json')
  await writeFile(worker, `bootstrap.servers=${servers.kafkaBootstrap}\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n` +
    'value.converter=org.apache.kafka.connect.json.JsonConverter\nlisteners=http://127.0.0.1:0\n')
  await writeFile(connector, JSON.stringify({
    name: 'creds',
    config: {
      'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector',
      'tasks.max': '1',
      'kafka.topic': s.topic,
      'sqs.url': s.queueUrl,
      'sqs.endpoint.url': s.sqs.url,
      'sqs.waittime.seconds': '1',
      ...props
    }
  }))
  return ['standalone', worker, connector]
}

const deletedEntries = (requests: readonly RecordedRequest[]): number => requests
  .filter((r) => r.operation === 'DeleteMessageBatch')
  .reduce((n, r) => n + ((JSON.parse(r.body) as { Entries?: unknown[] }).Entries?.length ?? 0), 0)

/** Runs the worker until every message was deleted (so Kafka acknowledged its record), then stops it with SIGTERM. */
async function runUntilDelivered (s: Scene, run: Run): Promise<CliRun> {
  const cli = startCli(await configFiles(s, run.props ?? {}), { env: childEnv(s, run.env), inheritEnv: false, cwd: run.cwd ?? s.home })
  let exited: CliRun | undefined
  void cli.done.then((r) => { exited = r })
  try {
    await waitFor('the messages to be delivered and deleted', async () => {
      if (exited !== undefined) throw new Error(`sqs-connect exited early (${exited.code}):\n${exited.stderr.slice(-3000)}`)
      return deletedEntries(s.sqs.requests) >= s.sent.length
    }, 60_000, 100)
  } catch (error) {
    await cli.stop()
    throw new Error(`${(error as Error).message}\n--- child output ---\n${cli.output().slice(-3000)}`)
  }
  const result = await cli.stop()
  assert.equal(result.code, 0, result.stderr.slice(-2000))
  const servers = await sharedServers()
  const records = await readRecords(servers.kafkaBootstrap, s.topic, s.sent.length, 20_000)
  assert.deepEqual(records.map((r) => keyPayload(r).MessageId).sort(), [...s.sent].sort(), 'every message reached Kafka')
  return result
}

/** Runs the worker expecting it to fail at start, as `sqs-connect standalone` does: exit code 1 and the error on stderr. */
async function runUntilFailed (s: Scene, run: Run): Promise<CliRun> {
  const cli = startCli(await configFiles(s, run.props ?? {}), { env: childEnv(s, run.env), inheritEnv: false, cwd: run.cwd ?? s.home })
  const timer = setTimeout(() => { void cli.stop() }, 60_000)
  const result = await cli.done
  clearTimeout(timer)
  assert.equal(result.code, 1, `expected exit code 1:\n${result.stderr.slice(-3000)}`)
  return result
}

/** Every SQS request was signed with `accessKeyId` (and carried `sessionToken`, or none); reads and deletes happened. */
function assertSignedBy (s: Scene, accessKeyId: string, sessionToken?: string): void {
  const requests = s.sqs.requests
  assert.ok(requests.some((r) => r.operation === 'ReceiveMessage'), 'ReceiveMessage went through the forwarder')
  assert.ok(requests.some((r) => r.operation === 'DeleteMessageBatch'), 'DeleteMessageBatch went through the forwarder')
  assert.deepEqual([...new Set(requests.map((r) => r.accessKeyId))], [accessKeyId], 'the access key id that signed the requests')
  assert.deepEqual([...new Set(requests.map((r) => r.headers['x-amz-security-token']))], [sessionToken], 'X-Amz-Security-Token')
}

function assertNoSecrets (result: CliRun, secrets: readonly string[]): void {
  const output = result.stdout + result.stderr
  for (const secret of secrets) assert.ok(!output.includes(secret), `a secret (${secret.slice(0, 4)}...) appeared in the output`)
}

async function writeHomeFile (home: string, path: string, text: string): Promise<string> {
  const file = join(home, path)
  await mkdir(join(file, '..'), { recursive: true })
  await writeFile(file, text, { mode: 0o600 })
  return file
}

describe('credentials', { concurrency: 4, timeout: 600_000 }, () => {
  test('environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with AWS_SESSION_TOKEN', async () => {
    const s = await scene('env')
    const secrets = ['envSecret/0001+aaaa', 'envSessionToken0001']
    const result = await runUntilDelivered(s, { env: { AWS_ACCESS_KEY_ID: 'AKIDENV0001', AWS_SECRET_ACCESS_KEY: secrets[0]!, AWS_SESSION_TOKEN: secrets[1]! } })
    assertSignedBy(s, 'AKIDENV0001', secrets[1])
    assertNoSecrets(result, secrets)
  })

  test('environment: the aliases AWS_ACCESS_KEY / AWS_SECRET_KEY of Confluent\'s docs', async () => {
    const s = await scene('alias')
    const result = await runUntilDelivered(s, { env: { AWS_ACCESS_KEY: 'AKIDALIAS0002', AWS_SECRET_KEY: 'aliasSecret0002' } })
    assertSignedBy(s, 'AKIDALIAS0002')
    assertNoSecrets(result, ['aliasSecret0002'])
  })

  test('shared files: the default profile of ~/.aws/credentials', async () => {
    const s = await scene('default-profile')
    await writeHomeFile(s.home, '.aws/credentials', '[default]\naws_access_key_id = AKIDDEFAULT0003\naws_secret_access_key = defaultSecret0003\n')
    const result = await runUntilDelivered(s, {})
    assertSignedBy(s, 'AKIDDEFAULT0003')
    assertNoSecrets(result, ['defaultSecret0003'])
  })

  test('shared files: a named profile of ~/.aws/config chosen by AWS_PROFILE', async () => {
    const s = await scene('named-profile')
    await writeHomeFile(s.home, '.aws/credentials', '[default]\naws_access_key_id = AKIDNOTTHISONE\naws_secret_access_key = notThisSecret\n')
    await writeHomeFile(s.home, '.aws/config', '[profile reader]\naws_access_key_id = AKIDNAMED0004\naws_secret_access_key = namedSecret0004\nregion = us-east-1\n')
    const result = await runUntilDelivered(s, { env: { AWS_PROFILE: 'reader' } })
    assertSignedBy(s, 'AKIDNAMED0004')
    assertNoSecrets(result, ['namedSecret0004', 'notThisSecret'])
  })

  test('shared files: credential_process', async () => {
    const s = await scene('process')
    const script = await writeHomeFile(s.home, 'print-keys.mjs',
      'process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "AKIDPROCESS0005", SecretAccessKey: "processSecret0005" }))\n')
    await writeHomeFile(s.home, '.aws/config', `[default]\ncredential_process = ${process.execPath} ${script}\n`)
    const result = await runUntilDelivered(s, {})
    assertSignedBy(s, 'AKIDPROCESS0005')
    assertNoSecrets(result, ['processSecret0005'])
  })

  test('container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN', async () => {
    const s = await scene('container')
    const token = 'containerAuthToken0006'
    const container = await startStubServer((r) => r.headers.authorization !== token
      ? { status: 401, body: '{"message":"bad token"}' }
      : { body: JSON.stringify({ AccessKeyId: 'ASIACONTAINER0006', SecretAccessKey: 'containerSecret0006', Token: 'containerSession0006', Expiration: inAnHour() }) })
    const result = await runUntilDelivered(s, { env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/v2/credentials/sqs-reader`, AWS_CONTAINER_AUTHORIZATION_TOKEN: token } })
    assertSignedBy(s, 'ASIACONTAINER0006', 'containerSession0006')
    assert.ok(container.requests.length >= 1)
    assert.deepEqual([...new Set(container.requests.map((r) => `${r.method} ${r.path} ${String(r.headers.authorization)}`))], [`GET /v2/credentials/sqs-reader ${token}`])
    assertNoSecrets(result, ['containerSecret0006', 'containerSession0006', token])
  })

  test('EC2 instance metadata: IMDSv2 token, then the role and its credentials', async () => {
    const s = await scene('imds')
    const imdsToken = 'imdsSessionToken0007'
    const imds = await startStubServer((r) => {
      if (r.method === 'PUT' && r.path === '/latest/api/token') return { body: imdsToken, contentType: 'text/plain' }
      if (r.headers['x-aws-ec2-metadata-token'] !== imdsToken) return { status: 401, body: '' }
      if (r.path === '/latest/meta-data/iam/security-credentials/') return { body: 'sqs-reader', contentType: 'text/plain' }
      if (r.path === '/latest/meta-data/iam/security-credentials/sqs-reader') {
        return { body: JSON.stringify({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'ASIAIMDS0007', SecretAccessKey: 'imdsSecret0007', Token: 'imdsSession0007', Expiration: inAnHour(), LastUpdated: new Date().toISOString() }) }
      }
      return { status: 404, body: '' }
    })
    const env: Record<string, string> = { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url }
    const result = await runUntilDelivered(s, { env: { ...env, AWS_EC2_METADATA_DISABLED: 'false' } })
    assertSignedBy(s, 'ASIAIMDS0007', 'imdsSession0007')
    const [first, ...rest] = imds.requests
    assert.equal(`${first?.method} ${first?.path}`, 'PUT /latest/api/token')
    assert.ok(Number(first?.headers['x-aws-ec2-metadata-token-ttl-seconds']) > 0, 'the token PUT asks for a TTL')
    assert.ok(rest.length >= 2 && rest.every((r) => r.method === 'GET' && r.headers['x-aws-ec2-metadata-token'] === imdsToken), 'GETs carry the IMDSv2 token')
    assert.ok(rest.some((r) => r.path === '/latest/meta-data/iam/security-credentials/sqs-reader'))
    assertNoSecrets(result, ['imdsSecret0007', 'imdsSession0007', imdsToken])
  })

  test('web identity (EKS IRSA): AssumeRoleWithWebIdentity against moto\'s STS', async () => {
    const s = await scene('web-identity')
    const sts = await startRecordingForwarder((await fileMoto()).endpoint)
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpzcXMtY29ubmVjdCJ9.c2lnbmF0dXJlMDAwOA'
    const tokenFile = await writeHomeFile(s.home, 'eks.amazonaws.com/serviceaccount/token', jwt)
    const result = await runUntilDelivered(s, {
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/sqs-reader', AWS_ROLE_SESSION_NAME: 'sqs-connect-test', AWS_ENDPOINT_URL_STS: sts.url }
    })
    const assume = sts.requests.findIndex((r) => decodeURIComponent(r.body).includes('AssumeRoleWithWebIdentity'))
    assert.ok(assume >= 0, 'STS was asked to AssumeRoleWithWebIdentity')
    const form = new URLSearchParams(sts.requests[assume]!.body)
    assert.equal(form.get('WebIdentityToken'), jwt)
    assert.equal(form.get('RoleArn'), 'arn:aws:iam::123456789012:role/sqs-reader')
    assert.equal(form.get('RoleSessionName'), 'sqs-connect-test')
    const reply = sts.responses[assume] ?? ''
    const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(reply)?.[1]
    const sessionToken = /<SessionToken>([^<]+)<\/SessionToken>/.exec(reply)?.[1]
    const secret = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(reply)?.[1]
    assert.ok(accessKeyId?.startsWith('ASIA') === true && sessionToken !== undefined && secret !== undefined, reply)
    assertSignedBy(s, accessKeyId, sessionToken)
    assertNoSecrets(result, [secret, sessionToken, jwt])
  })

  test('SSO: a profile with an sso-session, the cached portal token and GetRoleCredentials', async () => {
    const s = await scene('sso')
    const portalToken = 'ssoPortalAccessToken0009'
    const portal = await startStubServer((r) => r.headers['x-amz-sso_bearer_token'] !== portalToken
      ? { status: 401, body: '{"message":"Session token not found or invalid"}' }
      : { body: JSON.stringify({ roleCredentials: { accessKeyId: 'ASIASSO0009', secretAccessKey: 'ssoSecret0009', sessionToken: 'ssoSession0009', expiration: Date.now() + 3600_000 } }) })
    await writeHomeFile(s.home, '.aws/config', '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = SqsReader\nregion = us-east-1\n\n' +
      '[sso-session corp]\nsso_start_url = https://corp.example.invalid/start\nsso_region = us-east-1\n')
    await writeHomeFile(s.home, `.aws/sso/cache/${createHash('sha1').update('corp').digest('hex')}.json`,
      JSON.stringify({ accessToken: portalToken, expiresAt: inAnHour(), region: 'us-east-1', startUrl: 'https://corp.example.invalid/start' }))
    const result = await runUntilDelivered(s, { env: { AWS_PROFILE: 'dev', AWS_ENDPOINT_URL_SSO: portal.url } })
    assertSignedBy(s, 'ASIASSO0009', 'ssoSession0009')
    assert.deepEqual([...new Set(portal.requests.map((r) => `${r.method} ${r.path}`))], ['GET /federation/credentials?account_id=111122223333&role_name=SqsReader'])
    assertNoSecrets(result, ['ssoSecret0009', 'ssoSession0009', portalToken])
  })

  test('static keys aws.access.key.id / aws.secret.key.id beat the environment', async () => {
    const s = await scene('static')
    const result = await runUntilDelivered(s, {
      env: { AWS_ACCESS_KEY_ID: 'AKIDENVLOSES', AWS_SECRET_ACCESS_KEY: 'envSecretLoses' },
      props: { 'aws.access.key.id': 'AKIDSTATIC0010', 'aws.secret.key.id': 'staticSecret0010' }
    })
    assertSignedBy(s, 'AKIDSTATIC0010')
    assertNoSecrets(result, ['staticSecret0010', 'envSecretLoses'])
  })

  test('a provider module: examples/credentials-provider, by a path relative to the working directory', async () => {
    const s = await scene('module')
    const keys = await writeHomeFile(s.home, 'aws-keys.json', JSON.stringify({ accessKeyId: 'AKIDMODULE0011', secretAccessKey: 'moduleSecret0011', sessionToken: 'moduleSession0011' }))
    const result = await runUntilDelivered(s, {
      cwd: PROJECT_ROOT,
      props: { 'sqs.credentials.provider.class': './examples/credentials-provider/json-file-provider.mjs', 'sqs.credentials.provider.file': keys }
    })
    assertSignedBy(s, 'AKIDMODULE0011', 'moduleSession0011')
    assertNoSecrets(result, ['moduleSecret0011', 'moduleSession0011'])
  })

  test('Java v1 EnvironmentVariableCredentialsProvider reads the environment even where the default chain would take AWS_PROFILE', async () => {
    const s = await scene('java-env')
    await writeHomeFile(s.home, '.aws/credentials', '[other]\naws_access_key_id = AKIDPROFILELOSES\naws_secret_access_key = profileSecretLoses\n')
    const result = await runUntilDelivered(s, {
      env: { AWS_ACCESS_KEY_ID: 'AKIDJAVAENV0012', AWS_SECRET_ACCESS_KEY: 'javaEnvSecret0012', AWS_PROFILE: 'other' },
      props: { 'sqs.credentials.provider.class': 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider' }
    })
    assertSignedBy(s, 'AKIDJAVAENV0012')
    assertNoSecrets(result, ['javaEnvSecret0012', 'profileSecretLoses'])
  })

  test('Java v2 ProfileCredentialsProvider reads the profile even where the default chain would take the environment', async () => {
    const s = await scene('java-profile')
    await writeHomeFile(s.home, '.aws/credentials', '[default]\naws_access_key_id = AKIDJAVAPROFILE0013\naws_secret_access_key = javaProfileSecret0013\n')
    const result = await runUntilDelivered(s, {
      env: { AWS_ACCESS_KEY_ID: 'AKIDENVLOSES', AWS_SECRET_ACCESS_KEY: 'envSecretLoses' },
      props: { 'sqs.credentials.provider.class': 'software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider' }
    })
    assertSignedBy(s, 'AKIDJAVAPROFILE0013')
    assertNoSecrets(result, ['javaProfileSecret0013', 'envSecretLoses'])
  })

  test('an unknown Java class: exit 1, the property named and the supported names listed', async () => {
    const s = await scene('unknown-class', 0)
    const result = await runUntilFailed(s, { props: { 'sqs.credentials.provider.class': 'com.example.auth.VaultCredentialsProvider' } })
    assert.match(result.stderr, /SQSC_CONFIG_INVALID: Invalid value com\.example\.auth\.VaultCredentialsProvider for configuration sqs\.credentials\.provider\.class: sqs-connect cannot load Java classes/)
    assert.match(result.stderr, /Supported AWS SDK for Java class names: com\.amazonaws\.auth\.DefaultAWSCredentialsProviderChain, /)
    assert.deepEqual(s.sqs.requests, [])
  })

  test('a module that exports no provider: exit 1, the property and the expected export named', async () => {
    const s = await scene('bad-module', 0)
    const module = await writeHomeFile(s.home, 'not-a-provider.mjs', 'export const region = "us-east-1"\n')
    const result = await runUntilFailed(s, { props: { 'sqs.credentials.provider.class': module } })
    assert.match(result.stderr, /SQSC_CONFIG_INVALID: Invalid value \S+not-a-provider\.mjs for configuration sqs\.credentials\.provider\.class: the module exports no credentials provider factory \(its exports: region\)/)
    assert.match(result.stderr, /Expected a module whose export createCredentialsProvider \(or default export\) is a function/)
    assert.deepEqual(s.sqs.requests, [])
  })

  test('only aws.access.key.id set: exit 1 naming aws.secret.key.id', async () => {
    const s = await scene('one-key', 0)
    const result = await runUntilFailed(s, {
      env: { AWS_ACCESS_KEY_ID: 'AKIDENVUNUSED', AWS_SECRET_ACCESS_KEY: 'envSecretUnused' },
      props: { 'aws.access.key.id': 'AKIDLONELY0016' }
    })
    assert.match(result.stderr, /SQSC_CONFIG_INVALID: .*\n {2}aws\.secret\.key\.id: aws\.secret\.key\.id must be set when aws\.access\.key\.id is set/)
    assert.deepEqual(s.sqs.requests, [])
    assertNoSecrets(result, ['AKIDLONELY0016', 'envSecretUnused'])
  })

  test('no credentials anywhere: exit 1 with the sources tried and what to set, and no request sent', async () => {
    const s = await scene('none', 0)
    const result = await runUntilFailed(s, {})
    assert.match(result.stderr, /SQSC_CREDENTIALS_UNAVAILABLE: No AWS credentials for SQS from sqs\.credentials\.provider\.class=com\.amazonaws\.auth\.DefaultAWSCredentialsProviderChain\. Tried: \(1\) environment variables \(AWS_ACCESS_KEY_ID not set, AWS_SECRET_ACCESS_KEY not set; aliases AWS_ACCESS_KEY not set, AWS_SECRET_KEY not set\)/)
    assert.match(result.stderr, new RegExp(`\\(2\\) profile "default" in ${s.home}/\\.aws/credentials`))
    assert.match(result.stderr, /\(4\) container credentials \(.*\), then EC2 instance metadata \(disabled by AWS_EC2_METADATA_DISABLED\)/)
    assert.match(result.stderr, /Set aws\.access\.key\.id and aws\.secret\.key\.id, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/)
    assert.deepEqual(s.sqs.requests, [])
  })
})
