/** Every built-in SMT and predicate under Connect's class names, as the plugin registry lists them. */
import { Cast } from './cast.ts'
import { Flatten } from './flatten.ts'
import { DropHeaders, Filter, HeaderFrom, InsertHeader } from './header-transforms.ts'
import { ExtractField, HoistField } from './hoist-extract-field.ts'
import { InsertField } from './insert-field.ts'
import { MaskField } from './mask-field.ts'
import { HasHeaderKey, RecordIsTombstone, TopicNameMatches } from './predicates.ts'
import { ReplaceField } from './replace-field.ts'
import { RegexRouter, TimestampRouter } from './routers.ts'
import { SetSchemaMetadata } from './set-schema-metadata.ts'
import { TimestampConverter } from './timestamp-converter.ts'
import type { Side, Transformation, TransformPlugin } from './transformation.ts'
import { ValueToKey } from './value-to-key.ts'

export type { Predicate, Transformation, TransformPlugin, TransformPluginKind } from './transformation.ts'

const PACKAGE = 'org.apache.kafka.connect.transforms.'
const PREDICATES = PACKAGE + 'predicates.'

/** SMTs with $Key and $Value variants. */
const SIDED: ReadonlyArray<readonly [string, (side: Side) => Transformation]> = [
  ['Cast', (side) => new Cast(side)],
  ['ExtractField', (side) => new ExtractField(side)],
  ['Flatten', (side) => new Flatten(side)],
  ['HeaderFrom', (side) => new HeaderFrom(side)],
  ['HoistField', (side) => new HoistField(side)],
  ['InsertField', (side) => new InsertField(side)],
  ['MaskField', (side) => new MaskField(side)],
  ['ReplaceField', (side) => new ReplaceField(side)],
  ['SetSchemaMetadata', (side) => new SetSchemaMetadata(side)],
  ['TimestampConverter', (side) => new TimestampConverter(side)]
]

const PLAIN: ReadonlyArray<readonly [string, () => Transformation]> = [
  ['DropHeaders', () => new DropHeaders()],
  ['Filter', () => new Filter()],
  ['InsertHeader', () => new InsertHeader()],
  ['RegexRouter', () => new RegexRouter()],
  ['TimestampRouter', () => new TimestampRouter()],
  ['ValueToKey', () => new ValueToKey()]
]

/** Every built-in transformation and predicate, sorted by class name as Connect lists plugins. */
export function builtInTransformPlugins (): TransformPlugin[] {
  const plugins: TransformPlugin[] = [
    ...SIDED.flatMap(([name, create]) => [
      { className: `${PACKAGE}${name}$Key`, kind: 'transformation' as const, create: () => create('key') },
      { className: `${PACKAGE}${name}$Value`, kind: 'transformation' as const, create: () => create('value') }
    ]),
    ...PLAIN.map(([name, create]) => ({ className: PACKAGE + name, kind: 'transformation' as const, create })),
    { className: `${PREDICATES}HasHeaderKey`, kind: 'predicate', create: () => new HasHeaderKey() },
    { className: `${PREDICATES}RecordIsTombstone`, kind: 'predicate', create: () => new RecordIsTombstone() },
    { className: `${PREDICATES}TopicNameMatches`, kind: 'predicate', create: () => new TopicNameMatches() }
  ]
  return plugins.sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0))
}
