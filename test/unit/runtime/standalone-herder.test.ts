/** The standalone herder's state machine on a real Worker, with a scripted connector plugin and sender (no I/O). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConfigKey } from '../../../src/connect/config/config-def.ts'
import type { ConnectorConfig, SourceConnector, SourceTask } from '../../../src/connect/connector.ts'
import { Schemas } from '../../../src/connect/data/schema.ts'
import { sourceRecord, type SourceRecord } from '../../../src/connect/data/source-record.ts'
import { ErrorCodes, hasCode } from '../../../src/errors.ts'
import type { OutgoingRecord, WrittenRecord } from '../../../src/kafka/producer.ts'
import { StandaloneHerder } from '../../../src/runtime/herder/standalone-herder.ts'
import { createLogger } from '../../../src/runtime/logging.ts'
import { PluginRegistry } from '../../../src/runtime/plugins.ts'
import { parseWorkerConfig } from '../../../src/runtime/worker-config.ts'
import { Worker } from '../../../src/runtime/worker.ts'

const CLASS = 'test.ScriptedSourceConnector'

/** Every poll of every task, and whether polls should fail. */
const world = { polls: 0, failPolls: false, failConnectorStart: false }

class ScriptedTask implements SourceTask {
  #stopped = false
  version (): string { return 'test' }
  start (): void {}
  async poll (): Promise<SourceRecord[]> {
    world.polls++
    await new Promise((resolve) => setTimeout(resolve, 2))
    if (world.failPolls) throw new Error('poll failed on purpose')
    if (this.#stopped) return []
    return [sourceRecord({ sourcePartition: {}, sourceOffset: { n: world.polls }, topic: 'topic-x', keySchema: Schemas.STRING, key: 'k', valueSchema: Schemas.STRING, value: 'v' })]
  }
  commitRecord (): void {}
  async commit (): Promise<void> {}
  stop (): void { this.#stopped = true }
  async close (): Promise<void> {}
}

class ScriptedConnector implements SourceConnector {
  #config: ConnectorConfig = {}
  version (): string { return 'test' }
  config (): readonly ConfigKey[] { return [] }
  validate (): [] { return [] }
  start (config: ConnectorConfig): void {
    if (world.failConnectorStart) throw new Error('connector start failed on purpose')
    this.#config = config
  }
  taskConfigs (maxTasks: number): ConnectorConfig[] { return Array.from({ length: maxTasks }, () => ({ ...this.#config })) }
  createTask (): SourceTask { return new ScriptedTask() }
  stop (): void {}
}

function herder (extraWorkerProps: Record<string, string> = {}): StandaloneHerder {
  const workerConfig = parseWorkerConfig({
    ...extraWorkerProps,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'task.shutdown.graceful.timeout.ms': '500'
  })
  const plugins = new PluginRegistry().register({ className: CLASS, type: 'source', version: '1', taskClass: 'test.ScriptedTask', create: () => new ScriptedConnector() })
  const logger = createLogger('silent')
  let offset = 0n
  const worker = new Worker({
    config: workerConfig,
    plugins,
    logger,
    createSender: () => ({
      send: async (records: readonly OutgoingRecord[]): Promise<WrittenRecord[]> => records.map((r) => ({ topic: r.topic, partition: 0, offset: offset++ })),
      close: async () => {}
    })
  })
  return new StandaloneHerder({ worker, workerConfig, plugins, logger })
}

const config = (name: string, tasks = 2): Record<string, string> => ({ name, 'connector.class': CLASS, 'tasks.max': String(tasks) })

async function until (what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  assert.ok(check(), `not reached: ${what}`)
}

const states = (h: StandaloneHerder, name: string): string => {
  const s = h.connectorStatus(name)
  return `${s.connector.state}:${s.tasks.map((t) => t.state).join(',')}`
}

test('create, pause (no more polls), resume, stop (no tasks), resume, delete', async () => {
  const h = herder()
  h.workerId = 'host:1'
  const created = await h.putConnectorConfig('a', config('a'), { allowReplace: false })
  assert.equal(created.created, true)
  assert.deepEqual(created.info, { name: 'a', config: config('a'), tasks: [{ connector: 'a', task: 0 }, { connector: 'a', task: 1 }], type: 'source' })
  await until('running', () => states(h, 'a') === 'RUNNING:RUNNING,RUNNING')
  assert.deepEqual(h.connectorStatus('a').connector, { state: 'RUNNING', worker_id: 'host:1', version: '1' })
  await assert.rejects(h.putConnectorConfig('a', config('a'), { allowReplace: false }), (e: unknown) => hasCode(e, ErrorCodes.ALREADY_EXISTS))
  await until('topic tracked', () => h.activeTopics('a').includes('topic-x'))
  h.resetActiveTopics('a')
  assert.deepEqual(h.activeTopics('a'), [])
  await until('topic tracked again after the reset', () => h.activeTopics('a').includes('topic-x'))
  assert.deepEqual(h.taskConfigs('a')[0], { id: { connector: 'a', task: 0 }, config: { ...config('a'), 'task.class': 'test.ScriptedTask' } })

  await h.pauseConnector('a')
  await until('paused', () => states(h, 'a') === 'PAUSED:PAUSED,PAUSED')
  const pollsWhenPaused = world.polls
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.equal(world.polls, pollsWhenPaused, 'a paused task is not polled')
  await h.resumeConnector('a')
  await until('polled again', () => world.polls > pollsWhenPaused)
  assert.equal(states(h, 'a'), 'RUNNING:RUNNING,RUNNING')

  await assert.rejects(h.modifyConnectorOffsets('a', 'reset'), (e: unknown) => hasCode(e, ErrorCodes.BAD_REQUEST))
  await h.stopConnector('a')
  assert.equal(states(h, 'a'), 'STOPPED:')
  assert.deepEqual(h.connectorInfo('a').tasks, [])
  assert.match((await h.modifyConnectorOffsets('a', 'altered')).message, /have been altered successfully/)
  await h.stopConnector('a')
  await h.resumeConnector('a')
  await until('running again', () => states(h, 'a') === 'RUNNING:RUNNING,RUNNING')

  await h.deleteConnector('a')
  assert.throws(() => h.connectorStatus('a'), (e: unknown) => hasCode(e, ErrorCodes.NOT_FOUND) && e.message === 'No status found for connector a')
  assert.deepEqual(h.activeTopics('a'), [])
  await h.stop()
})

test('a replaced config keeps the target state; PATCH deletes keys given as null', async () => {
  const h = herder()
  await h.putConnectorConfig('b', config('b'), { allowReplace: false, initialState: 'PAUSED' })
  assert.equal(states(h, 'b'), 'PAUSED:')
  const replaced = await h.putConnectorConfig('b', { ...config('b', 1), extra: 'x' }, { allowReplace: true })
  assert.equal(replaced.created, false)
  assert.equal(states(h, 'b'), 'PAUSED:')
  const patched = await h.patchConnectorConfig('b', { extra: null, 'tasks.max': '3' })
  assert.deepEqual(patched.config, config('b', 3))
  await h.resumeConnector('b')
  await until('three tasks', () => states(h, 'b') === 'RUNNING:RUNNING,RUNNING,RUNNING')
  await h.stop()
})

test('restart rules: onlyFailed restarts failed tasks only, the answer shows them RESTARTING with their trace', async () => {
  const h = herder()
  world.failPolls = true
  await h.putConnectorConfig('c', config('c', 1), { allowReplace: false })
  await until('failed', () => states(h, 'c') === 'RUNNING:FAILED')
  assert.match(h.taskStatus('c', 0).trace ?? '', /poll failed on purpose\n\s+at /)
  world.failPolls = false
  const plan = await h.restartConnectorAndTasks('c', { includeTasks: true, onlyFailed: true })
  assert.equal(plan.connector.state, 'RUNNING')
  assert.equal(plan.tasks[0]!.state, 'RESTARTING')
  assert.match(plan.tasks[0]!.trace ?? '', /poll failed on purpose/)
  await until('task running again', () => states(h, 'c') === 'RUNNING:RUNNING')
  assert.equal(h.taskStatus('c', 0).trace, undefined)
  const none = await h.restartConnectorAndTasks('c', { includeTasks: false, onlyFailed: true })
  assert.equal(`${none.connector.state}:${none.tasks.map((t) => t.state).join(',')}`, 'RUNNING:RUNNING')
  const everything = await h.restartConnectorAndTasks('c', { includeTasks: true, onlyFailed: false })
  assert.equal(`${everything.connector.state}:${everything.tasks.map((t) => t.state).join(',')}`, 'RESTARTING:RESTARTING')
  await h.stop()
})

test('operations on one connector never interleave: a delete waits for the restart before it', async () => {
  const h = herder()
  await h.putConnectorConfig('d', config('d', 1), { allowReplace: false })
  const order: string[] = []
  const restart = h.restartConnectorAndTasks('d', { includeTasks: true, onlyFailed: false }).then(() => order.push('restart'))
  const remove = h.deleteConnector('d').then(() => order.push('delete'))
  await Promise.all([restart, remove])
  assert.deepEqual(order, ['restart', 'delete'])
  assert.deepEqual(h.connectors(), [])
  await assert.rejects(h.restartTask('d', 0), (e: unknown) => hasCode(e, ErrorCodes.NOT_FOUND) && e.message === 'Connector d not found')
  await h.stop()
})

test('a connector that failed to start is FAILED with no tasks; a restart that succeeds creates its tasks', async () => {
  const h = herder()
  world.failConnectorStart = true
  const created = await h.putConnectorConfig('e', config('e', 2), { allowReplace: false })
  assert.deepEqual(created.info.tasks, [])
  assert.equal(states(h, 'e'), 'FAILED:')
  assert.match(h.connectorStatus('e').connector.trace ?? '', /connector start failed on purpose/)
  world.failConnectorStart = false
  await h.restartConnector('e')
  await until('tasks created and running', () => states(h, 'e') === 'RUNNING:RUNNING,RUNNING')
  assert.equal(h.connectorStatus('e').connector.trace, undefined)
  await h.stop()
})

test('validation and the 400 of a bad config show variables, never the values they resolve to', async () => {
  process.env.SQSC_UT_TASKS = 'not-a-number-but-secret'
  const h = herder({ 'config.providers': 'env', 'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider' })
  const props = { ...config('f'), 'tasks.max': '${env:SQSC_UT_TASKS}' }
  const infos = h.validate(props)
  const tasksMax = infos.configs.find((c) => c.value?.name === 'tasks.max')?.value
  assert.equal(tasksMax?.value, '${env:SQSC_UT_TASKS}')
  assert.ok(infos.error_count >= 1 && tasksMax!.errors.length === infos.error_count)
  assert.ok(!JSON.stringify(infos).includes('not-a-number-but-secret'), JSON.stringify(tasksMax))
  await assert.rejects(h.putConnectorConfig('f', props, { allowReplace: false }), (e: unknown) =>
    hasCode(e, ErrorCodes.CONFIG_INVALID) && e.message.startsWith(`Connector configuration is invalid and contains the following ${infos.error_count} error(s):\n`) &&
    e.message.includes('${env:SQSC_UT_TASKS}') && !e.message.includes('not-a-number-but-secret'))
  assert.deepEqual(h.connectors(), [])
  await h.stop()
})
