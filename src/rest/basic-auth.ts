/**
 * HTTP basic authentication as Connect's BasicAuthSecurityRestExtension with its PropertyFileLoginModule does it:
 * a properties file of `user=password` lines, read once at start-up; an empty file lets every request through.
 * The JAAS file that names it is found through -Djava.security.auth.login.config in KAFKA_OPTS, as users start Connect.
 */
import { readFileSync } from 'node:fs'
import { timingSafeEqual, createHash } from 'node:crypto'
import { parse as parseProperties } from 'dot-properties'
import { configError } from '../errors.ts'

export const PROPERTY_FILE_LOGIN_MODULE = 'org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule'
/** The JAAS entry the extension reads. */
const CONNECT_LOGIN_ENTRY = 'KafkaConnect'

/** The path given by -Djava.security.auth.login.config=... in a JVM options string (KAFKA_OPTS), if any. */
export function jaasConfigPath (jvmOptions: string | undefined): string | undefined {
  const match = /(?:^|\s)-Djava\.security\.auth\.login\.config==?(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(jvmOptions ?? '')
  return match === null ? undefined : match[1] ?? match[2] ?? match[3]
}

export interface JaasModule {
  readonly className: string
  readonly flag: string
  readonly options: Readonly<Record<string, string>>
}

/** Parses a JAAS configuration (entries `Name { module flag key="value" ...; };`), comments allowed. */
export function parseJaas (text: string, source: string): Map<string, JaasModule[]> {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1').replace(/^\s*#.*$/gm, '')
  const entries = new Map<string, JaasModule[]>()
  const entry = /([\w.-]+)\s*\{([\s\S]*?)\}\s*;/g
  let m: RegExpExecArray | null
  while ((m = entry.exec(clean)) !== null) {
    const modules: JaasModule[] = []
    for (const part of m[2]!.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      const head = /^([\w.$]+)\s+(required|requisite|sufficient|optional)\b([\s\S]*)$/i.exec(part)
      if (head === null) throw configError(source, `${source}: cannot read the JAAS login module "${part.slice(0, 80)}" of entry ${m[1]!}`)
      const options: Record<string, string> = {}
      for (const o of head[3]!.matchAll(/([\w.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) options[o[1]!] = o[2] !== undefined ? o[2].replace(/\\(.)/g, '$1') : o[3]!
      modules.push({ className: head[1]!, flag: head[2]!.toLowerCase(), options })
    }
    entries.set(m[1]!, modules)
  }
  return entries
}

function readText (property: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw configError(property, `Cannot read ${path} (named by ${property}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

/** The credentials file named by the KafkaConnect entry of the JAAS file in KAFKA_OPTS; `property` names what asked for it. */
export function credentialsFileFromJaas (jvmOptions: string | undefined, property: string): string {
  const path = jaasConfigPath(jvmOptions)
  if (path === undefined) {
    throw configError(property, `${property} names the basic-auth extension, but KAFKA_OPTS has no -Djava.security.auth.login.config=<JAAS file> ` +
      `with a ${CONNECT_LOGIN_ENTRY} entry (or set sqsconnect.rest.basic.auth.credentials.file instead)`)
  }
  const modules = parseJaas(readText('java.security.auth.login.config', path), path).get(CONNECT_LOGIN_ENTRY)
  if (modules === undefined || modules.length === 0) throw configError(property, `The JAAS file ${path} has no ${CONNECT_LOGIN_ENTRY} entry, which the basic-auth extension needs`)
  const other = modules.find((m) => m.className !== PROPERTY_FILE_LOGIN_MODULE)
  if (other !== undefined) throw configError(property, `The JAAS file ${path} uses the login module ${other.className}; sqs-connect knows only ${PROPERTY_FILE_LOGIN_MODULE}`)
  const file = modules[0]!.options.file
  if (file === undefined || file.trim() === '') throw configError(property, `The ${CONNECT_LOGIN_ENTRY} entry of ${path}: Property Credentials file must be specified (file="...")`)
  return file
}

/** Digests of equal length, so comparing them takes the same time whatever the password. */
function digest (text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/**
 * An authenticator over the credentials file: true for a Basic header whose user is in the file with that
 * password (compared in constant time), or for any request when the file is empty (Connect's rule).
 */
export function basicAuthenticator (credentialsFile: string, property: string): (authorization: string | undefined) => boolean {
  const users = new Map(Object.entries(parseProperties(readText(property, credentialsFile)) as Record<string, string>).map(([user, password]) => [user, digest(password)]))
  if (users.size === 0) return () => true
  const unknownUser = digest('')
  return (authorization) => {
    const credentials = parseBasic(authorization)
    if (credentials === undefined) return false
    const expected = users.get(credentials.user)
    // The comparison runs for an unknown user too, so timing does not tell which users exist.
    const same = timingSafeEqual(expected ?? unknownUser, digest(credentials.password))
    return expected !== undefined && same
  }
}

/** `Basic base64(user:password)`, the scheme case-insensitive; undefined when malformed, as Connect's parser. */
export function parseBasic (authorization: string | undefined): { user: string, password: string } | undefined {
  if (authorization === undefined) return undefined
  const space = authorization.indexOf(' ')
  if (space <= 0 || authorization.slice(0, space).toLowerCase() !== 'basic') return undefined
  const encoded = authorization.slice(space + 1)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
