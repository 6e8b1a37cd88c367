/**
 * One group member in its own process (for kill -9 tests): settings from MEMBER_SPEC, every revocation and
 * assignment printed to stdout as a JSON line; SIGTERM stops it cleanly (revoke, LeaveGroup).
 */
import pino from 'pino'
import { createGroupMembership } from '../../../src/runtime/distributed/group-membership.ts'
import type { MemberSettings } from './membership.ts'

interface Spec {
  readonly name: string
  readonly settings: MemberSettings
  readonly connectors: ReadonlyArray<{ name: string, taskCount: number }>
  readonly offset: string
}

const spec = JSON.parse(process.env.MEMBER_SPEC ?? '{}') as Spec
const offset = BigInt(spec.offset)
const print = (event: unknown): void => {
  process.stdout.write(JSON.stringify(event, (_key, value: unknown) => typeof value === 'bigint' ? String(value) : value) + '\n')
}

const membership = createGroupMembership({
  bootstrapServers: [spec.settings.bootstrap], groupId: spec.settings.groupId, workerUrl: `http://127.0.0.1:1/${spec.name}/`,
  sessionTimeoutMs: spec.settings.sessionTimeoutMs, rebalanceTimeoutMs: spec.settings.rebalanceTimeoutMs,
  heartbeatIntervalMs: spec.settings.heartbeatIntervalMs, scheduledRebalanceMaxDelayMs: spec.settings.scheduledRebalanceMaxDelayMs,
  protocol: spec.settings.protocol,
  config: { offset: () => offset, readToEnd: async () => offset, connectors: () => spec.connectors },
  logger: pino({ level: process.env.MEMBERSHIP_TEST_LOG ?? 'warn', base: { member: spec.name } }, pino.destination(2)),
  listener: {
    onRevoked: async ({ connectors, tasks }) => { print({ type: 'revoked', connectors, tasks }) },
    onAssigned: async (assignment) => { print({ type: 'assigned', assignment }) }
  }
})

process.on('SIGTERM', () => { void membership.stop().then(() => process.exit(0)) })
await membership.start()
