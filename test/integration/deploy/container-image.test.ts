/**
 * deploy/Dockerfile without Docker: parsed by BuildKit's own parser and linter (through manifest-check),
 * checked for pinned bases, a non-root final stage and a minimal file set, and its build simulated in a temp
 * dir: the files its COPY lines copy (after .dockerignore), its `npm ci` run offline from the npm cache, the
 * bundle built in the build stage and found fresh (not rebuilt) by the entrypoint of the runtime stage, which runs
 * with the bin's node flags. The HEALTHCHECK command is run against a real /health.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ensureManifestCheck } from '../../../infra/k8s-tools.ts'
import { projectRoot } from '../../../infra/paths.ts'
import { binLaunch } from '../../../infra/sqs-connect-bin.ts'
import { removeScratch, runTool, scratchFile } from '../support/deploy.ts'
import { dockerfileProblems, dockerignoreAllows, type DockerStage } from '../support/dockerfile-rules.ts'

const DOCKERFILE = join(projectRoot, 'deploy', 'Dockerfile')
let stages: DockerStage[]
let work: string

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sqs-connect-image-'))
})
after(async () => {
  await rm(work, { recursive: true, force: true })
  await removeScratch()
})

async function parse (file: string): Promise<{ ok: boolean, stages: DockerStage[], problems: string }> {
  const { binary } = await ensureManifestCheck()
  const result = await runTool(binary, ['dockerfile', file])
  return { ok: result.ok, stages: result.stdout.trim() === '' ? [] : JSON.parse(result.stdout) as DockerStage[], problems: result.stderr }
}

test('BuildKit parses and lints deploy/Dockerfile without a warning; the rules hold', async () => {
  const parsed = await parse(DOCKERFILE)
  assert.ok(parsed.ok, parsed.problems)
  stages = parsed.stages
  assert.deepEqual(stages.map((s) => s.name), ['build', 'runtime'])
  assert.deepEqual(dockerfileProblems(stages), [])
  const final = stages[1] as DockerStage
  assert.equal(final.user, '1000:1000')
  assert.deepEqual(final.expose, ['8083'])
  // The container runs the process a user gets from the bin's shebang: the same node flags and environment.
  const launch = binLaunch()
  assert.deepEqual(final.entrypoint, ['node', ...launch.nodeFlags, 'bin/sqs-connect.js'])
  for (const [name, value] of Object.entries(launch.env)) assert.ok(final.env.includes(`${name}=${value}`), `ENV ${name}=${value}`)
  assert.deepEqual(final.cmd, ['distributed', '/etc/sqs-connect/worker.properties'])
  assert.equal(final.healthcheck?.[0], 'CMD')
  assert.deepEqual(final.copies.map((c) => [c.from ?? '', c.sources.join(' '), c.dest]),
    [['build', '/app/node_modules', './node_modules'], ['', 'package.json package-lock.json tsconfig.json', './'], ['', 'bin', './bin'], ['', 'src', './src']])
})

test('the rules catch what they are for: floating bases, root, ADD, copying the whole context, lint warnings', async () => {
  const bad = await scratchFile('Dockerfile', [
    'FROM node:20-slim as build', // floating tag; lowercase "as" is a BuildKit lint warning
    'COPY . .',
    'RUN npm ci',
    'FROM node:latest',
    'ADD https://example.invalid/x.tgz /x.tgz',
    'COPY --from=build /app /app',
    'USER root',
    'CMD ["node", "index.js"]'
  ].join('\n') + '\n')
  const parsed = await parse(bad)
  assert.equal(parsed.ok, false)
  assert.match(parsed.problems, /lint FromAsCasing/)
  const problems = dockerfileProblems(parsed.stages).join('\n')
  assert.match(problems, /stage build: base image node:20-slim is not pinned/)
  assert.match(problems, /stage 1: base image node:latest is not pinned/)
  assert.match(problems, /final stage runs as root/)
  assert.match(problems, /ADD/)
  assert.match(problems, /copies the whole build context/)
  const broken = await parse(await scratchFile('Dockerfile', 'FROM node:20.20.2-bookworm-slim\nCOPY only-a-source\n'))
  assert.equal(broken.ok, false)
  assert.match(broken.problems, /COPY requires at least two arguments/)
})

test('.dockerignore lets in exactly what the Dockerfile copies', async () => {
  const ignore = await readFile(join(projectRoot, '.dockerignore'), 'utf8')
  for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'bin/sqs-connect.js', 'src/cli/main.ts']) assert.ok(dockerignoreAllows(ignore, path), path)
  for (const path of ['node_modules/tsx/package.json', 'test/unit/x.test.ts', '.git/HEAD', 'infra/kafka.ts', 'deploy/Dockerfile', '.infra-run/x', 'docs/deployment.md']) {
    assert.equal(dockerignoreAllows(ignore, path), false, path)
  }
})

test('the simulated build installs production dependencies offline, builds the bundle, and the entrypoint runs it', async () => {
  if (stages === undefined) stages = (await parse(DOCKERFILE)).stages
  const [build, runtime] = stages as [DockerStage, DockerStage]
  const ignore = await readFile(join(projectRoot, '.dockerignore'), 'utf8')
  const copyFromContext = async (sources: string[], dest: string): Promise<void> => {
    for (const source of sources) {
      assert.ok(dockerignoreAllows(ignore, source), `${source} is excluded by .dockerignore`)
      await cp(join(projectRoot, source), join(dest, source), { recursive: true, filter: (from) => dockerignoreAllows(ignore, from.slice(projectRoot.length + 1)) })
    }
  }
  // Both stages work in /app: the bundle's key includes the project's path, so the simulation builds and runs
  // in the same directory too (the build stage's is moved aside before the runtime stage fills it).
  const appDir = join(work, 'app')
  const buildDir = join(work, 'build-stage')

  // Build stage: its COPY lines (the order does not matter: npm ci replaces only node_modules), then
  // `npm ci --omit=dev ...` (offline: the npm cache of this machine holds every package; `npm cache clean` is left
  // out, it would empty that shared cache) and the bundle.
  await mkdir(appDir)
  for (const c of build.copies) await copyFromContext(c.sources, appDir)
  assert.equal(build.runs.length, 2)
  const install = /^npm ci (.+?) && npm cache clean --force$/.exec(build.runs[0] as string)
  assert.ok(install !== null, build.runs[0])
  const flags = (install[1] as string).split(' ')
  assert.ok(flags.includes('--omit=dev') && flags.includes('--ignore-scripts'), flags.join(' '))
  const npm = await runTool('npm', ['ci', ...flags, '--offline'], appDir)
  assert.ok(npm.ok, npm.stdout + npm.stderr)
  const installed = await readdir(join(appDir, 'node_modules'))
  assert.ok(installed.includes('esbuild') && installed.includes('tsx') && installed.includes('@platformatic'), 'runtime dependencies are installed')
  for (const dev of ['typescript', 'eslint', 'dependency-cruiser', '@types']) assert.equal(installed.includes(dev), false, `${dev} is a dev dependency`)
  assert.equal(build.runs[1], 'node bin/bundle-cache.js')
  const bundled = await runTool(process.execPath, ['bin/bundle-cache.js'], appDir)
  assert.ok(bundled.ok, bundled.stderr)
  const bundleDir = /^built (.+)$/.exec(bundled.stdout.trim())?.[1]
  assert.ok(bundleDir !== undefined && bundleDir.startsWith(join(appDir, 'node_modules', '.cache', 'sqs-connect')), bundled.stdout)
  await rename(appDir, buildDir)

  // Runtime stage: the COPY lines, from the context or from the build stage.
  await mkdir(appDir)
  for (const c of runtime.copies) {
    if (c.from === 'build') await cp(join(buildDir, (c.sources[0] as string).replace(/^\/app\//, '')), join(appDir, c.dest), { recursive: true, verbatimSymlinks: true })
    else await copyFromContext(c.sources, appDir)
  }
  assert.deepEqual((await readdir(appDir)).sort(), ['bin', 'node_modules', 'package-lock.json', 'package.json', 'src', 'tsconfig.json'])
  const copiedAt = (await stat(join(bundleDir, 'main.js'))).mtimeMs
  const entry = runtime.entrypoint as string[]
  assert.equal(entry[0], 'node')
  const version = await runTool(process.execPath, [...entry.slice(1), '--version'], appDir)
  const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
  assert.ok(version.ok, version.stderr)
  assert.equal(version.stdout.trim(), pkg.version)
  // The bundle ran as built: no fallback to tsx, no rebuild (a rebuild would make a new main.js or a new key).
  assert.equal(version.stderr, '')
  assert.deepEqual(await readdir(join(appDir, 'node_modules', '.cache', 'sqs-connect')), [bundleDir.slice(bundleDir.lastIndexOf('/') + 1)])
  assert.equal((await stat(join(bundleDir, 'main.js'))).mtimeMs, copiedAt)
  const help = await runTool(process.execPath, [...entry.slice(1), '--help'], appDir)
  assert.ok(help.ok, help.stderr)
  assert.match(help.stdout, /^Usage:/m)
  assert.match(help.stdout, /sqs-connect standalone WORKER\.properties/)
  // A worker command reaches its own config errors, so the whole runtime module graph loads from the copy.
  const badWorker = await runTool(process.execPath, [...entry.slice(1), 'standalone', join(work, 'missing.properties')], appDir)
  assert.equal(badWorker.ok, false)
  assert.match(badWorker.stderr, /missing\.properties/)
  assert.doesNotMatch(badWorker.stderr, /tsx/)
})

test('the HEALTHCHECK command exits 0 on a 200 from /health, 1 on a 503 and 1 when nothing listens', async () => {
  if (stages === undefined) stages = (await parse(DOCKERFILE)).stages
  const check = (stages[1] as DockerStage).healthcheck as string[]
  assert.deepEqual(check.slice(0, 3), ['CMD', 'node', '-e'])
  const script = check[3] as string
  assert.match(script, /http:\/\/127\.0\.0\.1:8083\/health/)
  let status = 200
  const server = createServer((req, res) => { res.statusCode = req.url === '/health' ? status : 404; res.end('{}') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const probe = async (): Promise<number | null> => await new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script.replace('127.0.0.1:8083', `127.0.0.1:${port}`)], { stdio: 'ignore' })
    child.on('exit', (code) => resolve(code))
  })
  try {
    assert.equal(await probe(), 0)
    status = 503
    assert.equal(await probe(), 1)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
  assert.equal(await probe(), 1)
})
