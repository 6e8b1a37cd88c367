/**
 * Debian tools the helper servers run (squid, tinyproxy, stunnel, openssl, htpasswd), found on PATH or in the
 * sbin folders a non-login shell may leave out, and a way to run one to completion.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { ErrorCodes, SqsConnectError } from '../src/errors.ts'

const exec = promisify(execFile)

/** The Debian package of each tool, for the error that says what to install. */
const PACKAGES: Readonly<Record<string, string>> = {
  squid: 'squid',
  tinyproxy: 'tinyproxy',
  stunnel4: 'stunnel4',
  stunnel: 'stunnel4',
  openssl: 'openssl',
  htpasswd: 'apache2-utils'
}

/** The absolute path of a tool, or an INFRA_FAILED error naming the apt package to install. */
export function findTool (name: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'].filter((dir) => dir !== '')
  for (const dir of dirs) {
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch { /* next */ }
  }
  throw new SqsConnectError(ErrorCodes.INFRA_FAILED,
    `${name} is not installed: apt-get install -y ${PACKAGES[name] ?? name} (the test infra runs it as a local helper server)`, { subject: name })
}

/** Runs a tool to completion; on failure the error carries its output. */
export async function runTool (name: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await exec(findTool(name), args, { cwd, maxBuffer: 4 * 1024 * 1024 })
    return `${stdout}${stderr}`
  } catch (error) {
    if (error instanceof SqsConnectError) throw error
    const detail = error as { stdout?: string, stderr?: string, message?: string }
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `${name} ${args[0] ?? ''} failed: ${`${detail.stderr ?? ''}${detail.stdout ?? ''}`.trim() || String(detail.message)}`,
      { subject: name, cause: error })
  }
}
