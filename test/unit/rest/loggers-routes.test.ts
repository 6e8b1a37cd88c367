import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseListeners } from '../../../src/rest/listeners.ts'
import { startRestServer } from '../../../src/rest/rest-server.ts'
import { loggersRoutes } from '../../../src/rest/routes/loggers.ts'
import { LogLevels } from '../../../src/runtime/log-levels.ts'

test('admin/loggers: Connect\'s bodies, codes and messages', async () => {
  const levels = new LogLevels('INFO', () => 1_700_000_000_000)
  const server = await startRestServer({ listeners: parseListeners(['http://127.0.0.1:0']), routes: [loggersRoutes(levels)] })
  const base = server.urls[0]!
  const put = async (path: string, body: string): Promise<Response> => await fetch(`${base}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })
  try {
    const all = await fetch(`${base}/admin/loggers`)
    assert.equal(all.status, 200)
    assert.equal(await all.text(), '{"root":{"level":"INFO","last_modified":null}}')

    const missing = await fetch(`${base}/admin/loggers/io.confluent.connect.sqs`)
    assert.equal(missing.status, 404)
    assert.equal(await missing.text(), '{"error_code":404,"message":"Logger io.confluent.connect.sqs not found."}')

    const set = await put('/admin/loggers/io.confluent.connect.sqs', '{"level":"debug"}')
    assert.equal(set.status, 200)
    assert.equal(await set.text(), '["io.confluent.connect.sqs"]')
    const one = await fetch(`${base}/admin/loggers/io.confluent.connect.sqs`)
    assert.equal(await one.text(), '{"level":"DEBUG","last_modified":1700000000000}')

    const cluster = await put('/admin/loggers/root?scope=cluster', '{"level":"WARN"}')
    assert.equal(cluster.status, 204)
    assert.equal(await cluster.text(), '')
    assert.equal(levels.level('root')?.level, 'WARN')
    // An unknown scope is the worker scope.
    const odd = await put('/admin/loggers/root?scope=galaxy', '{"level":"ERROR"}')
    assert.equal(odd.status, 200)
    assert.deepEqual(await odd.json(), ['io.confluent.connect.sqs', 'root'])

    const noLevel = await put('/admin/loggers/root', '{"lvl":"INFO"}')
    assert.equal(noLevel.status, 400)
    assert.equal(await noLevel.text(), '{"error_code":400,"message":"Desired \'level\' parameter was not specified in request."}')
    const badLevel = await put('/admin/loggers/root', '{"level":"LOUD"}')
    assert.equal(badLevel.status, 404)
    assert.equal(await badLevel.text(), '{"error_code":404,"message":"invalid log level \'LOUD\'."}')
  } finally {
    await server.close()
  }
})
