/**
 * Real forward proxies with basic auth for the proxy tests: squid (answers a wrong password with 407) and
 * tinyproxy (answers it with 401), each on a free loopback port, in the foreground, in its own process group,
 * with an access log that shows every CONNECT and the user who made it.
 */
import { execFile } from 'node:child_process'
import { chown, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { ErrorCodes, SqsConnectError } from '../src/errors.ts'
import { freePorts, LOOPBACK } from './ports.ts'
import { ManagedProcess } from './process.ts'
import { waitUntilReady } from './readiness.ts'
import { SideRun } from './side-run.ts'
import { findTool, runTool } from './system-tools.ts'

export type ForwardProxyKind = 'squid' | 'tinyproxy'

export interface ForwardProxyOptions {
  kind: ForwardProxyKind
  /** The one user the proxy accepts (basic auth). */
  user: string
  password: string
  /** Ports a CONNECT may go to; other ports are refused (403). Empty or absent: any port. */
  connectPorts?: number[]
  log?: (line: string) => void
}

export interface ForwardProxy {
  readonly kind: ForwardProxyKind
  readonly port: number
  /** http://127.0.0.1:<port>, without credentials. */
  readonly url: string
  /** The file where the proxy logs each request (squid: access.log; tinyproxy: its log at level Connect). */
  readonly accessLogFile: string
  /** The access log so far. */
  accessLog: () => Promise<string>
  /** Stops the proxy and removes its files; idempotent. */
  stop: () => Promise<void>
}

const READY_TIMEOUT_MS = 30_000
const STOP_GRACE_MS = 5_000
/** squid's helper that checks basic auth against an htpasswd file (Debian's path). */
const SQUID_BASIC_AUTH = '/usr/lib/squid/basic_ncsa_auth'
const BIND_FAILED = /Address already in use|Cannot bind socket|Could not create listening sockets/

/** True when the proxy answers a CONNECT (to a port it allows) without credentials with 407, as a proxy with basic auth must. */
async function asksForLogin (port: number, target: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port }, () => socket.write(`CONNECT ${LOOPBACK}:${target} HTTP/1.1\r\nHost: ${LOOPBACK}:${target}\r\n\r\n`))
    let reply = ''
    socket.setTimeout(2000, () => socket.destroy())
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1')
      if (reply.includes('\r\n')) socket.destroy()
    })
    socket.on('error', () => resolve(false))
    socket.on('close', () => resolve(/^HTTP\/1\.[01] 407/.test(reply)))
  })
}

/** True when every folder from `dir` up to / can be entered by other users (squid's user must reach its files). */
async function othersCanReach (dir: string): Promise<boolean> {
  for (let current = dir; ; current = dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) return false
    if (dirname(current) === current) return true
  }
}

async function userIds (name: string): Promise<{ uid: number, gid: number }> {
  const run = promisify(execFile)
  const uid = Number.parseInt((await run('id', ['-u', name])).stdout, 10)
  const gid = Number.parseInt((await run('id', ['-g', name])).stdout, 10)
  return { uid, gid }
}

interface Layout { command: string, args: string[], accessLogFile: string, marker: string }

/** squid's folder, config and password file; as root squid drops to user `proxy`, which must own its folder. */
async function prepareSquid (run: SideRun, port: number, opts: ForwardProxyOptions, log: (line: string) => void): Promise<Layout> {
  const root = process.getuid?.() === 0
  let dir = join(run.dir, 'squid')
  if (root && !await othersCanReach(run.dir)) {
    dir = await mkdtemp(join(tmpdir(), 'sqs-connect-squid-'))
    await run.trackDir(dir)
    log(`squid: ${run.dir} is out of reach of user proxy; using ${dir}`)
  }
  await mkdir(dir, { recursive: true })
  const htpasswd = join(dir, 'htpasswd')
  await runTool('htpasswd', ['-bc', htpasswd, opts.user, opts.password], dir)
  const config = join(dir, `squid-${port}.conf`)
  const accessLogFile = join(dir, 'access.log')
  const ports = opts.connectPorts ?? []
  await writeFile(config, [
    `http_port ${LOOPBACK}:${port}`,
    `pid_filename ${join(dir, 'squid.pid')}`,
    `access_log stdio:${accessLogFile} squid`,
    `cache_log ${join(dir, 'cache.log')}`,
    'cache_store_log none', 'netdb_filename none', 'logfile_rotate 0', `coredump_dir ${dir}`,
    'cache deny all', 'cache_mem 8 MB', 'pinger_enable off', 'shutdown_lifetime 1 seconds',
    `auth_param basic program ${SQUID_BASIC_AUTH} ${htpasswd}`,
    'auth_param basic children 2', 'auth_param basic realm sqs-connect-test',
    'acl authed proxy_auth REQUIRED',
    'acl CONNECT method CONNECT',
    ...(ports.length > 0 ? [`acl allowed_ports port ${ports.join(' ')}`, 'http_access deny CONNECT !allowed_ports'] : []),
    'http_access allow localhost authed',
    'http_access deny all', ''
  ].join('\n'))
  if (root) {
    const { uid, gid } = await userIds('proxy')
    for (const file of [dir, htpasswd, config]) await chown(file, uid, gid)
  }
  return { command: findTool('squid'), args: ['-N', '-d', '1', '-f', config], accessLogFile, marker: config }
}

