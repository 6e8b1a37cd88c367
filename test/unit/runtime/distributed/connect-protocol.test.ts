import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, joinProtocols, protocolVersionOf, type ProtocolAssignment
} from '../../../../src/runtime/distributed/connect-protocol.ts'
import { javaHashSetOrder, javaStringHash } from '../../../../src/runtime/distributed/java-hash-order.ts'

// Bytes written by Kafka 4.4.0's ConnectProtocol / IncrementalCooperativeConnectProtocol
// (test/java/ConnectProtocolHarness.java; test/integration/connect-protocol-java.test.ts checks many more both ways).
const JAVA = {
  metadataV0: '00000016687474703a2f2f3132372e302e302e313a383038332f000000000000002a',
  metadataV1: '0001000f687474703a2f2f77313a383038332f00000000000000070000004a0001000000086c65616465722d31000f687474703a2f2f77303a383038332f00000000000000070000000100057371732d6100000003ffffffff00000000000000010000000000000000',
  metadataV2: '0002000f687474703a2f2f77313a383038332f00000000000000070000004a0002000000086c65616465722d31000f687474703a2f2f77303a383038332f00000000000000070000000100057371732d6100000003ffffffff00000000000000010000000000000000',
  assignmentV0: '0000000000014c0009687474703a2f2f6c2f000000000000000c0000000400047a65746100000002ffffffff000000030005616c70686100000002ffffffff0000000000036d696400000001ffffffff00046265746100000002ffffffff00000001',
  assignmentV1: '0001000000014c0009687474703a2f2f6c2f000000000000000c0000000100017100000002ffffffff000000020000000200017200000002ffffffff000000000001710000000100000005000493e0',
  mismatchV2: '0002000100014c0009687474703a2f2f6c2fffffffffffffffff000000000000000000000000',
  assignmentV2: '0002000000014c0009687474703a2f2f782f00000000000000050000000200016100000002ffffffff0000000000016200000002ffffffff0000000100000001000163000000010000000200000007',
  sessionedJoin: ['0002000175ffffffffffffffffffffffff', '0001000175ffffffffffffffffffffffff', '0000000175ffffffffffffffff']
}

const allocation: Omit<ProtocolAssignment, 'version'> = {
  error: 0, leader: 'leader-1', leaderUrl: 'http://w0:8083/', configOffset: 7n,
  connectors: ['sqs-a'], tasks: [{ connector: 'sqs-a', task: 0 }, { connector: 'sqs-a', task: 1 }], revokedConnectors: [], revokedTasks: [], delayMs: 0
}
const hex = (b: Buffer): string => b.toString('hex')
const bytes = (h: string): Buffer => Buffer.from(h, 'hex')

test('member metadata v0, v1 and v2 are byte-identical to Connect\'s', () => {
  assert.equal(hex(encodeMetadata(0, 'http://127.0.0.1:8083/', 42n, undefined)), JAVA.metadataV0)
  assert.equal(hex(encodeMetadata(1, 'http://w1:8083/', 7n, { ...allocation, version: 1 })), JAVA.metadataV1)
  assert.equal(hex(encodeMetadata(2, 'http://w1:8083/', 7n, { ...allocation, version: 2 })), JAVA.metadataV2)
})

test('Connect\'s metadata decodes: url, offset and the allocation of v1+', () => {
  assert.deepEqual(decodeMetadata(bytes(JAVA.metadataV0)), { version: 0, url: 'http://127.0.0.1:8083/', configOffset: 42n, allocation: undefined })
  const v2 = decodeMetadata(bytes(JAVA.metadataV2))
  assert.equal(v2.version, 2)
  assert.deepEqual(v2.allocation, { ...allocation, version: 2 })
})

test('sessioned workers offer sessioned, compatible and default, in that order, as Connect does', () => {
  const protocols = joinProtocols('sessioned', 'u', -1n, undefined)
  assert.deepEqual(protocols.map((p) => p.name), ['sessioned', 'compatible', 'default'])
  assert.deepEqual(protocols.map((p) => hex(p.metadata)), JAVA.sessionedJoin)
  assert.deepEqual(joinProtocols('compatible', 'u', -1n, undefined).map((p) => p.name), ['compatible', 'default'])
  assert.deepEqual(joinProtocols('eager', 'u', -1n, undefined).map((p) => p.name), ['default'])
})

