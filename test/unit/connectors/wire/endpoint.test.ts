/**
 * The wire client calls the endpoint the SDK client of the same task calls for the same ReceiveMessage: the
 * configured endpoint, or (the SDK's useQueueUrlAsEndpoint) the queue URL's origin whatever its rules resolved;
 * and both sign for the same region.
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { parseSqsSourceConfig } from '../../../../src/connectors/sqs/config.ts'
import { locateQueue } from '../../../../src/connectors/sqs/queue-url.ts'
import { createSqsClients, resolveRegion } from '../../../../src/connectors/sqs/sqs-client.ts'
import { WireClient } from '../../../../src/connectors/sqs/wire/wire-client.ts'

/** Where the SDK client sends a ReceiveMessage: captured by a request handler that answers nothing. */
async function sdkTarget (client: SQSClient, queueUrl: string): Promise<{ url: string, signingRegion: string | undefined }> {
  let url = ''
  let authorization = ''
  client.config.requestHandler = {
    handle: async (request: { protocol: string, hostname: string, port?: number, path: string, headers: Record<string, string> }) => {
      url = `${request.protocol}//${request.hostname}${request.port === undefined ? '' : `:${request.port}`}${request.path}`
      authorization = request.headers.authorization ?? ''
      throw new Error('captured')
    }
  } as unknown as typeof client.config.requestHandler
  await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl })).catch(() => undefined)
  return { url, signingRegion: /Credential=[^/]+\/\d{8}\/([^/]+)\/sqs\//.exec(authorization)?.[1] }
}

const savedFips = process.env.AWS_USE_FIPS_ENDPOINT
after(() => {
  if (savedFips === undefined) delete process.env.AWS_USE_FIPS_ENDPOINT
  else process.env.AWS_USE_FIPS_ENDPOINT = savedFips
})

const CASES: ReadonlyArray<[string, Record<string, string>, boolean?]> = [
  ['an AWS queue URL', { 'sqs.url': 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders' }],
  ['a legacy queue.amazonaws.com URL', { 'sqs.url': 'https://queue.amazonaws.com/123456789012/orders' }],
  ['an AWS queue URL with sqs.region of another region', { 'sqs.url': 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', 'sqs.region': 'us-west-2' }],
  ['a VPC endpoint in sqs.endpoint.url', { 'sqs.url': 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', 'sqs.endpoint.url': 'https://vpce-1a2b3c4d.sqs.eu-west-1.vpce.amazonaws.com' }],
  ['a local server', { 'sqs.url': 'http://127.0.0.1:9324/000000000000/orders' }],
  ['FIPS from AWS_USE_FIPS_ENDPOINT', { 'sqs.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' }, true]
]

for (const [label, props, fips] of CASES) {
  test(`the SDK's endpoint: ${label}`, async () => {
    if (fips === true) process.env.AWS_USE_FIPS_ENDPOINT = 'true'
    else delete process.env.AWS_USE_FIPS_ENDPOINT
    const config = parseSqsSourceConfig({ 'kafka.topic': 't', 'aws.access.key.id': 'a', 'aws.secret.key.id': 'b', ...props })
    const clients = await createSqsClients(config, locateQueue(config.queueUrl))
    try {
      assert.ok(clients.hotPath instanceof WireClient)
      const theirs = await sdkTarget(clients.sdk, config.queueUrl)
      assert.notEqual(theirs.url, '')
      assert.equal(clients.hotPath.endpoint.href, new URL(theirs.url).href)
      // The wire client signs for the resolved region; so does the SDK.
      assert.equal(theirs.signingRegion, resolveRegion(config, locateQueue(config.queueUrl)))
    } finally {
      clients.sdk.destroy()
    }
  })
}
