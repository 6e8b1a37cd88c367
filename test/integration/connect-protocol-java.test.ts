/**
 * Our group protocol codec against Kafka Connect 4.4.0's own ConnectProtocol and IncrementalCooperativeConnectProtocol
 * (test/java/ConnectProtocolHarness.java): Java's bytes equal ours, Java decodes what we write, we decode what Java writes.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { delimiter, join } from 'node:path'
import { createInterface } from 'node:readline'
import { test } from 'node:test'
import { ensureMavenLib } from '../../infra/maven.ts'
import {
  decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, joinProtocols, type ConnectProtocolMode, type ProtocolAssignment
} from '../../src/runtime/distributed/connect-protocol.ts'
import { compiledJava } from './support/java-compile.ts'

type JavaAssignment = { error: number, leader: string, leaderUrl: string, offset: string, connectors: string[], tasks: Array<[string, number]>,
  revokedConnectors: string[], revokedTasks: Array<[string, number]>, delay: number, version?: number }

function toJava (a: Omit<ProtocolAssignment, 'version'>): JavaAssignment {
  return {
    error: a.error, leader: a.leader, leaderUrl: a.leaderUrl, offset: String(a.configOffset), connectors: [...a.connectors],
    tasks: a.tasks.map((t) => [t.connector, t.task]), revokedConnectors: [...a.revokedConnectors], revokedTasks: a.revokedTasks.map((t) => [t.connector, t.task]), delay: a.delayMs
  }
}

const CASES: Array<Omit<ProtocolAssignment, 'version'>> = [
  { error: 0, leader: 'connect-1-6f1c', leaderUrl: 'http://10.0.0.1:8083/', configOffset: 0n, connectors: [], tasks: [], revokedConnectors: [], revokedTasks: [], delayMs: 0 },
  {
    error: 0, leader: 'L', leaderUrl: 'http://l:8083/', configOffset: 123_456_789_012n,
    connectors: ['orders-sqs', 'payments-sqs', 'audit', 'Zebra', 'é-unicode'],
    tasks: Array.from({ length: 9 }, (_, i) => ({ connector: ['orders-sqs', 'payments-sqs', 'audit'][i % 3]!, task: i })),
    revokedConnectors: ['old'], revokedTasks: [{ connector: 'old', task: 0 }, { connector: 'orders-sqs', task: 11 }], delayMs: 300_000
  },
  {
    error: 1, leader: 'leader', leaderUrl: 'https://leader:8443/', configOffset: -1n, connectors: [], tasks: [], revokedConnectors: [], revokedTasks: [], delayMs: 0
  },
  {
    error: 0, leader: 'x', leaderUrl: 'http://x/', configOffset: 9n,
    connectors: Array.from({ length: 20 }, (_, i) => `connector-${i}`), tasks: Array.from({ length: 40 }, (_, i) => ({ connector: `connector-${i % 20}`, task: i })),
    revokedConnectors: [], revokedTasks: [], delayMs: 0
  }
]

async function harness (): Promise<(request: Record<string, unknown>) => Promise<Record<string, unknown>>> {
  const lib = await ensureMavenLib('kafka')
  const dir = await compiledJava({ name: 'connect-protocol-harness', sources: ['ConnectProtocolHarness.java'], lib, marker: 'ConnectProtocolHarness.class' })
  const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', [dir, join(lib, '*')].join(delimiter), 'ConnectProtocolHarness'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const pending = new Map<number, (value: Record<string, unknown>) => void>()
  lines.on('line', (line) => {
    const answer = JSON.parse(line) as Record<string, unknown>
    pending.get(answer.id as number)?.(answer)
  })
  let next = 0
  test.after(() => { child.stdin.end(); child.kill() })
  return async (request) => await new Promise((resolve) => {
    const id = next++
    pending.set(id, resolve)
    child.stdin.write(JSON.stringify({ ...request, id }) + '\n')
  })
}

const java = await harness()

test('assignments v0/v1/v2: Java writes our bytes, and each side decodes the other\'s', async () => {
  for (const assignment of CASES) {
    for (const version of [0, 1, 2]) {
      const ours = encodeAssignment(version, assignment)
      const theirs = await java({ op: 'encodeAssignment', version, assignment: toJava(assignment) })
      assert.equal(theirs.hex, ours.toString('hex'), `v${version} bytes of ${assignment.leader}`)
      const decodedByJava = (await java({ op: 'decodeAssignment', hex: ours.toString('hex') })).assignment as JavaAssignment
      const expected = version === 0 ? { ...assignment, revokedConnectors: [], revokedTasks: [], delayMs: 0 } : assignment
      const sortJava = (a: JavaAssignment): JavaAssignment => ({ ...a, connectors: [...a.connectors].sort(), tasks: [...a.tasks].sort() })
      assert.deepEqual(sortJava(decodedByJava), sortJava({ ...toJava(expected), version }))
      const decodedByUs = decodeAssignment(Buffer.from(String(theirs.hex), 'hex'))
      assert.deepEqual(sortJava({ ...toJava(decodedByUs), version: decodedByUs.version }), sortJava({ ...toJava(expected), version }))
    }
  }
})

test('member metadata v0/v1/v2 and the JoinGroup protocol lists of each connect.protocol match Connect\'s', async () => {
  for (const allocation of [undefined, CASES[1]!]) {
    for (const version of [0, 1, 2]) {
      const ours = encodeMetadata(version, 'http://worker:8083/', 77n, allocation === undefined ? undefined : { ...allocation, version })
      const theirs = await java({ op: 'encodeMetadata', version, url: 'http://worker:8083/', offset: '77', allocation: allocation === undefined ? null : toJava(allocation) })
      assert.equal(theirs.hex, ours.toString('hex'), `metadata v${version}`)
      const decodedByJava = await java({ op: 'decodeMetadata', hex: ours.toString('hex') })
      assert.deepEqual([decodedByJava.url, decodedByJava.offset, decodedByJava.allocation === null], ['http://worker:8083/', '77', allocation === undefined || version === 0])
      const decodedByUs = decodeMetadata(Buffer.from(String(theirs.hex), 'hex'))
      assert.deepEqual([decodedByUs.url, decodedByUs.configOffset, decodedByUs.allocation?.delayMs], ['http://worker:8083/', 77n, version === 0 ? undefined : allocation?.delayMs])
    }
    for (const mode of ['eager', 'compatible', 'sessioned'] as ConnectProtocolMode[]) {
      const ours = joinProtocols(mode, 'http://w/', 5n, allocation === undefined ? undefined : { ...allocation, version: mode === 'sessioned' ? 2 : 1 })
      const theirs = await java({ op: 'joinProtocols', mode, url: 'http://w/', offset: '5', allocation: allocation === undefined ? null : toJava(allocation) })
      assert.deepEqual(ours.map((p) => ({ name: p.name, hex: p.metadata.toString('hex') })), theirs.protocols, `protocols of ${mode}`)
    }
  }
})
