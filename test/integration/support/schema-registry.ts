/**
 * The schema registry (Apicurio, Confluent-compatible API) for the AvroConverter tests, started by the test
 * file that needs it and stopped after its last test; and an independent decoder (Python fastavro).
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { after } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ensureFastavro, startApicurio, type SchemaRegistryServer } from '../../../infra/index.ts'

let registry: Promise<SchemaRegistryServer> | undefined
after(async () => { await (await registry)?.stop() })

/** The registry of this test file, started on first use. */
export async function schemaRegistry (): Promise<SchemaRegistryServer> {
  registry ??= startApicurio(process.env.SQS_CONNECT_INFRA_LOG === '1' ? { log: (line) => console.error(line) } : {})
  return await registry
}

export interface Decoded { readonly id: number, readonly value: unknown }

/** Decodes Confluent wire-format payloads with fastavro, fetching each writer schema from the registry by id. */
export async function decodeWithFastavro (registryUrl: string, payloads: ReadonlyArray<Uint8Array | null>, authorization?: string): Promise<Array<Decoded | null>> {
  const python = await ensureFastavro()
  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'fastavro-decode.py')
  const input = JSON.stringify({ registry: registryUrl, authorization: authorization ?? null, payloads: payloads.map((p) => p === null ? null : Buffer.from(p).toString('hex')) })
  return await new Promise((resolve, reject) => {
    const child = execFile(python, [script], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`fastavro decoding failed: ${stderr}${error.message}`))
      else resolve(JSON.parse(stdout) as Array<Decoded | null>)
    })
    child.stdin?.end(input)
  })
}

/** GET from the registry (ccompat API), parsed. */
export async function registryGet (registryUrl: string, path: string): Promise<unknown> {
  const reply = await fetch(registryUrl + path, { signal: AbortSignal.timeout(10_000) })
  if (!reply.ok) throw new Error(`GET ${path}: HTTP ${reply.status} ${await reply.text()}`)
  return await reply.json()
}
