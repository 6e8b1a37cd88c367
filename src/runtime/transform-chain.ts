/**
 * The transformation chain of one task, built from a connector config as Connect's
 * ConnectorConfig.transformationStages does: each alias in `transforms` is one stage, configured with its
 * `transforms.<alias>.*` properties, and runs only when its predicate (if any) says so.
 */
import type { SourceRecord } from '../connect/data/source-record.ts'
import type { Predicate, Transformation } from '../connect/transforms/index.ts'
import { configError, ErrorCodes, SqsConnectError } from '../errors.ts'
import { describeRecord } from './record-conversion.ts'
import { findTransformPlugin } from './transform-plugins.ts'

interface Stage {
  readonly alias: string
  readonly transformation: Transformation
  readonly predicate: Predicate | undefined
  readonly negate: boolean
}

/** The aliases listed in `transforms` or `predicates` (Connect's LIST parsing). */
export function aliasList (props: Readonly<Record<string, string>>, name: 'transforms' | 'predicates'): string[] {
  const text = (props[name] ?? '').trim()
  return text === '' ? [] : text.split(/\s*,\s*/)
}

/** The properties under `prefix`, with the prefix removed. */
export function withPrefix (props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
  return out
}

/** A transformation or predicate, created and configured; a config error names the property at fault. */
export function configuredPlugin (kind: 'transforms' | 'predicates', alias: string, props: Readonly<Record<string, string>>): Transformation | Predicate {
  const prefix = `${kind}.${alias}.`
  const typeName = props[prefix + 'type']
  if (typeName === undefined) throw configError(prefix + 'type', `Missing required configuration "${prefix}type" which has no default value.`)
  const plugin = findTransformPlugin(typeName)
  const expected = kind === 'transforms' ? 'transformation' : 'predicate'
  if (plugin === undefined) throw configError(prefix + 'type', `Invalid value ${typeName} for configuration ${prefix}type: Class ${typeName} could not be found.`)
  if (plugin.kind !== expected) throw configError(prefix + 'type', `Invalid value ${typeName} for configuration ${prefix}type: ${plugin.className} is a ${plugin.kind}, not a ${expected}.`)
  const instance = plugin.create()
  const config = withPrefix(props, prefix)
  delete config.type
  if (kind === 'transforms') {
    delete config.predicate
    delete config.negate
  }
  try {
    instance.configure(config)
  } catch (error) {
    const subject = error instanceof SqsConnectError && error.subject !== undefined ? prefix + error.subject : prefix + 'type'
    throw configError(subject, `${kind === 'transforms' ? 'Transformation' : 'Predicate'} ${alias} (${plugin.className}): ${(error as Error).message}`)
  }
  return instance
}

export class TransformChain {
  readonly #stages: readonly Stage[]
  #closed = false

  constructor (stages: readonly Stage[]) { this.#stages = stages }

  /** True when no transforms are configured. */
  get empty (): boolean { return this.#stages.length === 0 }

  /**
   * TransformationChain.apply: each stage in order; null as soon as one drops the record. A failure names
   * the transform (or predicate) alias and the record.
   */
  apply (record: SourceRecord): SourceRecord | null {
    let current: SourceRecord | null = record
    for (const stage of this.#stages) {
      if (current === null) return null
      const input: SourceRecord = current
      try {
        if (stage.predicate !== undefined && stage.negate === stage.predicate.test(input)) continue
        current = stage.transformation.apply(input)
      } catch (error) {
        throw new SqsConnectError(ErrorCodes.TRANSFORM_FAILED,
          `Transformation ${stage.alias} failed on the ${describeRecord(input)}: ${(error as Error).message}`,
          { subject: `transforms.${stage.alias}`, cause: error })
      }
    }
    return current
  }

  /** Closes every transformation and predicate once; errors are not worth failing a stopping task. */
  close (): void {
    if (this.#closed) return
    this.#closed = true
    for (const stage of this.#stages) {
      for (const plugin of [stage.transformation, stage.predicate]) {
        try {
          plugin?.close()
        } catch {
          // Closing releases caches only; a failure here cannot lose data.
        }
      }
    }
  }
}

/** Builds the chain of a connector config; throws a config error naming the property at fault. */
export function buildTransformChain (props: Readonly<Record<string, string>>): TransformChain {
  const predicates = new Set(aliasList(props, 'predicates'))
  const stages: Stage[] = []
  for (const alias of aliasList(props, 'transforms')) {
    const transformation = configuredPlugin('transforms', alias, props) as Transformation
    const predicateAlias = props[`transforms.${alias}.predicate`]?.trim()
    const negate = (props[`transforms.${alias}.negate`] ?? 'false').trim().toLowerCase() === 'true'
    let predicate: Predicate | undefined
    if (predicateAlias !== undefined && predicateAlias !== '') {
      if (!predicates.has(predicateAlias)) throw configError(`transforms.${alias}.predicate`, `Transformation ${alias} refers to predicate ${predicateAlias}, which is not listed in predicates`)
      predicate = configuredPlugin('predicates', predicateAlias, props) as Predicate
    }
    stages.push({ alias, transformation, predicate, negate })
  }
  return new TransformChain(stages)
}
