/**
 * The systems `npm run bench` compares, in the order they run in the first round. Peers add themselves here.
 * PEER_NAMES are expected too: when one is not in this list, its rows say so instead of failing the run.
 */
import { bentoSystem } from './bento.ts'
import { camelSystem } from './camel.ts'
import { ceiling, ceilingWire } from './ceiling.ts'
import { sqsConnect } from './sqs-connect.ts'
import type { BenchSystem } from './system.ts'

export const systems: BenchSystem[] = [ceiling, sqsConnect, camelSystem, bentoSystem]

/** Systems that run only when named with --systems (e.g. ceiling-wire: the SQS limit through the wire client). */
export const optionalSystems: BenchSystem[] = [ceilingWire]

export const PEER_NAMES = ['camel', 'bento'] as const
