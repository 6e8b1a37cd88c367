import { test } from 'node:test'
import assert from 'node:assert/strict'
import { advertisedWorkerId } from '../../../src/rest/advertised-worker-id.ts'
import { parseListeners } from '../../../src/rest/listeners.ts'
import { startRestServer } from '../../../src/rest/rest-server.ts'
import { errorResponse } from '../../../src/rest/rest-error.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'

test('worker_id: advertised settings win, then the listener host, then the machine; http is preferred', () => {
  const none = { advertisedHostName: null, advertisedPort: null, advertisedListener: null }
  assert.equal(advertisedWorkerId(none, parseListeners(['http://:8083']), [8083], 'box'), 'box:8083')
  assert.equal(advertisedWorkerId(none, parseListeners(['https://secure:8443', 'http://10.0.0.5:0']), [8443, 40001], 'box'), '10.0.0.5:40001')
  assert.equal(advertisedWorkerId({ ...none, advertisedListener: 'https' }, parseListeners(['http://:8083', 'https://:8443']), [8083, 8443], 'box'), 'box:8443')
  assert.equal(advertisedWorkerId({ advertisedHostName: 'connect.example', advertisedPort: 443, advertisedListener: null }, parseListeners(['http://:8083']), [8083], 'box'), 'connect.example:443')
  assert.equal(advertisedWorkerId(none, parseListeners(['http://[::1]:0']), [5000], 'box'), '[::1]:5000')
})

test('herder error codes map to Connect statuses', () => {
  assert.equal(errorResponse(new SqsConnectError(ErrorCodes.NOT_FOUND, 'Connector a not found')).status, 404)
  assert.equal(errorResponse(new SqsConnectError(ErrorCodes.ALREADY_EXISTS, 'Connector a already exists')).status, 409)
  assert.equal(errorResponse(new SqsConnectError(ErrorCodes.BAD_REQUEST, 'x')).status, 400)
  assert.equal(errorResponse(new SqsConnectError(ErrorCodes.CONFIG_INVALID, 'x')).status, 400)
  assert.deepEqual(errorResponse(new Error('boom')), { status: 500, body: { error_code: 500, message: 'boom' } })
})

test('405 on a known path with another method, empty JSON bodies accepted, malformed ones a 400, other media types 415', async () => {
  const server = await startRestServer({
    listeners: parseListeners(['http://127.0.0.1:0']),
    routes: [(app) => {
      app.post('/things/:id/restart', async (request) => ({ body: request.body ?? 'none' }))
    }]
  })
  try {
    const base = server.urls[0]!
    const wrong = await fetch(`${base}/things/1/restart`, { method: 'GET' })
    assert.equal(wrong.status, 405)
    assert.equal(await wrong.text(), '{"error_code":405,"message":"HTTP 405 Method Not Allowed"}')
    assert.equal((await fetch(`${base}/things/1/restart/`, { method: 'POST' })).status, 200, 'a trailing slash is the same path')
    const empty = await fetch(`${base}/things/1/restart`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    assert.deepEqual(await empty.json(), { body: 'none' })
    const malformed = await fetch(`${base}/things/1/restart`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })
    assert.equal(malformed.status, 500)
    assert.match(((await malformed.json()) as { message: string }).message, /^Cannot parse the request body as JSON/)
    const form = await fetch(`${base}/things/1/restart`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })
    assert.equal(form.status, 415)
    assert.deepEqual(await form.json(), { error_code: 415, message: 'HTTP 415 Unsupported Media Type' })
  } finally {
    await server.close()
  }
})
