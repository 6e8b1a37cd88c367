/**
 * A plain SVG bar chart of throughput: one group of horizontal bars per scenario, one bar per system, each bar
 * labelled with its msg/s; systems that did not run have a note instead of a bar. No dependencies.
 */
export interface ChartGroup {
  readonly label: string
  readonly bars: ReadonlyArray<{ readonly system: string, readonly value: number | undefined, readonly note?: string }>
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1']
const WIDTH = 900
const LEFT = 190
const RIGHT = 110
const BAR = 16
const GAP = 4
const GROUP_GAP = 18
const TOP = 56

export function escapeXml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Colours by first appearance of each system, so a system keeps its colour across groups. */
function colours (groups: readonly ChartGroup[]): Map<string, string> {
  const map = new Map<string, string>()
  for (const g of groups) for (const b of g.bars) if (!map.has(b.system)) map.set(b.system, PALETTE[map.size % PALETTE.length]!)
  return map
}

export function barChartSvg (title: string, unit: string, groups: readonly ChartGroup[]): string {
  const colour = colours(groups)
  const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => b.value ?? 0)))
  const scale = (WIDTH - LEFT - RIGHT) / max
  const parts: string[] = []
  let y = TOP
  for (const group of groups) {
    const height = group.bars.length * (BAR + GAP) - GAP
    parts.push(`<text x="${LEFT - 10}" y="${y + height / 2 + 4}" text-anchor="end" class="group">${escapeXml(group.label)}</text>`)
    for (const bar of group.bars) {
      const fill = colour.get(bar.system) ?? PALETTE[0]!
      if (bar.value === undefined) {
        parts.push(`<text x="${LEFT + 4}" y="${y + BAR - 4}" class="note">${escapeXml(`${bar.system}: ${bar.note ?? 'no figure'}`.slice(0, 90))}</text>`)
      } else {
        const w = Math.max(1, Math.round(bar.value * scale))
        parts.push(`<rect x="${LEFT}" y="${y}" width="${w}" height="${BAR}" fill="${fill}"><title>${escapeXml(`${bar.system}: ${bar.value} ${unit}`)}</title></rect>`)
        parts.push(`<text x="${LEFT + w + 4}" y="${y + BAR - 4}" class="value">${escapeXml(`${bar.value} ${unit}`)}</text>`)
      }
      y += BAR + GAP
    }
    y += GROUP_GAP - GAP
  }
  const legend = [...colour].map(([system, fill], i) =>
    `<rect x="${LEFT + i * 140}" y="30" width="12" height="12" fill="${fill}"/><text x="${LEFT + i * 140 + 16}" y="40" class="legend">${escapeXml(system)}</text>`)
  const height = y + 10
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    '<style>.group{fill:#222}.value{fill:#333;font-size:11px}.note{fill:#999;font-style:italic;font-size:11px}.legend{fill:#222}.title{font-size:15px;font-weight:bold}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="20" class="title">${escapeXml(title)}</text>`,
    ...legend,
    ...parts,
    '</svg>',
    ''
  ].join('\n')
}
