/**
 * Kafka's default partitioning for keyed records: murmur2 over the serialized key bytes
 * (org.apache.kafka.common.utils.Utils.murmur2), made positive, modulo the partition count.
 */

const SEED = 0x9747b28c
const M = 0x5bd1e995

/** Kafka's 32-bit murmur2 of the bytes, as a signed int32 (same as Utils.murmur2). */
export function murmur2 (data: Uint8Array): number {
  const length = data.length
  let h = (SEED ^ length) | 0
  const whole = length - (length % 4)
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) | 0
    k = Math.imul(k, M)
    k ^= k >>> 24
    k = Math.imul(k, M)
    h = Math.imul(h, M) ^ k
  }
  const tail = length % 4
  if (tail === 3) h ^= data[whole + 2]! << 16
  if (tail >= 2) h ^= data[whole + 1]! << 8
  if (tail >= 1) {
    h ^= data[whole]!
    h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

/** Utils.toPositive: clears the sign bit. */
export function toPositive (n: number): number {
  return n & 0x7fffffff
}

/** The partition Kafka's default partitioner picks for a keyed record. */
export function partitionForKey (key: Uint8Array, partitions: number): number {
  return toPositive(murmur2(key)) % partitions
}
