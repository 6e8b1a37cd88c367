/**
 * The promises released() hands out, keyed by record, settled by the deleter's verdict on the record's
 * message; false for everything left on close(). Only records someone asked about before their
 * commitRecord() are tracked, so at-least-once mode (which never asks) keeps nothing here.
 */
import type { SourceRecord } from '../../connect/data/source-record.ts'

interface Waiter {
  readonly promise: Promise<boolean>
  readonly settle: (deleted: boolean) => void
}

export class ReleaseWaiters {
  readonly #byRecord = new Map<SourceRecord, Waiter>()
  #closed = false

  #waiter (record: SourceRecord): Waiter {
    let waiter = this.#byRecord.get(record)
    if (waiter === undefined) {
      let settle: (deleted: boolean) => void = () => {}
      const promise = new Promise<boolean>((resolve) => { settle = resolve })
      waiter = { promise, settle }
      this.#byRecord.set(record, waiter)
    }
    return waiter
  }

  /** What released(record) awaits; forgets the record once it is settled. */
  async wait (record: SourceRecord): Promise<boolean> {
    if (this.#closed) return false
    const waiter = this.#waiter(record)
    const deleted = await waiter.promise
    this.#byRecord.delete(record)
    return deleted
  }

  /** The callback for the deleter when someone waits for `record`, else undefined. */
  settlerFor (record: SourceRecord): ((deleted: boolean) => void) | undefined {
    return this.#byRecord.get(record)?.settle
  }

  /** Settles every outstanding wait with false. */
  close (): void {
    this.#closed = true
    for (const waiter of this.#byRecord.values()) waiter.settle(false)
    this.#byRecord.clear()
  }
}
