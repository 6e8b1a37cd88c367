/**
 * Emulates java.util.HashMap iteration order. Kafka's schemaless SMTs build their output maps with
 * HashMap, so the JSON a converter writes afterwards lists keys in hash-bucket order; byte-identical
 * output needs the same order. Treeified buckets (8+ colliding keys) are not emulated.
 */

/** String.hashCode over UTF-16 code units, as a signed 32-bit int. */
export function javaStringHash (text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0
  return h
}

function javaHash (key: unknown): number | undefined {
  if (typeof key === 'string') return javaStringHash(key)
  if (typeof key === 'boolean') return key ? 1231 : 1237
  if (typeof key === 'number' && Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31) return key
  return undefined
}

/** HashMap.tableSizeFor. */
function tableSizeFor (capacity: number): number {
  let n = 1
  while (n < capacity && n < 2 ** 30) n *= 2
  return n
}

/** How the Java code created its map: new HashMap<>(), new HashMap<>(n), or new HashMap<>(otherMap). */
export type HashMapOrigin = { readonly kind: 'default' } | { readonly kind: 'capacity', readonly capacity: number } | { readonly kind: 'copy', readonly size: number }

function initialCapacity (origin: HashMapOrigin): number {
  switch (origin.kind) {
    case 'default': return 16
    case 'capacity': return tableSizeFor(origin.capacity)
    case 'copy': return tableSizeFor(Math.floor(origin.size / 0.75 + 1))
  }
}

/**
 * A Map holding `entries` (given in the order Java put them; a repeated key keeps its first place) in the
 * order a HashMap created as `origin` would iterate them. Keys Java would hash differently than we can
 * tell (not strings, ints or booleans) keep their insertion order.
 */
export function javaHashMap<K, V> (entries: Iterable<readonly [K, V]>, origin: HashMapOrigin): Map<K, V> {
  const inserted = new Map<K, V>()
  let capacity = initialCapacity(origin)
  for (const [k, v] of entries) {
    if (!inserted.has(k) && inserted.size + 1 > capacity * 0.75) capacity *= 2
    inserted.set(k, v)
  }
  const keys = [...inserted.keys()]
  const hashes = keys.map(javaHash)
  if (hashes.some((h) => h === undefined)) return inserted
  const bucket = (h: number): number => (h ^ (h >>> 16)) & (capacity - 1)
  const order = keys.map((key, i) => ({ key, i, b: bucket(hashes[i]!) }))
  order.sort((a, b) => a.b - b.b || a.i - b.i)
  return new Map(order.map(({ key }) => [key, inserted.get(key) as V]))
}

/** A HashSet of strings in Java's iteration order (HashSet is a HashMap of its elements). */
export function javaHashSetOrder (items: readonly string[], origin: HashMapOrigin): string[] {
  return [...javaHashMap(items.map((item) => [item, true] as const), origin).keys()]
}
