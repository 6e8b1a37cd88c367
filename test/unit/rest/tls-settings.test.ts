import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { restSecurityOptions } from '../../../src/rest/rest-security.ts'
import { httpsServerOptions } from '../../../src/rest/tls-settings.ts'

test('no key store: no https options; an https listener without one is an error naming the prefixed property', () => {
  assert.equal(httpsServerOptions({}), undefined)
  assert.deepEqual(restSecurityOptions({ listeners: 'http://:8083' }, {}), {})
  assert.throws(() => restSecurityOptions({ listeners: 'http://:8083,https://:8443' }, {}), /https, but no key store is configured: set listeners\.https\.ssl\.keystore\.location/)
})

test('settings that cannot go together are refused, named with the prefix in use', () => {
  assert.throws(() => httpsServerOptions({ 'listeners.https.ssl.keystore.key': 'x', 'listeners.https.ssl.keystore.certificate.chain': 'y' }),
    /listeners\.https\.ssl\.keystore\.certificate\.chain and listeners\.https\.ssl\.keystore\.key need listeners\.https\.ssl\.keystore\.type=PEM, not JKS/)
  assert.throws(() => httpsServerOptions({ 'ssl.keystore.type': 'PEM', 'ssl.keystore.key': 'x' }), /must be given together/)
  assert.throws(() => httpsServerOptions({ 'ssl.keystore.type': 'BKS' }), /Invalid value BKS for configuration ssl\.keystore\.type: String must be one of: JKS, PKCS12, PEM/)
  assert.throws(() => httpsServerOptions({ 'ssl.client.auth': 'maybe' }), /ssl\.client\.auth/)
})

test('a JKS file is recognised by its magic number and refused with the conversion command', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tls-settings-'))
  const jks = join(dir, 'rest.jks')
  await writeFile(jks, Buffer.from([0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]))
  assert.throws(() => httpsServerOptions({ 'ssl.keystore.location': jks, 'ssl.keystore.password': 'secret-pw' }),
    (error: Error) => error.message.includes(`keytool -importkeystore -srckeystore ${jks} -destkeystore keystore.p12 -deststoretype PKCS12`) && !error.message.includes('secret-pw'))
  const pem = join(dir, 'rest.pem')
  await writeFile(pem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
  assert.throws(() => httpsServerOptions({ 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': pem }), /needs one private key and its certificate chain, found 0 key\(s\) and 1 certificate\(s\)/)
})

test('ssl.enabled.protocols must name TLS versions', () => {
  const base = { 'ssl.keystore.type': 'PEM', 'ssl.keystore.certificate.chain': 'x', 'ssl.keystore.key': 'y' }
  assert.throws(() => httpsServerOptions({ ...base, 'ssl.enabled.protocols': 'SSLv3' }), /Invalid value SSLv3 for configuration ssl\.enabled\.protocols: expected some of TLSv1, TLSv1\.1, TLSv1\.2, TLSv1\.3/)
})