test('assignments v0, v1 and v2 are byte-identical to Connect\'s, connectors in java.util.HashSet order', () => {
  const base = { error: 0, leader: 'L', leaderUrl: 'http://l/', configOffset: 12n, revokedConnectors: [], revokedTasks: [], delayMs: 0 }
  const v0 = encodeAssignment(0, {
    ...base, connectors: ['zeta', 'alpha', 'mid', 'beta'], tasks: [{ connector: 'alpha', task: 0 }, { connector: 'zeta', task: 3 }, { connector: 'beta', task: 1 }]
  })
  assert.equal(hex(v0), JAVA.assignmentV0)
  const v1 = encodeAssignment(1, {
    ...base, connectors: ['q'], tasks: [{ connector: 'q', task: 2 }], revokedConnectors: ['r'], revokedTasks: [{ connector: 'r', task: 0 }, { connector: 'q', task: 5 }], delayMs: 300_000
  })
  assert.equal(hex(v1), JAVA.assignmentV1)
  const v2 = encodeAssignment(2, {
    ...base, leaderUrl: 'http://x/', configOffset: 5n, connectors: ['b', 'a'], tasks: [{ connector: 'a', task: 0 }, { connector: 'b', task: 1 }],
    revokedTasks: [{ connector: 'c', task: 2 }], delayMs: 7
  })
  assert.equal(hex(v2), JAVA.assignmentV2)
  assert.equal(hex(encodeAssignment(2, { ...base, error: 1, configOffset: -1n, connectors: [], tasks: [] })), JAVA.mismatchV2)
})

test('Connect\'s assignments decode; v0 gets no revocations and no delay', () => {
  const v0 = decodeAssignment(bytes(JAVA.assignmentV0))
  assert.equal(v0.version, 0)
  assert.deepEqual([...v0.connectors].sort(), ['alpha', 'beta', 'mid', 'zeta'])
  assert.deepEqual(v0.tasks, [{ connector: 'zeta', task: 3 }, { connector: 'alpha', task: 0 }, { connector: 'beta', task: 1 }])
  assert.deepEqual([v0.revokedConnectors, v0.revokedTasks, v0.delayMs], [[], [], 0])
  const v1 = decodeAssignment(bytes(JAVA.assignmentV1))
  assert.deepEqual(v1, {
    version: 1, error: 0, leader: 'L', leaderUrl: 'http://l/', configOffset: 12n, connectors: ['q'], tasks: [{ connector: 'q', task: 2 }],
    revokedConnectors: ['r'], revokedTasks: [{ connector: 'r', task: 0 }, { connector: 'q', task: 5 }], delayMs: 300_000
  })
  assert.equal(decodeAssignment(bytes(JAVA.mismatchV2)).error, 1)
})

test('truncated or invalid bytes fail with an error naming what was being read', () => {
  assert.throws(() => decodeAssignment(bytes(JAVA.assignmentV1).subarray(0, 20)), { code: 'SQSC_GROUP_PROTOCOL_INVALID', message: /assignment: .* bytes needed/ })
  assert.throws(() => decodeMetadata(bytes('ffff')), { code: 'SQSC_GROUP_PROTOCOL_INVALID', message: /unsupported Connect protocol version -1/ })
  assert.throws(() => decodeMetadata(bytes('0000ffff')), { message: /member metadata: a required string is null/ })
  assert.throws(() => protocolVersionOf('range'), { message: /'range', which is not one of Connect's/ })
  assert.equal(protocolVersionOf('sessioned'), 2)
})

test('java.util.HashSet order: String#hashCode and bucket order as JDK 17 iterates', () => {
  // String#hashCode values from the JDK documentation's definition s[0]*31^(n-1) + ... + s[n-1].
  assert.equal(javaStringHash(''), 0)
  assert.equal(javaStringHash('a'), 97)
  assert.equal(javaStringHash('hello'), 99162322)
  assert.equal(javaStringHash('polygenelubricants'), -2147483648)
  assert.deepEqual(javaHashSetOrder(['b', 'a', 'c', 'a']), ['a', 'b', 'c'])
  assert.deepEqual(javaHashSetOrder(['zeta', 'alpha', 'mid', 'beta']), ['zeta', 'alpha', 'mid', 'beta'])
})
