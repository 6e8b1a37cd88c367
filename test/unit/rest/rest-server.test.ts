import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseListeners } from '../../../src/rest/listeners.ts'
import { startRestServer } from '../../../src/rest/rest-server.ts'
import { rootRoutes } from '../../../src/rest/routes/root.ts'
import { badRequest } from '../../../src/rest/rest-error.ts'

test('listeners: Connect forms parse, an empty host binds every interface, bad entries name the property', () => {
  assert.deepEqual(parseListeners(['http://:8083', 'https://localhost:8443', 'HTTP://[::1]:0']), [
    { protocol: 'http', host: '0.0.0.0', port: 8083 },
    { protocol: 'https', host: 'localhost', port: 8443 },
    { protocol: 'http', host: '::1', port: 0 }
  ])
  assert.throws(() => parseListeners(['ftp://:21']), /Invalid value ftp:\/\/:21 for configuration listeners/)
  assert.throws(() => parseListeners(['http://host']), /configuration listeners/)
  assert.throws(() => parseListeners(['http://:70000']), /configuration listeners/)
})

test('rest server: root, health, Connect error bodies, unknown paths, basic-auth hook, close', async () => {
  const server = await startRestServer({
    listeners: parseListeners(['http://127.0.0.1:0']),
    authenticate: (header) => header === undefined || header === 'Basic b2s6b2s=',
    routes: [
      rootRoutes(() => ({ version: '4.4.0', commit: 'abc', kafka_cluster_id: 'cluster' }), () => ({ status: 'starting', message: 'Worker is still starting up.' })),
      (app) => { app.get('/bad', async () => { throw badRequest('Connector name is missing') }) }
    ]
  })
  try {
    const base = server.urls[0]!
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/)
    const root = await fetch(`${base}/`)
    assert.equal(root.status, 200)
    assert.equal(await root.text(), '{"version":"4.4.0","commit":"abc","kafka_cluster_id":"cluster"}')
    const health = await fetch(`${base}/health`)
    assert.equal(health.status, 503)
    assert.deepEqual(await health.json(), { status: 'starting', message: 'Worker is still starting up.' })
    const bad = await fetch(`${base}/bad`)
    assert.equal(bad.status, 400)
    assert.equal(await bad.text(), '{"error_code":400,"message":"Connector name is missing"}')
    const missing = await fetch(`${base}/nowhere`)
    assert.equal(missing.status, 404)
    assert.deepEqual(await missing.json(), { error_code: 404, message: 'HTTP 404 Not Found' })
    // As behind Connect's basic-auth filter, which runs after routing: an unknown path is 404 without credentials.
    assert.equal((await fetch(`${base}/nowhere`, { headers: { authorization: 'Basic bm86bm8=' } })).status, 404)
    const refused = await fetch(`${base}/`, { headers: { authorization: 'Basic bm86bm8=' } })
    assert.equal(refused.status, 401)
    assert.equal(await refused.text(), 'User cannot access the resource.')
  } finally {
    await server.close()
    await server.close()
  }
  await assert.rejects(fetch(server.urls[0]!))
})
