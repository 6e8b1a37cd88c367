/** Connect's Headers: an ordered list of (key, schema, value); duplicate keys are kept. */
import { Schemas, type Schema } from './schema.ts'

export interface Header {
  readonly key: string
  readonly schema: Schema | null
  readonly value: unknown
}

export class Headers implements Iterable<Header> {
  readonly #headers: Header[] = []

  /** Adds a header with an explicit schema. */
  add (key: string, schema: Schema | null, value: unknown): this {
    this.#headers.push(Object.freeze({ key, schema, value }))
    return this
  }

  addString (key: string, value: string | null): this {
    return this.add(key, Schemas.OPTIONAL_STRING, value)
  }

  addBytes (key: string, value: Uint8Array | null): this {
    return this.add(key, Schemas.OPTIONAL_BYTES, value)
  }

  get size (): number {
    return this.#headers.length
  }

  /** All headers with this key, in insertion order. */
  allWithName (key: string): Header[] {
    return this.#headers.filter((h) => h.key === key)
  }

  /** The last header with this key, as Headers.lastWithName. */
  lastWithName (key: string): Header | undefined {
    return this.allWithName(key).at(-1)
  }

  [Symbol.iterator] (): Iterator<Header> {
    return this.#headers[Symbol.iterator]()
  }
}
