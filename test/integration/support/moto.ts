/** moto (the second SQS implementation) for one test file: started on first use, stopped after the file's last test. */
import { after, before } from 'node:test'
import { startMoto, type MotoServer } from '../../../infra/index.ts'
import { sharedServers, useLocalAwsEnv } from './servers.ts'

let own: Promise<MotoServer> | undefined

// Registered at load time, so it belongs to the file's root and runs after its last test.
after(async () => { await (await own?.catch(() => undefined))?.stop() })

/** This file's moto server; the first call may install moto into the download cache (about a minute, once). */
export async function fileMoto (): Promise<MotoServer> {
  useLocalAwsEnv()
  own ??= startMoto({
    log: (line) => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) console.log(`[moto] ${line}`) },
    // SQS_CONNECT_KEEP_MOTO_LOG=1 keeps .infra-run/moto/<run>/moto.log (moto's request log) for reading afterwards.
    keepRunDir: process.env.SQS_CONNECT_KEEP_MOTO_LOG === '1'
  })
  return await own
}

/** One of the two SQS servers a file runs the same tests against. */
export interface SqsServer { readonly name: string, readonly endpoint: () => Promise<string> }

/** ElasticMQ (the run's shared server) and this file's moto. */
export const BOTH_SQS_SERVERS: readonly SqsServer[] = [
  { name: 'ElasticMQ', endpoint: async () => (await sharedServers()).sqsEndpoint },
  { name: 'moto', endpoint: async () => (await fileMoto()).endpoint }
]

/** Starts both before a file's first test; a cold first run installs moto into the download cache, which may take longer than one test may. */
export function startBothSqsServersFirst (): void {
  before(async () => { await Promise.all([sharedServers(), fileMoto()]) }, { timeout: 15 * 60_000 })
}
