/**
 * Real servers for integration tests. `npm test` starts one Kafka + ElasticMQ for the whole run and passes
 * them in the environment; a test file run on its own starts its own.
 */
import { after } from 'node:test'
import { startInfra, type InfraEnv, type RunningInfra } from '../../../infra/index.ts'

let own: Promise<RunningInfra> | undefined

// Registered at load time, so it belongs to the file's root and runs after its last test.
after(async () => { await (await own)?.stop() })

/** Dummy AWS credentials for local servers, and no EC2 metadata probing. */
export function useLocalAwsEnv (region = 'us-east-1'): void {
  process.env.AWS_ACCESS_KEY_ID = 'local'
  process.env.AWS_SECRET_ACCESS_KEY = 'local'
  process.env.AWS_REGION = region
  process.env.AWS_EC2_METADATA_DISABLED = 'true'
}

/** The shared servers of this test run, started on first use when the runner did not provide them. */
export async function sharedServers (): Promise<InfraEnv> {
  useLocalAwsEnv()
  const kafka = process.env.SQS_CONNECT_TEST_KAFKA
  const sqs = process.env.SQS_CONNECT_TEST_SQS
  if (kafka !== undefined && sqs !== undefined) return { kafkaBootstrap: kafka, sqsEndpoint: sqs, region: 'us-east-1', accountId: '000000000000' }
  own ??= startInfra()
  return (await own).env
}

/** Servers of this test alone, for tests that stop or restart them; stopped when the calling test ends. */
export async function privateServers (): Promise<RunningInfra> {
  useLocalAwsEnv()
  const infra = await startInfra()
  after(async () => { await infra.stop() })
  return infra
}
