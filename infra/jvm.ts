/** Running the JVM: which java, the classpath of a cached lib dir, and short-lived tool invocations. */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SqsConnectError, ErrorCodes } from '../src/errors.ts'

const run = promisify(execFile)

/** The java binary: $JAVA_HOME/bin/java when set (e.g. to try Temurin 25), else java on PATH. */
export function javaBinary (): string {
  const home = process.env.JAVA_HOME
  return home !== undefined && home !== '' ? join(home, 'bin', 'java') : 'java'
}

/** A classpath of every jar in `libDir`; java expands the trailing `*` itself. */
export function classpath (libDir: string): string {
  return join(libDir, '*')
}

/** JVM flags for one-shot tools: C1 only and a serial GC start about a second faster. */
export const TOOL_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m', '-Djava.awt.headless=true']

/** Runs a short-lived Java main class and returns its stdout; fails with the tool's output. */
export async function runJavaTool (name: string, args: string[], timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await run(javaBinary(), args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const detail = error as { stdout?: string, stderr?: string }
    throw new SqsConnectError(ErrorCodes.INFRA_FAILED, `${name} failed: ${detail.stderr ?? ''}${detail.stdout ?? ''}`.trim(), { subject: name, cause: error })
  }
}

/**
 * A log4j2 .properties config for Kafka's JVMs (the 4.x scripts' log4j2.yaml would need jackson-dataformat-yaml
 * wiring): INFO to the console, AbstractConfig's full config dump (~2000 lines a start) at WARN, plus `extra` lines.
 */
export function kafkaLog4j2 (extra = ''): string {
  return `status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
${extra}`
}
