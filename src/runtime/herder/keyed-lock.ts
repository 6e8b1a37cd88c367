/** Runs operations one at a time per key (a connector name), in arrival order; different keys run side by side. */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>()

  /** Runs `work` once every earlier operation on `key` has settled; resolves or rejects with its result. */
  async run<T> (key: string, work: () => Promise<T> | T): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve()
    const result = before.then(async () => await work(), async () => await work())
    const tail = result.catch(() => {})
    this.#tails.set(key, tail)
    try {
      return await result
    } finally {
      // The last operation on a key removes the key, so the map does not grow with every name ever used.
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}
