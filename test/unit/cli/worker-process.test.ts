/** The shared process lifecycle of the standalone and distributed CLIs (src/cli/worker-process.ts). */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { createLogger } from '../../../src/runtime/logging.ts'
import { runWorkerProcess, type Closer } from '../../../src/cli/worker-process.ts'

function capturedLogger (): { logger: ReturnType<typeof createLogger>, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const sink = new Writable({ write (chunk, _encoding, done) { chunks.push(String(chunk)); done() } })
  const logger = createLogger('info', sink)
  return { logger, lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) }
}

function recordingCloser (name: string, calls: string[], failure?: Error): Closer {
  return {
    name,
    close: async () => {
      await new Promise((resolve) => setImmediate(resolve))
      calls.push(name)
      if (failure !== undefined) throw failure
    }
  }
}

test('closers run in the given order, each once, however often stop() is called; stopped resolves after the last', async () => {
  const calls: string[] = []
  const { logger } = capturedLogger()
  const life = runWorkerProcess({ logger, stoppingMessage: 'stopping', closers: [recordingCloser('herder', calls), recordingCloser('REST API', calls)] })
  let stoppedAt = -1
  void life.stopped.then(() => { stoppedAt = calls.length })
  await Promise.all([life.stop(), life.stop()])
  await life.stop()
  await life.stopped
  assert.deepEqual(calls, ['herder', 'REST API'])
  assert.equal(stoppedAt, 2)
})

test('a failing closer is logged by name, the others still close, and stop() rejects with its error once all ran', async () => {
  const calls: string[] = []
  const { logger, lines } = capturedLogger()
  const broken = new Error('socket in use')
  const life = runWorkerProcess({
    logger,
    stoppingMessage: 'stopping',
    closers: [recordingCloser('REST API', calls, broken), recordingCloser('herder', calls), recordingCloser('metrics', calls)]
  })
  await assert.rejects(life.stop(), broken)
  assert.deepEqual(calls, ['REST API', 'herder', 'metrics'])
  await life.stopped
  const failures = lines().filter((l) => l.part !== undefined)
  assert.equal(failures.length, 1)
  assert.equal(failures[0]!.part, 'REST API')
  assert.match(String(failures[0]!.msg), /Closing the REST API failed/)
  // A second stop() reports the same outcome and closes nothing again.
  await assert.rejects(life.stop(), broken)
  assert.equal(calls.length, 3)
})

test('started() is false until markStarted(); SIGTERM logs the message and closes everything', async () => {
  const calls: string[] = []
  const { logger, lines } = capturedLogger()
  const before = process.listenerCount('SIGTERM')
  const beforeInt = process.listenerCount('SIGINT')
  const life = runWorkerProcess({ logger, stoppingMessage: 'Stopping: test worker', closers: [recordingCloser('a', calls), recordingCloser('b', calls)] })
  assert.equal(process.listenerCount('SIGTERM'), before + 1)
  assert.equal(process.listenerCount('SIGINT'), beforeInt + 1)
  assert.equal(life.started(), false)
  life.markStarted()
  assert.equal(life.started(), true)
  process.emit('SIGTERM', 'SIGTERM')
  await life.stopped
  assert.deepEqual(calls, ['a', 'b'])
  assert.ok(lines().some((l) => l.msg === 'Stopping: test worker' && l.signal === 'SIGTERM'))
  // The handlers are gone once stopped, so a process that runs workers one after another does not pile them up.
  assert.equal(process.listenerCount('SIGTERM'), before)
  assert.equal(process.listenerCount('SIGINT'), beforeInt)
})
