/**
 * io.confluent.connect.avro.AvroConverter (serialization side): Connect data -> Avro in Confluent's wire format,
 * with the schema id from a schema registry. Registry calls happen in prepare(), once per subject and schema;
 * fromConnectData then only encodes, synchronously, from the cached id.
 */
import { AvroData, writerType, type AvroSchemaForm, type WriterSchema } from '../../../connect/converters/avro/avro-data.ts'
import { parseAvroDataConfig } from '../../../connect/converters/avro/avro-data-config.ts'
import type { Converter } from '../../../connect/converter.ts'
import type { Schema } from '../../../connect/data/schema.ts'
import { ErrorCodes, SqsConnectError, dataError } from '../../../errors.ts'
import { parseRegistryConfig, type RegistryConfig } from './registry-config.ts'
import { SchemaRegistryClient } from './schema-registry-client.ts'

export const AVRO_CONVERTER_CLASS = 'io.confluent.connect.avro.AvroConverter'

export class AvroConverter implements Converter {
  #isKey = false
  #data: AvroData | undefined
  #registry: SchemaRegistryClient | undefined
  #config: RegistryConfig | undefined
  /**
   * Writer schema by subject, then by schema text (the same string object every time, so its hash is cached).
   * Insertion-ordered: past the cache size the oldest subject goes first.
   */
  readonly #writers = new Map<string, Map<string, WriterSchema>>()
  #writerCount = 0
  readonly #pending = new Map<string, Promise<void>>()

  configure (configs: Readonly<Record<string, string>>, isKey: boolean): void {
    this.#isKey = isKey
    this.#config = parseRegistryConfig(configs, isKey)
    const prefix = isKey ? 'key.converter' : 'value.converter'
    try {
      this.#data = new AvroData(parseAvroDataConfig(configs))
    } catch (error) {
      const subject = (error as SqsConnectError).subject
      if (subject === undefined) throw error
      throw new SqsConnectError(ErrorCodes.CONFIG_INVALID, (error as Error).message.replace(`configuration ${subject}`, `configuration ${prefix}.${subject}`),
        { subject: `${prefix}.${subject}` })
    }
    this.#registry = new SchemaRegistryClient(this.#config)
  }

  get #property (): string {
    return this.#isKey ? 'key.converter' : 'value.converter'
  }

  #subject (topic: string, form: AvroSchemaForm): string {
    switch (this.#config!.subjectNameStrategy) {
      case 'TopicNameStrategy': return `${topic}-${this.#isKey ? 'key' : 'value'}`
      case 'RecordNameStrategy': return form.recordName
      case 'TopicRecordNameStrategy': return `${topic}-${form.recordName}`
    }
  }

  prepare (topic: string, schema: Schema | null, value: unknown): Promise<void> | undefined {
    // Null values are tombstones and schemaless values are refused by fromConnectData: no registry work for either.
    if (value === null || value === undefined || schema === null) return undefined
    const form = this.#data!.avroSchema(schema)
    const subject = this.#subject(topic, form)
    if (this.#writers.get(subject)?.has(form.text) === true) return undefined
    const key = subject + '\u0000' + form.text
    let pending = this.#pending.get(key)
    if (pending === undefined) {
      pending = this.#resolve(subject, form).then((writer) => { this.#remember(subject, form.text, writer) }).finally(() => this.#pending.delete(key))
      this.#pending.set(key, pending)
    }
    return pending
  }

  #remember (subject: string, text: string, writer: WriterSchema): void {
    if (this.#writerCount >= Math.max(1, this.#config!.cacheSize)) {
      const [oldest, texts] = this.#writers.entries().next().value!
      this.#writers.delete(oldest)
      this.#writerCount -= texts.size
    }
    let texts = this.#writers.get(subject)
    if (texts === undefined) this.#writers.set(subject, texts = new Map())
    if (!texts.has(text)) this.#writerCount += 1
    texts.set(text, writer)
  }

  /** The id (and for use.latest.version the writer type) for a subject, as Confluent's serializer decides it. */
  async #resolve (subject: string, form: AvroSchemaForm): Promise<WriterSchema> {
    const config = this.#config!
    const registry = this.#registry!
    if (config.autoRegisterSchemas) return { id: (await registry.register(subject, form.text)).id, type: form.type }
    if (config.useLatestVersion) {
      const latest = await registry.latest(subject)
      if (latest.schema === undefined) {
        throw new SqsConnectError(ErrorCodes.SCHEMA_REGISTRY_REJECTED, `Schema registry ${registry.urls.join(', ')} sent the latest version of subject ${subject} without its schema`, { subject })
      }
      try {
        return { id: latest.id, type: writerType(latest.schema) }
      } catch (error) {
        throw new SqsConnectError(ErrorCodes.SCHEMA_REGISTRY_REJECTED,
          `The latest schema of subject ${subject} (id ${latest.id}) is not an Avro schema this converter can write: ${(error as Error).message}`, { subject, cause: error })
      }
    }
    return { id: (await registry.lookup(subject, form.text)).id, type: form.type }
  }

  fromConnectData (topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) {
      if (schema !== null && !schema.optional) throw dataError('Found null value for non-optional schema')
      return null
    }
    if (schema === null) {
      throw dataError(`The ${this.#property} (AvroConverter) needs a schema; schemaless values are not supported`)
    }
    const form = this.#data!.avroSchema(schema)
    const writer = this.#writers.get(this.#subject(topic, form))?.get(form.text)
    if (writer === undefined) throw dataError(`The ${this.#property} (AvroConverter) has no schema id for this schema yet: prepare() must run first`)
    return this.#data!.serialize(schema, value, writer)
  }
}
