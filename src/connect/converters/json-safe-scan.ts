/**
 * Whether UTF-8 bytes can go into a JSON string literal as they are, the way Jackson writes it: no byte below 0x20
 * (a control character), no quote, no backslash, and no lead byte of a 4-byte sequence (an astral character,
 * which Jackson writes as two escaped surrogates). Checked 16 bytes at a time by a small WebAssembly function
 * with SIMD, several times faster than a regular expression over the string (bench/profile/record-path.ts: about
 * 30 against 170 µs for a 256 KiB body, copying included). Without WebAssembly SIMD it answers undefined and the
 * caller keeps its string checks.
 */

/** The part of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
declare const WebAssembly: {
  validate: (bytes: Uint8Array) => boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { readonly exports: Record<string, unknown> }
} | undefined

/** Bytes are copied into the module's memory and checked in pieces of this size: its one 64 KiB page. */
const CHUNK = 64 * 1024
const SIMD = 0xfd

/** LEB128 of an unsigned integer, as WebAssembly encodes sizes and indexes. */
function leb (n: number): number[] {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

function section (id: number, bytes: number[]): number[] {
  return [id, ...leb(bytes.length), ...bytes]
}

/** v128.const with `byte` in all 16 lanes. */
function lanes (byte: number): number[] {
  return [SIMD, 0x0c, ...new Array<number>(16).fill(byte)]
}

/** v128.load of the 16 bytes at local 0 (alignment 1, offset 0). */
const LOAD = [0x20, 0x00, SIMD, 0x00, 0x00, 0x00]

/**
 * (func (export "clean") (param $at i32) (param $length i32) (result i32) (local $end i32)), $length a multiple
 * of 16: 1 when no byte of [$at, $at + $length) is < 0x20, 0x22, 0x5c or >= 0xf0, else 0.
 */
const CLEAN_BODY = [
  0x01, 0x01, 0x7f, // one local, i32: $end
  0x20, 0x00, 0x20, 0x01, 0x6a, 0x21, 0x02, // $end = $at + $length
  0x02, 0x40, // block
  0x03, 0x40, // loop
  0x20, 0x00, 0x20, 0x02, 0x4f, 0x0d, 0x01, // br_if 1 ($at >= $end, unsigned)
  ...LOAD, ...lanes(0x20), SIMD, 0x26, // i8x16.lt_u: controls
  ...LOAD, ...lanes(0x22), SIMD, 0x23, SIMD, 0x50, // | i8x16.eq: quote
  ...LOAD, ...lanes(0x5c), SIMD, 0x23, SIMD, 0x50, // | i8x16.eq: backslash
  ...LOAD, ...lanes(0xf0), SIMD, 0x2c, SIMD, 0x50, // | i8x16.ge_u: lead byte of an astral character
  SIMD, 0x53, // v128.any_true
  0x04, 0x40, 0x41, 0x00, 0x0f, 0x0b, // if: return 0
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, // $at += 16
  0x0c, 0x00, // br 0 (next 16 bytes)
  0x0b, 0x0b, // end loop, end block
  0x41, 0x01, // 1
  0x0b
]

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]), // type: (i32, i32) -> i32
  ...section(3, [0x01, 0x00]), // one function of that type
  ...section(5, [0x01, 0x00, 0x01]), // memory: 1 page
  ...section(7, [0x02, 0x05, ...Buffer.from('clean'), 0x00, 0x00, 0x06, ...Buffer.from('memory'), 0x02, 0x00]),
  ...section(10, [0x01, ...leb(CLEAN_BODY.length), ...CLEAN_BODY])
])

interface Scanner {
  readonly clean: (at: number, length: number) => number
  readonly memory: Uint8Array
}

function instantiate (): Scanner | undefined {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(MODULE)) return undefined
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(MODULE))
  const memory = (exports.memory as { readonly buffer: ArrayBuffer }).buffer
  if (memory.byteLength < CHUNK) return undefined
  return { clean: exports.clean as Scanner['clean'], memory: new Uint8Array(memory) }
}

const scanner = instantiate()

/** Whether WebAssembly SIMD is there: jsonSafe() answers only then. */
export const JSON_SAFE_SCAN = scanner !== undefined

/**
 * True when bytes[start, end) need no escape in a JSON string as Jackson writes it (see above), false when some do;
 * undefined without WebAssembly SIMD.
 */
export function jsonSafe (bytes: Uint8Array, start: number, end: number): boolean | undefined {
  if (scanner === undefined) return undefined
  const { clean, memory } = scanner
  for (let at = start; at < end; at += CHUNK) {
    const length = Math.min(CHUNK, end - at)
    memory.set(bytes.subarray(at, at + length), 0)
    // The tail up to a multiple of 16 is filled with a byte that needs no escape.
    const padded = (length + 15) & ~15
    memory.fill(0x41, length, padded)
    if (clean(0, padded) !== 1) return false
  }
  return true
}
