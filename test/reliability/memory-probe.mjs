// Preloaded into a worker under test (NODE_OPTIONS=--import=<this file>) by the reliability suite: appends the
// process's own memory figures as JSON lines to $SQS_CONNECT_MEMORY_SAMPLES every $SQS_CONNECT_MEMORY_SAMPLE_MS.
import { appendFileSync } from 'node:fs'
import process from 'node:process'
import { setInterval } from 'node:timers'

const file = process.env.SQS_CONNECT_MEMORY_SAMPLES
const everyMs = Number(process.env.SQS_CONNECT_MEMORY_SAMPLE_MS ?? '10000')

if (file !== undefined && file !== '') {
  const sample = () => {
    const m = process.memoryUsage()
    appendFileSync(file, JSON.stringify({ t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }) + '\n')
  }
  sample()
  setInterval(sample, everyMs).unref()
}
