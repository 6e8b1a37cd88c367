import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseXRayTraceHeader, traceparentFromXRay, traceparentOf } from '../../../src/connectors/sqs/xray-trace-header.ts'

const ROOT = 'Root=1-5759e988-bd862e3fe1be46a994272793'
const PARENT = 'Parent=53995c3f42cd8ad8'
const TRACE_ID = '5759e988bd862e3fe1be46a994272793'
const PARENT_ID = '53995c3f42cd8ad8'

/** [X-Ray header, the traceparent it must give] */
const VALID: ReadonlyArray<readonly [string, string]> = [
  // AWS's documented example
  [`${ROOT};${PARENT};Sampled=1`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  [`${ROOT};${PARENT};Sampled=0`, `00-${TRACE_ID}-${PARENT_ID}-00`],
  // "?" means the sampling decision was deferred: not sampled as far as W3C flags go
  [`${ROOT};${PARENT};Sampled=?`, `00-${TRACE_ID}-${PARENT_ID}-00`],
  [`${ROOT};${PARENT}`, `00-${TRACE_ID}-${PARENT_ID}-00`],
  [`${ROOT};${PARENT};Sampled=`, `00-${TRACE_ID}-${PARENT_ID}-00`],
  [`${ROOT};${PARENT};Sampled=true`, `00-${TRACE_ID}-${PARENT_ID}-00`],
  [`${ROOT};${PARENT};Sampled=01`, `00-${TRACE_ID}-${PARENT_ID}-00`],
  // field order does not matter
  [`Sampled=1;${PARENT};${ROOT}`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  [`${PARENT};${ROOT};Sampled=1`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  // unknown fields (Lineage, Self, anything) are ignored
  [`${ROOT};${PARENT};Sampled=1;Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  [`Self=1-67891234-12456789abcdef012345678;${ROOT};${PARENT};Sampled=1`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  [`${ROOT};${PARENT};Sampled=1;Foo=bar=baz`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  // blanks around fields and around '=', empty fields and a trailing ';'
  [` ${ROOT} ; ${PARENT} ; Sampled=1 `, `00-${TRACE_ID}-${PARENT_ID}-01`],
  [`Root = 1-5759e988-bd862e3fe1be46a994272793;Parent= 53995c3f42cd8ad8;Sampled =1`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  [`${ROOT};;${PARENT};Sampled=1;`, `00-${TRACE_ID}-${PARENT_ID}-01`],
  // upper-case hex is accepted and written lower-case, as W3C requires
  ['Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=1', `00-${TRACE_ID}-${PARENT_ID}-01`],
  // the epoch part may be all zeros as long as the whole trace id is not
  ['Root=1-00000000-000000000000000000000001;Parent=0000000000000001;Sampled=1', '00-00000000000000000000000000000001-0000000000000001-01'],
  ['Root=1-ffffffff-ffffffffffffffffffffffff;Parent=ffffffffffffffff;Sampled=0', '00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-00']
]

/** [X-Ray header, words the reason must contain] */
const MALFORMED: ReadonlyArray<readonly [string, string]> = [
  ['', 'no Root'],
  [';;', 'no Root'],
  [`${PARENT};Sampled=1`, 'no Root'],
  [`${ROOT};Sampled=1`, 'no Parent'],
  [ROOT, 'no Parent'],
  ['garbage', 'not Key=Value'],
  [`${ROOT};${PARENT};garbage`, 'not Key=Value'],
  [`=x;${ROOT};${PARENT}`, 'not Key=Value'],
  // keys are case-sensitive
  [`root=1-5759e988-bd862e3fe1be46a994272793;${PARENT}`, 'no Root'],
  [`${ROOT};parent=53995c3f42cd8ad8`, 'no Parent'],
  // duplicated fields are ambiguous
  [`${ROOT};${ROOT};${PARENT}`, 'more than once'],
  [`${ROOT};${PARENT};Parent=0123456789abcdef`, 'more than once'],
  // a malformed Root
  ['Root=;Parent=53995c3f42cd8ad8', 'Root ""'],
  ['Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e98-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e9880-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e988-bd862e3fe1be46a9942727930;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e988-bd862e3fe1be46a99427279g;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1_5759e988_bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e988-bd862e3fe1be46a994272793-x;Parent=53995c3f42cd8ad8', 'Root'],
  ['Root=1-5759e988-bd86 2e3fe1be46a99427279;Parent=53995c3f42cd8ad8', 'Root'],
  // W3C's own format is not an X-Ray Root
  [`Root=${TRACE_ID};${PARENT}`, 'Root'],
  // a malformed Parent
  [`${ROOT};Parent=`, 'Parent ""'],
  [`${ROOT};Parent=53995c3f42cd8ad`, 'Parent'],
  [`${ROOT};Parent=53995c3f42cd8ad80`, 'Parent'],
  [`${ROOT};Parent=53995c3f42cd8adz`, 'Parent'],
  [`${ROOT};Parent=0x53995c3f42cd8a`, 'Parent'],
  [`${ROOT};Parent=-3995c3f42cd8ad8`, 'Parent'],
  // all-zero ids are invalid in W3C trace context
  ['Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8', 'all zeros'],
  [`${ROOT};Parent=0000000000000000`, 'all zeros'],
  // not a header at all
  ['00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01', 'not Key=Value'],
  ['Root=1-5759e988-bd862e3fe1be46a994272793,Parent=53995c3f42cd8ad8', 'Root']
]

for (const [header, traceparent] of VALID) {
  test(`X-Ray "${header}" -> ${traceparent}`, () => {
    assert.deepEqual(traceparentFromXRay(header), { ok: true, traceparent })
    assert.match(traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
  })
}

for (const [header, words] of MALFORMED) {
  test(`X-Ray "${header}" gives no traceparent (${words})`, () => {
    const result = traceparentFromXRay(header)
    assert.equal(result.ok, false, `expected no traceparent, got ${JSON.stringify(result)}`)
    if (!result.ok) assert.ok(result.reason.includes(words), `reason "${result.reason}" should mention "${words}"`)
  })
}

test('the parsed trace has the Root\'s 8 + 24 hex digits, the Parent and the sampling decision', () => {
  assert.deepEqual(parseXRayTraceHeader(`${ROOT};${PARENT};Sampled=1`), { ok: true, trace: { traceId: TRACE_ID, parentId: PARENT_ID, sampled: true } })
  assert.equal(traceparentOf({ traceId: TRACE_ID, parentId: PARENT_ID, sampled: false }), `00-${TRACE_ID}-${PARENT_ID}-00`)
})
