import { test } from 'node:test'
import assert from 'node:assert/strict'
import { LogLevels, LoggerNames, taskClassName, log4jLevel } from '../../../src/runtime/log-levels.ts'
import { applyWorkerLogLevel } from '../../../src/runtime/log-config.ts'
import { createLogger, logLevelsOf, namedLogger } from '../../../src/runtime/logging.ts'

const SQS_TASK = 'io.confluent.connect.sqs.source.SqsSourceTask'

/** A logger writing into an array, with its level registry. */
function capture (level: string): { lines: Array<Record<string, unknown>>, logger: ReturnType<typeof createLogger>, levels: LogLevels } {
  const lines: Array<Record<string, unknown>> = []
  const logger = createLogger(level, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>) } })
  return { lines, logger, levels: logLevelsOf(logger)! }
}

const messages = (lines: ReadonlyArray<Record<string, unknown>>): unknown[] => lines.map((l) => l.msg)

test('level names: log4j names in any case, pino\'s silent is OFF, unknown names are refused', () => {
  assert.equal(log4jLevel(' debug '), 'DEBUG')
  assert.equal(log4jLevel('silent'), 'OFF')
  assert.equal(log4jLevel('verbose'), undefined)
  assert.equal(taskClassName('io.confluent.connect.sqs.source.SqsSourceConnector'), SQS_TASK)
})

test('a level set on a namespace reaches its descendants at runtime, including loggers made before and after', () => {
  const { lines, logger, levels } = capture('info')
  const task = namedLogger(logger, SQS_TASK, { connector: 'c', task: 0 })
  const child = task.child({ receive: 1 }) // no new name: follows the named logger
  const worker = namedLogger(logger, LoggerNames.worker)
  task.debug('hidden at INFO')
  assert.deepEqual(levels.setLevel('io.confluent.connect.sqs', 'DEBUG'), [SQS_TASK, 'io.confluent.connect.sqs'].sort())
  task.debug('task debug')
  child.debug('child debug')
  worker.debug('worker debug stays hidden')
  const later = namedLogger(logger, 'io.confluent.connect.sqs.source.SqsSourceConnector')
  later.debug('connector debug')
  assert.deepEqual(messages(lines), ['task debug', 'child debug', 'connector debug'])
  assert.equal(lines[1]!.logger, SQS_TASK)
  assert.equal(lines[1]!.receive, 1)
  // Setting an ancestor again overrides the descendant's own level, as log4j's setAllLevels does.
  assert.deepEqual(levels.setLevel('io.confluent', 'WARN').sort(), ['io.confluent', 'io.confluent.connect.sqs', 'io.confluent.connect.sqs.source.SqsSourceConnector', SQS_TASK].sort())
  task.info('hidden at WARN')
  assert.equal(lines.length, 3)
  // Nothing changes the second time, so nothing is reported.
  assert.deepEqual(levels.setLevel('io.confluent', 'WARN'), [])
})

test('root: sets everything, unnamed children follow it; GET answers effective levels and last_modified', () => {
  let now = 1000
  const levels = new LogLevels('INFO', () => now)
  const { lines, logger } = capture('warn')
  assert.equal(logLevelsOf(logger)!.level('ROOT')?.level, 'WARN')
  const plain = logger.child({ connector: 'x' })
  plain.info('hidden')
  logLevelsOf(logger)!.setLevel('root', 'INFO')
  plain.info('shown')
  assert.deepEqual(messages(lines), ['shown'])

  assert.deepEqual(levels.all(), { root: { level: 'INFO', last_modified: null } })
  assert.equal(levels.level('org.apache.kafka.connect'), undefined)
  now = 2000
  assert.deepEqual(levels.setLevel('org.apache.kafka.connect', 'DEBUG'), ['org.apache.kafka.connect'])
  assert.deepEqual(levels.level('org.apache.kafka.connect'), { level: 'DEBUG', last_modified: 2000 })
  assert.deepEqual(levels.setLevel('org.apache.kafka.connect.runtime.Worker', 'OFF'), ['org.apache.kafka.connect.runtime.Worker'])
  // OFF loggers are left out of the list, as Connect leaves them out; the list is sorted by name.
  assert.deepEqual(Object.keys(levels.all()), ['org.apache.kafka.connect', 'root'])
  now = 3000
  assert.deepEqual(levels.setLevel('root', 'ERROR'), ['org.apache.kafka.connect', 'org.apache.kafka.connect.runtime.Worker', 'root'])
  assert.deepEqual(levels.all().root, { level: 'ERROR', last_modified: 3000 })
})

test('start-up level: the worker property applies unless SQS_CONNECT_LOG_LEVEL is set; it is no REST change', () => {
  const { logger, levels } = capture('info')
  applyWorkerLogLevel(logger, { 'sqsconnect.log.level': 'debug' }, { SQS_CONNECT_LOG_LEVEL: 'warn' })
  assert.equal(levels.level('root')?.level, 'INFO')
  applyWorkerLogLevel(logger, { 'sqsconnect.log.level': 'debug' }, {})
  assert.deepEqual(levels.level('root'), { level: 'DEBUG', last_modified: null })
  assert.equal(logger.level, 'debug')
})
