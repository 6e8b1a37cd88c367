/** Kafka Connect 4.4.0's own KafkaConfigBackingStore and KafkaStatusBackingStore, reading the topics our workers wrote. */
import { execFile } from 'node:child_process'
import { delimiter } from 'node:path'
import { promisify } from 'node:util'
import { classpath, javaBinary, TOOL_JVM_FLAGS } from '../../../infra/jvm.ts'
import { ensureMavenLib } from '../../../infra/maven.ts'
import { compiledJava } from './java-compile.ts'
import type { ClusterSettings } from './distributed.ts'

const run = promisify(execFile)

/** What Connect's stores understood, as `fact -> value` lines (see test/java/ConnectStoresReader.java). */
export async function readWithConnectStores (s: ClusterSettings): Promise<Map<string, string>> {
  const lib = await ensureMavenLib('connect-worker')
  const classes = await compiledJava({ name: 'connect-stores-reader', sources: ['ConnectStoresReader.java'], lib, marker: 'ConnectStoresReader.class' })
  const { stdout } = await run(javaBinary(), [...TOOL_JVM_FLAGS, '-cp', [classes, classpath(lib)].join(delimiter), 'ConnectStoresReader', s.bootstrap, s.groupId, s.configTopic, s.offsetTopic, s.statusTopic],
  { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 })
  const facts = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const tab = line.indexOf('\t')
    if (tab > 0 && /^(connector|task|status|inconsistent)\b/.test(line)) facts.set(line.slice(0, tab), line.slice(tab + 1))
  }
  return facts
}


