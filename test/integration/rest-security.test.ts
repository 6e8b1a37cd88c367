/**
 * HTTPS listeners and basic authentication through real TLS: the REST server built from worker properties by
 * restSecurityOptions, with key stores made by openssl and keytool (PKCS12, PEM file, inline PEM with an encrypted
 * key, JKS refused), client certificates (required / requested), TLS versions, basic auth from a JAAS file named in
 * KAFKA_OPTS; and the same https settings on a real Kafka Connect 4.4.0 worker, which must behave the same way.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startConnectWorker } from '../../infra/connect-worker.ts'
import { createTestCa, type TestCa } from '../../infra/tls-front.ts'
import { parseListeners } from '../../src/rest/listeners.ts'
import { startRestServer, type RestServer } from '../../src/rest/rest-server.ts'
import { restSecurityOptions } from '../../src/rest/rest-security.ts'
import { rootRoutes } from '../../src/rest/routes/root.ts'
import { loggersRoutes } from '../../src/rest/routes/loggers.ts'
import { LogLevels } from '../../src/runtime/log-levels.ts'
import { PROPERTY_FILE_LOGIN_MODULE } from '../../src/rest/basic-auth.ts'
import { BASIC_AUTH_EXTENSION } from '../../src/rest/rest-config.ts'
import { sharedServers } from './support/servers.ts'
import { httpsCall, makeKeyStores, type KeyStores } from './support/tls-client.ts'
import { shapeDifferences } from './support/json-shape.ts'

const PASSWORD = `ks-${randomBytes(6).toString('hex')}`
const USER_PASSWORD = `user-${randomBytes(6).toString('hex')}`
const basic = (user: string, password: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
const log = (line: string): void => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) console.log(`[rest-security] ${line}`) }

let ca: TestCa
let stores: KeyStores
let caPem: string

/** Our REST server (root and loggers routes) with the security the worker properties give. */
async function serve (worker: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<RestServer> {
  const props = { listeners: 'https://127.0.0.1:0', ...worker }
  const server = await startRestServer({
    listeners: parseListeners(props.listeners.split(',')),
    ...restSecurityOptions(props, env),
    routes: [
      rootRoutes(() => ({ version: '4.4.0', commit: 'c', kafka_cluster_id: 'k' }), () => ({ status: 'healthy', message: 'ok' })),
      loggersRoutes(new LogLevels('INFO')),
      // Stand-ins for the worker-to-leader route and its GET sibling, to see which one basic auth exempts.
      (app) => {
        app.post('/connectors/:name/tasks', async () => ({ exempt: true }))
        app.get('/connectors/:name/tasks', async () => [])
      }
    ]
  })
  after(async () => { await server.close() })
  return server
}

before(async () => {
  ca = await createTestCa(log)
  stores = await makeKeyStores(ca, PASSWORD)
  caPem = await readFile(ca.caFile, 'utf8')
})
after(async () => { await ca?.remove() })

describe('https listeners', () => {
  it('serve with a PKCS12 key store (also under Connect\'s default type JKS), a PEM file, and inline PEM with an encrypted key', async () => {
    const configs: Array<Record<string, string>> = [
      { 'listeners.https.ssl.keystore.type': 'PKCS12', 'listeners.https.ssl.keystore.location': stores.pkcs12, 'listeners.https.ssl.keystore.password': PASSWORD },
      { 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': PASSWORD },
      { 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': stores.pem },
      {
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.certificate.chain': await readFile(ca.certFile, 'utf8'),
        'ssl.keystore.key': await readFile(stores.encryptedKey, 'utf8'),
        'ssl.key.password': PASSWORD
      }
    ]
    for (const config of configs) {
      const server = await serve(config)
      const answer = await httpsCall(`${server.urls[0]!}/`, { ca: caPem })
      assert.equal(answer.status, 200, JSON.stringify(Object.keys(config)))
      assert.equal(answer.body, '{"version":"4.4.0","commit":"c","kafka_cluster_id":"k"}')
      await server.close()
    }
  })

  it('listeners.https.* replaces the top-level ssl.* keys as a whole (Connect\'s all-or-nothing prefix)', async () => {
    // The prefixed group has no key store, so the top-level one is not used and the https listener has none.
    assert.throws(() => restSecurityOptions({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': PASSWORD, 'listeners.https.ssl.client.auth': 'none' }),
      /https, but no key store is configured: set listeners\.https\.ssl\.keystore\.location/)
  })

  it('refuse a JKS file with the keytool command, a wrong password naming the property and never showing it', async () => {
    const jksHeader = (await readFile(stores.jks)).readUInt32BE(0)
    assert.equal(jksHeader, 0xFEEDFEED, 'keytool wrote a real JKS file')
    assert.throws(() => restSecurityOptions({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': stores.jks, 'ssl.keystore.password': PASSWORD }),
      (error: Error) => /is a Java key store \(JKS\), which Node cannot read\. Convert it with keytool -importkeystore/.test(error.message) && /ssl\.keystore\.type=PKCS12/.test(error.message))
    const wrong = `wrong-${PASSWORD}`
    assert.throws(() => restSecurityOptions({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': wrong }),
      (error: Error) => /check ssl\.keystore\.password/.test(error.message) && !error.message.includes(wrong) && !error.message.includes(PASSWORD))
    const encryptedKey = await readFile(stores.encryptedKey, 'utf8')
    assert.throws(() => restSecurityOptions({ 'ssl.keystore.type': 'PEM', 'ssl.keystore.certificate.chain': caPem, 'ssl.keystore.key': encryptedKey, 'ssl.key.password': wrong }),
      (error: Error) => /check ssl\.key\.password/.test(error.message) && !error.message.includes(wrong))
    assert.throws(() => restSecurityOptions({ 'ssl.keystore.location': join(dirname(ca.caFile), 'missing.p12') }), /Invalid value .*missing\.p12 for configuration ssl\.keystore\.location: cannot read the file \(ENOENT\)/)
  })

  it('ssl.client.auth=required needs a trusted client certificate; requested takes none but refuses an untrusted one', async () => {
    const trust = { 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': ca.caFile }
    const required = await serve({ 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': PASSWORD, 'ssl.client.auth': 'required', ...trust })
    await assert.rejects(httpsCall(`${required.urls[0]!}/`, { ca: caPem }))
    assert.equal((await httpsCall(`${required.urls[0]!}/`, { ca: caPem, ...stores.client })).status, 200)
    await assert.rejects(httpsCall(`${required.urls[0]!}/`, { ca: caPem, ...stores.stranger }))
    const requested = await serve({ 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': PASSWORD, 'ssl.client.auth': 'requested', ...trust })
    assert.equal((await httpsCall(`${requested.urls[0]!}/`, { ca: caPem })).status, 200)
    assert.equal((await httpsCall(`${requested.urls[0]!}/`, { ca: caPem, ...stores.client })).status, 200)
    assert.equal((await httpsCall(`${requested.urls[0]!}/`, { ca: caPem, ...stores.stranger })).status, 401)
    assert.throws(() => restSecurityOptions({ 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': PASSWORD, 'ssl.truststore.location': stores.pkcs12, 'ssl.truststore.type': 'PKCS12' }),
      /ssl\.truststore\.type PKCS12 cannot be read by Node: convert the trust store to PEM/)
  })

  it('ssl.enabled.protocols=TLSv1.3 refuses a TLS 1.2 client; the same settings on Kafka Connect 4.4.0 behave the same', async () => {
    const https = { 'listeners.https.ssl.keystore.type': 'PKCS12', 'listeners.https.ssl.keystore.location': stores.pkcs12, 'listeners.https.ssl.keystore.password': PASSWORD, 'listeners.https.ssl.enabled.protocols': 'TLSv1.3' }
    const ours = await serve(https)
    const env = await sharedServers()
    const connect = await startConnectWorker({
      bootstrap: env.kafkaBootstrap,
      workerProperties: https,
      probe: async (base) => (await httpsCall(`${base}/`, { ca: caPem })).status === 200,
      log
    })
    after(async () => { await connect.stop() })
    for (const url of [ours.urls[0]!, connect.url]) {
      await assert.rejects(httpsCall(`${url}/`, { ca: caPem, maxVersion: 'TLSv1.2' }), /alert|version|EPROTO|ECONNRESET|socket/i, `${url} accepted TLS 1.2`)
    }
    const [theirs, mine] = [await httpsCall(`${connect.url}/`, { ca: caPem }), await httpsCall(`${ours.urls[0]!}/`, { ca: caPem })]
    assert.equal(theirs.status, mine.status)
    assert.deepEqual(shapeDifferences(JSON.parse(theirs.body), JSON.parse(mine.body)), [])
  })
})

describe('basic authentication', () => {
  it('as Connect\'s BasicAuthSecurityRestExtension with the JAAS file from KAFKA_OPTS, over https', async () => {
    const dir = dirname(ca.caFile)
    await writeFile(join(dir, 'users.properties'), `admin=${USER_PASSWORD}\n`)
    await writeFile(join(dir, 'jaas.conf'), `KafkaConnect {\n  ${PROPERTY_FILE_LOGIN_MODULE} required\n  file="${join(dir, 'users.properties')}";\n};\n`)
    const server = await serve({ 'ssl.keystore.location': stores.pkcs12, 'ssl.keystore.password': PASSWORD, 'rest.extension.classes': BASIC_AUTH_EXTENSION },
      { KAFKA_OPTS: `-Xmx1g -Djava.security.auth.login.config=${join(dir, 'jaas.conf')}` })
    const base = server.urls[0]!
    const anonymous = await httpsCall(`${base}/`, { ca: caPem })
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.body, 'User cannot access the resource.')
    assert.equal((await httpsCall(`${base}/`, { ca: caPem, headers: basic('admin', 'nope') })).status, 401)
    assert.equal((await httpsCall(`${base}/`, { ca: caPem, headers: basic('root', USER_PASSWORD) })).status, 401)
    const ok = await httpsCall(`${base}/admin/loggers/root`, { ca: caPem, headers: basic('admin', USER_PASSWORD) })
    assert.equal(ok.status, 200)
    assert.equal(ok.body, '{"level":"INFO","last_modified":null}')
    // Worker-to-leader calls are exempt, as in Connect (they are signed instead); other methods on the path are not.
    assert.deepEqual(await httpsCall(`${base}/connectors/x/tasks`, { ca: caPem, method: 'POST' }), { status: 200, body: '{"exempt":true}' })
    assert.equal((await httpsCall(`${base}/connectors/x/tasks`, { ca: caPem })).status, 401)
    // Routing comes first, as in Connect: an unknown path is 404 without credentials.
    assert.equal((await httpsCall(`${base}/nowhere`, { ca: caPem })).status, 404)
  })
})
