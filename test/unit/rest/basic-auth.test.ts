import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { basicAuthenticator, jaasConfigPath, parseBasic, parseJaas, PROPERTY_FILE_LOGIN_MODULE } from '../../../src/rest/basic-auth.ts'
import { restSecurityOptions } from '../../../src/rest/rest-security.ts'
import { BASIC_AUTH_EXTENSION } from '../../../src/rest/rest-config.ts'

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

async function files (contents: Record<string, string>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'basic-auth-'))
  const paths: Record<string, string> = {}
  for (const [name, text] of Object.entries(contents)) {
    paths[name] = join(dir, name)
    await writeFile(paths[name], text)
  }
  return paths
}

test('KAFKA_OPTS: the JAAS path is found among other JVM options, quoted or not', () => {
  assert.equal(jaasConfigPath('-Xmx1g -Djava.security.auth.login.config=/etc/kafka/jaas.conf -Dfoo=bar'), '/etc/kafka/jaas.conf')
  assert.equal(jaasConfigPath('-Djava.security.auth.login.config="/path with space/jaas.conf"'), '/path with space/jaas.conf')
  assert.equal(jaasConfigPath('-Djava.security.auth.login.config==/override.conf'), '/override.conf')
  assert.equal(jaasConfigPath('-Xmx1g'), undefined)
  assert.equal(jaasConfigPath(undefined), undefined)
})

test('JAAS: entries, modules, flags and quoted options; comments are ignored', () => {
  const entries = parseJaas(`/* the worker */
KafkaConnect {
  // Connect's reference module
  ${PROPERTY_FILE_LOGIN_MODULE} required
  file="/mnt/secret/credentials.properties" debug=true;
};
KafkaClient { org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p"; };`, 'jaas.conf')
  assert.deepEqual(entries.get('KafkaConnect'), [{ className: PROPERTY_FILE_LOGIN_MODULE, flag: 'required', options: { file: '/mnt/secret/credentials.properties', debug: 'true' } }])
  assert.equal(entries.get('KafkaClient')?.[0]?.options.password, 'p')
})

test('Basic header parsing follows Connect: scheme case-insensitive, split at the first colon, malformed gives nothing', () => {
  assert.deepEqual(parseBasic(basic('alice', 'pa:ss')), { user: 'alice', password: 'pa:ss' })
  assert.deepEqual(parseBasic(`basic ${Buffer.from('bob:').toString('base64')}`), { user: 'bob', password: '' })
  assert.equal(parseBasic(undefined), undefined)
  assert.equal(parseBasic('Bearer abc'), undefined)
  assert.equal(parseBasic('Basic'), undefined)
  assert.equal(parseBasic(`Basic ${Buffer.from(':nouser').toString('base64')}`), undefined)
  assert.equal(parseBasic('Basic !!!'), undefined)
})

test('authenticator: users from the properties file, wrong or unknown refused; an empty file lets everyone in', async () => {
  const paths = await files({ 'creds.properties': 'alice=s3cret\nbob: two words\n', 'empty.properties': '# nobody\n' })
  const check = basicAuthenticator(paths['creds.properties']!, 'x')
  assert.equal(check(basic('alice', 's3cret')), true)
  assert.equal(check(basic('bob', 'two words')), true)
  assert.equal(check(basic('alice', 's3cre')), false)
  assert.equal(check(basic('alice', 's3cret ')), false)
  assert.equal(check(basic('carol', 's3cret')), false)
  assert.equal(check(undefined), false)
  const open = basicAuthenticator(paths['empty.properties']!, 'x')
  assert.equal(open(undefined), true)
})

test('rest.extension.classes: the JAAS file from KAFKA_OPTS turns basic auth on; mistakes name what to fix', async () => {
  const paths = await files({ 'creds.properties': 'admin=admin-secret\n', 'other.properties': 'x=y\n' })
  const jaas = await files({
    'jaas.conf': `KafkaConnect { ${PROPERTY_FILE_LOGIN_MODULE} required file="${paths['creds.properties']!}"; };`,
    'no-entry.conf': `Other { ${PROPERTY_FILE_LOGIN_MODULE} required file="/x"; };`,
    'ldap.conf': 'KafkaConnect { com.example.LdapLoginModule required url="ldap://x"; };',
    'no-file.conf': `KafkaConnect { ${PROPERTY_FILE_LOGIN_MODULE} required; };`
  })
  const worker = { 'rest.extension.classes': BASIC_AUTH_EXTENSION }
  const { authenticate } = restSecurityOptions(worker, { KAFKA_OPTS: `-Djava.security.auth.login.config=${jaas['jaas.conf']!}` })
  assert.ok(authenticate !== undefined)
  assert.equal(authenticate(basic('admin', 'admin-secret')), true)
  assert.equal(authenticate(basic('admin', 'nope')), false)
  assert.throws(() => restSecurityOptions(worker, {}), /rest\.extension\.classes names the basic-auth extension, but KAFKA_OPTS has no -Djava\.security\.auth\.login\.config/)
  assert.throws(() => restSecurityOptions(worker, { KAFKA_OPTS: `-Djava.security.auth.login.config=${jaas['no-entry.conf']!}` }), /has no KafkaConnect entry/)
  assert.throws(() => restSecurityOptions(worker, { KAFKA_OPTS: `-Djava.security.auth.login.config=${jaas['ldap.conf']!}` }), /uses the login module com\.example\.LdapLoginModule/)
  assert.throws(() => restSecurityOptions(worker, { KAFKA_OPTS: `-Djava.security.auth.login.config=${jaas['no-file.conf']!}` }), /Property Credentials file must be specified/)
  assert.throws(() => restSecurityOptions(worker, { KAFKA_OPTS: '-Djava.security.auth.login.config=/does/not/exist.conf' }), /Cannot read \/does\/not\/exist\.conf/)
  assert.throws(() => restSecurityOptions({ 'rest.extension.classes': 'com.example.MyExtension' }, {}), /rest\.extension\.classes: sqs-connect knows only/)
  // Our own property wins and needs no JAAS file.
  const own = restSecurityOptions({ 'sqsconnect.rest.basic.auth.credentials.file': paths['other.properties']! }, {})
  assert.equal(own.authenticate?.(basic('x', 'y')), true)
  assert.equal(own.authenticate?.(basic('admin', 'admin-secret')), false)
  assert.deepEqual(restSecurityOptions({}, {}), {})
})
