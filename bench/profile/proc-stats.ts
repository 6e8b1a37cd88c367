/** CPU time and memory of one process, read from /proc (Linux): what a benchmark charges to the process. */
import { readFile } from 'node:fs/promises'

export interface ProcSample {
  /** utime + stime, in seconds. */
  readonly cpuSeconds: number
  /** VmHWM: the peak resident set size so far, in bytes. */
  readonly peakRssBytes: number
  /** VmRSS: the resident set size now, in bytes. */
  readonly rssBytes: number
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100

export async function sampleProcess (pid: number): Promise<ProcSample> {
  const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')])
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 'NaN') * 1024
  return { cpuSeconds: (utime + stime) / CLOCK_TICKS, peakRssBytes: kib('VmHWM'), rssBytes: kib('VmRSS') }
}
