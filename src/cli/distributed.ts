/**
 * `sqs-connect distributed WORKER.properties`: one worker of a cluster. Connectors are created over REST on any
 * worker and live in the config topic; the group coordinator tells each worker what to run.
 */
import type { RestServer } from '../rest/rest-server.ts'
import { loadConfigFile } from '../runtime/config-files.ts'
import { ClusterMember } from '../runtime/distributed/cluster-member.ts'
import { parseDistributedConfig } from '../runtime/distributed/distributed-config.ts'
import { DistributedHerder } from '../runtime/distributed/distributed-herder.ts'
import { createGroupMembership } from '../runtime/distributed/group-membership.ts'
import { ensureInternalTopics } from '../runtime/distributed/internal-topics.ts'
import { createLogger, type Logger } from '../runtime/logging.ts'
import { parseRestWorkerConfig } from '../runtime/rest-worker-config.ts'
import { parseWorkerConfig } from '../runtime/worker-config.ts'
import { Worker } from '../runtime/worker.ts'
import { builtInPlugins } from './plugins.ts'
import { startRestApi } from './rest-api.ts'
import { runWorkerProcess } from './worker-process.ts'

export interface DistributedHandle {
  readonly worker: Worker
  readonly herder: DistributedHerder
  readonly urls: readonly string[]
  readonly stopped: Promise<void>
  stop (): Promise<void>
}

/** Checks the properties, creates the internal topics when missing, starts the REST API, then joins the group. SIGTERM/SIGINT leave the group and stop. */
export async function runDistributed (workerFile: string, logger: Logger = createLogger()): Promise<DistributedHandle> {
  const given = await loadConfigFile(workerFile)
  const workerConfig = parseWorkerConfig(given)
  const distributed = parseDistributedConfig(workerConfig.raw)
  await ensureInternalTopics(workerConfig.bootstrapServers, distributed, logger)
  const plugins = builtInPlugins()
  const worker = new Worker({ config: workerConfig, plugins, logger })
  let workerUrl = ''
  const member: ClusterMember = new ClusterMember({
    worker, workerConfig, distributed, plugins, logger, createMembership: createGroupMembership,
    workerUrl: () => workerUrl, workerId: (): string => herder.workerId
  })
  const herder: DistributedHerder = new DistributedHerder({ member, worker, workerConfig, plugins, logger })
  let rest: RestServer | undefined
  const lifecycle = runWorkerProcess({
    logger,
    stoppingMessage: 'Stopping: leaving the group, finishing in-flight records and releasing held messages',
    // Leaving the group first hands this worker's work to the others; the REST API answers until then.
    closers: [
      { name: 'herder', close: async () => { await herder.stop() } },
      { name: 'REST API', close: async () => { await rest?.close() } }
    ]
  })
  try {
    rest = await startRestApi({ workerConfig, herder, plugins, logger, started: lifecycle.started, metricsText: async () => await worker.metricsText() })
    const settings = parseRestWorkerConfig(workerConfig.raw)
    const scheme = settings.advertisedListener ?? (rest.urls.some((u) => u.startsWith('http:')) ? 'http' : 'https')
    workerUrl = `${scheme}://${herder.workerId}/`
    await member.start()
  } catch (error) {
    await lifecycle.stop()
    throw error
  }
  lifecycle.markStarted()
  logger.info({ groupId: distributed.groupId, url: workerUrl }, 'Distributed worker started')
  return { worker, herder, urls: rest.urls, stopped: lifecycle.stopped, stop: lifecycle.stop }
}
