/**
 * `node --import tsx bench/idle-rss.ts [--rounds 5] [--settle-ms 3000] [--variant NAME=CHECKOUT[?FLAGS]]...`: the
 * resident memory of an idle standalone worker (no connector), for docs/performance.md "Memory". Each variant's
 * bin/sqs-connect.js starts as its shebang runs it (plus FLAGS, space-separated, e.g. `?--max-semi-space-size=1`),
 * against the Kafka of `npm run infra -- up` (or one started here); once it logs "Standalone worker started" and
 * `--settle-ms` has passed, VmRSS, the CPU seconds so far and the time to that line are taken, then it is stopped.
 * Variants alternate order between rounds; the medians are printed. Default variant: this checkout as `current`.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { currentRunDir, provision, readInfraEnv, startInfra } from '../infra/index.ts'
import { projectRoot } from '../infra/paths.ts'
import { livePids, SERVICES } from '../infra/run-state.ts'
import { binCommand } from '../infra/sqs-connect-bin.ts'
import { sampleProcess } from './profile/proc-stats.ts'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, 'settle-ms': { type: 'string', default: '3000' }, variant: { type: 'string', multiple: true } } })
const variants = (values.variant ?? [`current=${projectRoot}`]).map((v) => {
  const equals = v.indexOf('=')
  if (equals <= 0) throw new Error(`--variant NAME=CHECKOUT[?FLAGS], not ${v}`)
  const [dir = '', flags = ''] = v.slice(equals + 1).split('?', 2)
  return { name: v.slice(0, equals), bin: join(resolve(dir), 'bin', 'sqs-connect.js'), flags: flags.split(' ').filter((f) => f !== '') }
})

interface Sample { rssMiB: number, cpuSeconds: number, readySeconds: number }

async function idleSample (bin: string, flags: readonly string[], workerFile: string): Promise<Sample> {
  const command = binCommand(['standalone', workerFile], { bin, extraNodeFlags: flags })
  const started = performance.now()
  const child = spawn(process.execPath, command.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...command.env, SQS_CONNECT_LOG_LEVEL: 'info' } })
  let output = ''
  child.stdout.on('data', (d: Buffer) => { output += d.toString() })
  child.stderr.on('data', (d: Buffer) => { output += d.toString() })
  try {
    while (!output.includes('Standalone worker started')) {
      if (child.exitCode !== null) throw new Error(`${bin} exited (${child.exitCode}):\n${output.slice(-2000)}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const readySeconds = (performance.now() - started) / 1000
    await new Promise((resolve) => setTimeout(resolve, Number(values['settle-ms'])))
    const s = await sampleProcess(child.pid as number)
    return { rssMiB: s.rssBytes / 1024 / 1024, cpuSeconds: s.cpuSeconds, readySeconds }
  } finally {
    child.kill('SIGTERM')
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] as number : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

const reused = Object.keys(await livePids(currentRunDir)).length === SERVICES.length ? await readInfraEnv() : undefined
if (reused === undefined) await provision()
const infra = reused !== undefined ? { env: reused, stop: async () => {} } : await startInfra({ log: (line) => console.error(line) })
const dir = await mkdtemp(join(tmpdir(), 'sqsc-idle-'))
try {
  const workerFile = join(dir, 'worker.properties')
  await writeFile(workerFile, [`bootstrap.servers=${infra.env.kafkaBootstrap}`, 'listeners=http://127.0.0.1:0', `offset.storage.file.filename=${join(dir, 'offsets')}`,
    'key.converter=org.apache.kafka.connect.json.JsonConverter', 'value.converter=org.apache.kafka.connect.json.JsonConverter'].join('\n') + '\n')
  const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]))
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const v of round % 2 === 0 ? [...variants].reverse() : variants) {
      const s = await idleSample(v.bin, v.flags, workerFile)
      samples.get(v.name)?.push(s)
      console.error(JSON.stringify({ round, variant: v.name, ...s }))
    }
  }
  console.log('| variant | idle RSS MiB (median) | start to "worker started" s | CPU s at start |\n| --- | ---: | ---: | ---: |')
  for (const [name, xs] of samples) {
    console.log(`| ${name} | ${median(xs.map((x) => x.rssMiB)).toFixed(1)} | ${median(xs.map((x) => x.readySeconds)).toFixed(2)} | ${median(xs.map((x) => x.cpuSeconds)).toFixed(2)} |`)
  }
} finally {
  await rm(dir, { recursive: true, force: true })
  await infra.stop()
}
