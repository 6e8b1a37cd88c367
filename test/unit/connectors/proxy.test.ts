import assert from 'node:assert/strict'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { test } from 'node:test'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { Agent as HttpsAgent } from 'node:https'
import { parseSqsSourceConfig } from '../../../src/connectors/sqs/config.ts'
import { createHttpLayer, requestHandlerOptions } from '../../../src/connectors/sqs/http-handler.ts'
import { isProxyRefusal, proxyFailure, proxyRefusedError, proxySettings } from '../../../src/connectors/sqs/proxy.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'

const base = { 'kafka.topic': 't', 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/1/q' }
const none = { proxyUrl: '', proxyUser: '', proxyPassword: '' }

test('no sqs.proxy.url: no proxy, plain keep-alive agents, and the wire client\'s own connections', () => {
  assert.equal(proxySettings(none), undefined)
  const agent = requestHandlerOptions(parseSqsSourceConfig(base)).httpsAgent
  assert.ok(agent instanceof HttpsAgent && !(agent instanceof HttpsProxyAgent))
  const layer = createHttpLayer(parseSqsSourceConfig(base))
  assert.ok(layer.handler instanceof NodeHttpHandler)
  assert.ok(layer.settings.direct !== undefined)
  layer.handler.destroy()
})

test('with sqs.proxy.url the wire client sends through the proxy agents, not connections of its own', () => {
  const layer = createHttpLayer(parseSqsSourceConfig({ ...base, 'sqs.proxy.url': 'http://proxy.corp:3128' }))
  assert.equal(layer.settings.direct, undefined)
  assert.ok(layer.settings.httpsAgent instanceof HttpsProxyAgent)
  layer.handler.destroy()
})

test('basic auth goes into Proxy-Authorization as UTF-8 user:password, untouched by URL encoding', () => {
  const settings = proxySettings({ proxyUrl: 'http://proxy.corp:3128', proxyUser: 'sqs-user', proxyPassword: 'p:@/%ü' })
  assert.equal(settings?.headers['Proxy-Authorization'], `Basic ${Buffer.from('sqs-user:p:@/%ü', 'utf8').toString('base64')}`)
  assert.equal(settings?.address, 'proxy.corp:3128')
  assert.equal(settings?.url.href, 'http://proxy.corp:3128/')
})

test('no user: no Proxy-Authorization; default ports follow the scheme', () => {
  assert.deepEqual(proxySettings({ ...none, proxyUrl: 'http://proxy.corp' })?.headers, {})
  assert.equal(proxySettings({ ...none, proxyUrl: 'http://proxy.corp' })?.address, 'proxy.corp:80')
  assert.equal(proxySettings({ ...none, proxyUrl: 'https://proxy.corp' })?.address, 'proxy.corp:443')
})

test('credentials inside sqs.proxy.url are refused without echoing them', () => {
  assert.throws(() => proxySettings({ ...none, proxyUrl: 'http://u:hunter2@proxy.corp:3128' }), (error: unknown) => {
    assert.ok(error instanceof SqsConnectError)
    assert.equal(error.code, ErrorCodes.CONFIG_INVALID)
    assert.equal(error.subject, 'sqs.proxy.url')
    assert.match(error.message, /sqs\.proxy\.user and sqs\.proxy\.password/)
    assert.ok(!error.message.includes('hunter2'))
    return true
  })
})

test('with sqs.proxy.url both endpoint kinds get a proxy agent with a pool of 64 kept-alive sockets', () => {
  const config = parseSqsSourceConfig({ ...base, 'sqs.proxy.url': 'https://proxy.corp:8443', 'sqs.proxy.user': 'u', 'sqs.proxy.password': 'pw' })
  const { httpAgent, httpsAgent } = requestHandlerOptions(config)
  assert.equal(createHttpLayer(config).handler.constructor.name, 'ProxiedRequestHandler')
  assert.ok(httpsAgent instanceof HttpsProxyAgent)
  assert.ok(httpAgent instanceof HttpProxyAgent)
  for (const agent of [httpAgent, httpsAgent] as Array<{ keepAlive?: boolean, maxSockets: number, proxy: URL }>) {
    assert.equal(agent.keepAlive, true)
    assert.equal(agent.maxSockets, 64)
    // The agent's URL (which its debug output prints) carries no credentials.
    assert.equal(agent.proxy.href, 'https://proxy.corp:8443/')
  }
})

test('407 is always the proxy; 401 only without an AWS request id', () => {
  assert.equal(isProxyRefusal(407, {}), true)
  assert.equal(isProxyRefusal(401, {}), true)
  assert.equal(isProxyRefusal(401, { 'x-amzn-requestid': 'abc' }), false)
  assert.equal(isProxyRefusal(403, {}), false)
  assert.equal(isProxyRefusal(200, {}), false)
})

test('the refusal names the properties and the proxy, not the password, and is not retriable', () => {
  const settings = proxySettings({ proxyUrl: 'http://127.0.0.1:3128', proxyUser: 'sqs-user', proxyPassword: 'hunter2' })
  assert.ok(settings !== undefined)
  const error = proxyRefusedError(settings, 407)
  assert.equal(error.code, ErrorCodes.SQS_PROXY_REFUSED)
  assert.equal(error.retriable, false)
  assert.equal(error.message, 'The proxy 127.0.0.1:3128 (sqs.proxy.url) refused the login with HTTP 407: check sqs.proxy.user ("sqs-user") and sqs.proxy.password')
  assert.ok(!error.message.includes('hunter2'))
  const anonymous = proxyRefusedError({ ...settings, user: '' }, 407)
  assert.match(anonymous.message, /no proxy user is configured: set sqs\.proxy\.user and sqs\.proxy\.password/)
})

test('proxyFailure finds the refusal, also as a cause, and nothing else', () => {
  const settings = proxySettings({ proxyUrl: 'http://127.0.0.1:3128', proxyUser: 'u', proxyPassword: 'p' })
  assert.ok(settings !== undefined)
  const refused = proxyRefusedError(settings, 401)
  assert.equal(proxyFailure(refused), refused)
  assert.equal(proxyFailure(new Error('wrapped', { cause: refused })), refused)
  assert.equal(proxyFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3128'), { code: 'ECONNREFUSED' })), undefined)
  assert.equal(proxyFailure(new SqsConnectError(ErrorCodes.SQS_RECEIVE_FAILED, 'x')), undefined)
  assert.equal(proxyFailure(undefined), undefined)
})