/** tinyproxy's config: its BasicAuth line takes the password as a bare word, hence the plain alphabet. */
async function prepareTinyproxy (run: SideRun, port: number, opts: ForwardProxyOptions): Promise<Layout> {
  if (!/^[A-Za-z0-9._-]+$/.test(opts.user) || !/^[A-Za-z0-9._-]+$/.test(opts.password)) {
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, 'tinyproxy needs a user and password of letters, digits, ".", "_" and "-"', { subject: 'tinyproxy' })
  }
  const config = join(run.dir, `tinyproxy-${port}.conf`)
  const accessLogFile = join(run.dir, 'tinyproxy.log')
  await writeFile(config, [
    `Port ${port}`, `Listen ${LOOPBACK}`, 'Timeout 60', `Allow ${LOOPBACK}`,
    `BasicAuth ${opts.user} ${opts.password}`,
    // With no ConnectPort line, CONNECT may go to any port.
    ...(opts.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    `LogFile "${accessLogFile}"`, 'LogLevel Connect', `PidFile "${join(run.dir, 'tinyproxy.pid')}"`, ''
  ].join('\n'))
  return { command: findTool('tinyproxy'), args: ['-d', '-c', config], accessLogFile, marker: config }
}

/** Starts squid or tinyproxy on a free loopback port; resolves when it asks a CONNECT without credentials to log in. */
export async function startForwardProxy (opts: ForwardProxyOptions): Promise<ForwardProxy> {
  const log = opts.log ?? ((): void => {})
  const run = await SideRun.create(opts.kind, log)
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1) as [number]
    let proc: ManagedProcess | undefined
    let layout: Layout | undefined
    try {
      layout = opts.kind === 'squid' ? await prepareSquid(run, port, opts, log) : await prepareTinyproxy(run, port, opts)
      proc = new ManagedProcess({ name: opts.kind, command: layout.command, args: layout.args, cwd: run.dir, logFile: join(run.dir, `${opts.kind}.out`), pidFile: join(run.dir, `${opts.kind}-process.pid`) })
      await run.track(proc.spec.pidFile, layout.marker)
      proc.start()
      const started = proc
      await waitUntilReady(started, async () => await asksForLogin(port, opts.connectPorts?.[0] ?? 9), { timeoutMs: READY_TIMEOUT_MS, fatal: BIND_FAILED, log })
    } catch (error) {
      await proc?.kill()
      if (!BIND_FAILED.test(String((error as Error).message)) || attempt >= 3) {
        await run.remove()
        throw error
      }
      continue
    }
    log(`${opts.kind} ready on http://${LOOPBACK}:${port} (pid ${proc.pid ?? '?'})`)
    return runningProxy(opts.kind, port, layout.accessLogFile, proc, run)
  }
}

function runningProxy (kind: ForwardProxyKind, port: number, accessLogFile: string, proc: ManagedProcess, run: SideRun): ForwardProxy {
  let stopping: Promise<void> | undefined
  return {
    kind,
    port,
    url: `http://${LOOPBACK}:${port}`,
    accessLogFile,
    accessLog: async () => await readFile(accessLogFile, 'utf8').catch(() => ''),
    stop: () => {
      stopping ??= proc.stop(STOP_GRACE_MS).then(async () => { await run.remove() })
      return stopping
    }
  }
}
