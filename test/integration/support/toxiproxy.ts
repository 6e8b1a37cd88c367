/** toxiproxy for one test file: started on first use, stopped after the file's last test. */
import { after } from 'node:test'
import { startToxiproxy, type ToxiproxyServer } from '../../../infra/index.ts'

let own: Promise<ToxiproxyServer> | undefined

// Registered at load time, so it belongs to the file's root and runs after its last test.
after(async () => { await (await own?.catch(() => undefined))?.stop() })

/** This file's toxiproxy; the first call on a machine may build it (about half a minute, once). */
export async function fileToxiproxy (): Promise<ToxiproxyServer> {
  own ??= startToxiproxy({ log: (line) => { if (process.env.SQS_CONNECT_LOG_LEVEL !== undefined) console.log(`[toxiproxy] ${line}`) } })
  return await own
}
