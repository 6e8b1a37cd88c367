/**
 * Systems that write nothing to Kafka (the ceiling) report their own deliveries: one line per message,
 * `<seq> <sentMs> <atMs>`, appended to a file in their run folder, which the harness tails.
 */
import { open, type FileHandle } from 'node:fs/promises'
import type { RunningSystem } from './system.ts'

export interface Delivery {
  /** The body marker's sequence number (bench/compare/body-marker.ts). */
  readonly seq: number
  readonly sentMs: number
  /** When the system got the message (the reply to its ReceiveMessage), epoch ms. */
  readonly atMs: number
}

export interface SelfReportingSystem extends RunningSystem {
  /** Calls `listener` for each delivery (including any earlier ones), from now until stop(). */
  readonly onDelivery: (listener: (delivery: Delivery) => void) => void
}

export function reportsOwnDeliveries (running: RunningSystem): running is SelfReportingSystem {
  return typeof (running as Partial<SelfReportingSystem>).onDelivery === 'function'
}

export function formatDeliveries (deliveries: readonly Delivery[]): string {
  return deliveries.map((d) => `${d.seq} ${d.sentMs} ${d.atMs}\n`).join('')
}

/** Parses complete lines; returns the deliveries and the unparsed tail (a line still being written). */
export function parseDeliveries (text: string): { deliveries: Delivery[], rest: string } {
  const end = text.lastIndexOf('\n')
  const deliveries: Delivery[] = []
  for (const line of text.slice(0, end + 1).split('\n')) {
    const [seq, sentMs, atMs] = line.split(' ').map(Number)
    if (seq !== undefined && sentMs !== undefined && atMs !== undefined && Number.isFinite(seq + sentMs + atMs) && line !== '') deliveries.push({ seq, sentMs, atMs })
  }
  return { deliveries, rest: text.slice(end + 1) }
}

/** Polls `file` every `everyMs` and hands new deliveries to the listeners; stop() reads what is left and ends. */
export class DeliveryFileTail {
  readonly #file: string
  readonly #listeners: Array<(d: Delivery) => void> = []
  readonly #seen: Delivery[] = []
  #handle: FileHandle | undefined
  #offset = 0
  #rest = ''
  #timer: NodeJS.Timeout | undefined
  #reading: Promise<void> = Promise.resolve()

  constructor (file: string, everyMs = 50) {
    this.#file = file
    this.#timer = setInterval(() => { this.#reading = this.#reading.then(async () => await this.#read()) }, everyMs)
  }

  onDelivery (listener: (d: Delivery) => void): void {
    this.#listeners.push(listener)
    for (const d of this.#seen) listener(d)
  }

  async #read (): Promise<void> {
    try {
      this.#handle ??= await open(this.#file, 'r')
    } catch {
      return // not created yet
    }
    const buffer = Buffer.alloc(1 << 20)
    for (;;) {
      const { bytesRead } = await this.#handle.read(buffer, 0, buffer.length, this.#offset)
      if (bytesRead === 0) return
      this.#offset += bytesRead
      const { deliveries, rest } = parseDeliveries(this.#rest + buffer.toString('latin1', 0, bytesRead))
      this.#rest = rest
      for (const d of deliveries) {
        this.#seen.push(d)
        for (const listener of this.#listeners) listener(d)
      }
    }
  }

  async stop (): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    await this.#reading
    await this.#read()
    await this.#handle?.close()
    this.#handle = undefined
  }
}
