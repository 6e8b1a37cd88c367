/**
 * Worker properties of the REST server's security, in Connect's naming (RestServerConfig, SslConfigs): TLS for
 * https listeners, REST extensions (basic authentication) and our own simpler basic-auth switch.
 * The same ssl.* keys may be given with the prefix `listeners.https.`; see tls-settings.ts for how they combine.
 */
import { oneOf, type ConfigKey } from '../connect/config/config-def.ts'

const GROUP = 'REST security'

/** The connector class name users put in rest.extension.classes for basic authentication. */
export const BASIC_AUTH_EXTENSION = 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension'

/** sqs-connect's own way to turn on basic authentication, without a JAAS file. */
export const BASIC_AUTH_FILE_KEY = 'sqsconnect.rest.basic.auth.credentials.file'

export const sslKeys: readonly ConfigKey[] = [
  {
    name: 'ssl.keystore.type', type: 'STRING', defaultValue: 'JKS', validator: oneOf(['JKS', 'PKCS12', 'PEM']), importance: 'MEDIUM', group: GROUP,
    documentation: 'Format of the key store of https listeners: PKCS12 or PEM. JKS (Connect\'s default) is read only when the file is really PKCS12 (as Java 9+ does); a real JKS file must be converted with keytool -importkeystore -deststoretype PKCS12.'
  },
  { name: 'ssl.keystore.location', type: 'STRING', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Path of the key store file (PKCS12, or PEM with the private key and its certificate chain).' },
  { name: 'ssl.keystore.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Password of the PKCS12 key store file.' },
  { name: 'ssl.key.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Password of an encrypted PEM private key (ssl.keystore.key or the key in a PEM ssl.keystore.location).' },
  { name: 'ssl.keystore.certificate.chain', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Certificate chain in PEM form, inline; needs ssl.keystore.type=PEM and ssl.keystore.key.' },
  { name: 'ssl.keystore.key', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Private key in PEM (PKCS#8) form, inline; needs ssl.keystore.type=PEM and ssl.keystore.certificate.chain.' },
  {
    name: 'ssl.truststore.type', type: 'STRING', defaultValue: 'JKS', validator: oneOf(['JKS', 'PKCS12', 'PEM']), importance: 'MEDIUM', group: GROUP,
    documentation: 'Format of the trust store that checks client certificates: PEM. PKCS12 and JKS trust stores must be converted to PEM (openssl pkcs12 -nokeys).'
  },
  { name: 'ssl.truststore.location', type: 'STRING', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Path of the trust store file (PEM certificates) for client certificates.' },
  { name: 'ssl.truststore.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Accepted for compatibility; PEM trust stores have no password.' },
  { name: 'ssl.truststore.certificates', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP, documentation: 'Trusted certificates in PEM form, inline; needs ssl.truststore.type=PEM.' },
  {
    name: 'ssl.client.auth', type: 'STRING', defaultValue: 'none', validator: oneOf(['required', 'requested', 'none']), importance: 'LOW', group: GROUP,
    documentation: 'Client certificates on https listeners: required (refuse a client without a trusted certificate), requested (ask, but accept a client without one), none.'
  },
  {
    name: 'ssl.enabled.protocols', type: 'LIST', defaultValue: ['TLSv1.2', 'TLSv1.3'], importance: 'MEDIUM', group: GROUP,
    documentation: 'TLS versions https listeners accept (TLSv1.2, TLSv1.3; Node has no older ones enabled).'
  },
  { name: 'ssl.protocol', type: 'STRING', defaultValue: 'TLSv1.3', importance: 'MEDIUM', group: GROUP, documentation: 'Accepted for compatibility: Node negotiates the highest of ssl.enabled.protocols.' },
  {
    name: 'ssl.cipher.suites', type: 'LIST', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'Cipher suites of https listeners, in OpenSSL\'s names (TLS 1.3 suites have the same names in Java and OpenSSL); empty for Node\'s defaults.'
  }
]

export const restConfigKeys: readonly ConfigKey[] = [
  ...sslKeys,
  {
    name: 'rest.extension.classes', type: 'LIST', defaultValue: [], importance: 'LOW', group: GROUP,
    documentation: `REST extensions; only ${BASIC_AUTH_EXTENSION} is known, with its JAAS file named by -Djava.security.auth.login.config=... in KAFKA_OPTS.`
  },
  {
    name: BASIC_AUTH_FILE_KEY, type: 'STRING', defaultValue: '', importance: 'MEDIUM', group: GROUP,
    documentation: 'sqs-connect only: a properties file of user=password lines; when set, every REST request needs HTTP basic authentication (as with the basic-auth extension, without a JAAS file).'
  }
]
