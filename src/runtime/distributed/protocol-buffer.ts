/**
 * The few types of Kafka's classic protocol schemas (org.apache.kafka.common.protocol.types) that Connect's group
 * protocol uses: INT16/32/64 big-endian, STRING (int16 length + UTF-8), NULLABLE_BYTES and (nullable) ARRAY (int32
 * count, -1 for null).
 */
import { ErrorCodes, SqsConnectError } from '../../errors.ts'

/** Appends fields into one buffer. */
export class ProtocolWriter {
  readonly #chunks: Buffer[] = []

  int16 (value: number): this { const b = Buffer.alloc(2); b.writeInt16BE(value); return this.#push(b) }
  int32 (value: number): this { const b = Buffer.alloc(4); b.writeInt32BE(value); return this.#push(b) }
  int64 (value: bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(value); return this.#push(b) }

  string (value: string): this {
    const bytes = Buffer.from(value, 'utf8')
    if (bytes.length > 32767) throw protocolError(`a string of ${bytes.length} bytes is longer than the protocol's 32767`)
    return this.int16(bytes.length).#push(bytes)
  }

  nullableBytes (value: Buffer | null): this {
    return value === null ? this.int32(-1) : this.int32(value.length).#push(value)
  }

  array<T> (items: readonly T[] | null, write: (writer: this, item: T) => void): this {
    if (items === null) return this.int32(-1)
    this.int32(items.length)
    for (const item of items) write(this, item)
    return this
  }

  toBuffer (): Buffer { return Buffer.concat(this.#chunks) }

  #push (bytes: Buffer): this { this.#chunks.push(bytes); return this }
}

/** Reads fields in order; every read checks the length, so truncated input fails with a clear error. */
export class ProtocolReader {
  #offset = 0
  constructor (private readonly buffer: Buffer, private readonly what: string) {}

  get remaining (): number { return this.buffer.length - this.#offset }

  int16 (): number { const v = this.#take(2).readInt16BE(); return v }
  int32 (): number { return this.#take(4).readInt32BE() }
  int64 (): bigint { return this.#take(8).readBigInt64BE() }

  string (): string {
    const length = this.int16()
    if (length < 0) throw protocolError(`${this.what}: a required string is null`)
    return this.#take(length).toString('utf8')
  }

  nullableBytes (): Buffer | null {
    const length = this.int32()
    return length < 0 ? null : Buffer.from(this.#take(length))
  }

  array<T> (read: (reader: this) => T): T[] | null {
    const count = this.int32()
    if (count < 0) return null
    if (count > this.remaining) throw protocolError(`${this.what}: an array claims ${count} items but only ${this.remaining} bytes follow`)
    const items: T[] = []
    for (let i = 0; i < count; i++) items.push(read(this))
    return items
  }

  #take (length: number): Buffer {
    if (length > this.remaining) throw protocolError(`${this.what}: ${length} bytes needed at offset ${this.#offset}, only ${this.remaining} left`)
    const slice = this.buffer.subarray(this.#offset, this.#offset + length)
    this.#offset += length
    return slice
  }
}

/** Bytes that do not follow Connect's group protocol. */
export function protocolError (message: string): SqsConnectError {
  return new SqsConnectError(ErrorCodes.GROUP_PROTOCOL_INVALID, message, { subject: 'connect group protocol' })
}
