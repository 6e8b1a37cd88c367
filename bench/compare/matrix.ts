/**
 * The comparison matrix: every row is run for every system on the same servers. Message counts keep the full run
 * within about 20 minutes on a 2-core machine; --quick shrinks them for a smoke run of about 3 minutes.
 */
export interface DrainRow {
  readonly kind: 'drain'
  readonly id: string
  readonly label: string
  readonly fifo: boolean
  /** FIFO only: message groups, assigned round-robin. */
  readonly groups: number
  readonly bodyBytes: number
  readonly tasks: number
  readonly messages: number
}

export interface LatencyRow {
  readonly kind: 'latency'
  readonly id: string
  readonly label: string
  readonly bodyBytes: number
  readonly tasks: number
  readonly perSecond: number
  readonly seconds: number
}

export type MatrixRow = DrainRow | LatencyRow

const KIB = 1024

function drain (id: string, label: string, spec: Omit<DrainRow, 'kind' | 'id' | 'label' | 'groups' | 'fifo'> & { fifo?: boolean, groups?: number }): DrainRow {
  return { kind: 'drain', id, label, fifo: spec.fifo ?? false, groups: spec.groups ?? 0, bodyBytes: spec.bodyBytes, tasks: spec.tasks, messages: spec.messages }
}

/** The rows, full size or quick. */
export function matrixRows (quick: boolean): MatrixRow[] {
  const n = (full: number, small: number): number => (quick ? small : full)
  const rows: MatrixRow[] = [
    drain('standard-1k-t1', 'standard queue, 1 KiB, 1 task', { bodyBytes: KIB, tasks: 1, messages: n(20_000, 2000) }),
    drain('standard-1k-t4', 'standard queue, 1 KiB, 4 tasks', { bodyBytes: KIB, tasks: 4, messages: n(20_000, 2000) }),
    drain('standard-1k-t8', 'standard queue, 1 KiB, 8 tasks', { bodyBytes: KIB, tasks: 8, messages: n(20_000, 2000) }),
    drain('standard-64k-t8', 'standard queue, 64 KiB, 8 tasks', { bodyBytes: 64 * KIB, tasks: 8, messages: n(2000, 200) }),
    drain('standard-256k-t4', 'standard queue, 256 KiB, 4 tasks', { bodyBytes: 256 * KIB, tasks: 4, messages: n(500, 60) }),
    drain('fifo-100g-1k-t4', 'FIFO queue, 100 groups, 1 KiB, 4 tasks', { fifo: true, groups: 100, bodyBytes: KIB, tasks: 4, messages: n(10_000, 1000) }),
    { kind: 'latency', id: 'latency-1k-t1', label: `latency, 1 KiB at 200 msg/s for ${n(15, 5)} s, 1 task`, bodyBytes: KIB, tasks: 1, perSecond: 200, seconds: n(15, 5) }
  ]
  return quick ? rows.filter((r) => r.id !== 'standard-1k-t4') : rows
}

/** Rows whose id starts with one of the comma-separated `filter` entries (all rows without a filter). */
export function selectRows (rows: readonly MatrixRow[], filter: string | undefined): MatrixRow[] {
  if (filter === undefined || filter === '') return [...rows]
  const wanted = filter.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return rows.filter((row) => wanted.some((w) => row.id === w || row.id.startsWith(w)))
}
