/**
 * The iteration order of `new java.util.HashSet<>(strings)` (JDK 17), which Connect's eager assignment encoding
 * walks; reproducing it keeps our v0 assignment bytes identical to a Java worker's.
 */

/** java.lang.String#hashCode over UTF-16 code units, as a signed 32-bit int. */
export function javaStringHash (value: string): number {
  let hash = 0
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0
  return hash
}

/** Distinct values in the order a HashSet built from them iterates (buckets by spread hash, then insertion). */
export function javaHashSetOrder (values: readonly string[]): string[] {
  const distinct = [...new Set(values)]
  // HashSet(Collection c): new HashMap<>(max((int) (c.size() / .75f) + 1, 16)), rounded up to a power of two.
  const wanted = Math.max(Math.floor(values.length / 0.75) + 1, 16)
  let capacity = 1
  while (capacity < wanted) capacity *= 2
  const bucketOf = (value: string): number => {
    const h = javaStringHash(value)
    return (h ^ (h >>> 16)) & (capacity - 1)
  }
  return distinct
    .map((value, insertion) => ({ value, insertion, bucket: bucketOf(value) }))
    .sort((a, b) => a.bucket - b.bucket || a.insertion - b.insertion)
    .map(({ value }) => value)
}
