/** What a queue URL tells about where and how to call SQS. */
import { configError } from '../../errors.ts'

export interface QueueLocation {
  /** The region the URL names, if it is an AWS host. */
  readonly region?: string
  /** An explicit endpoint for hosts that are not AWS (local servers, proxies in front of SQS). */
  readonly endpoint?: string
  readonly queueName: string
  readonly fifo: boolean
}

const AWS_HOST = /^(?:sqs(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|api\.aws)|([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?|queue\.amazonaws\.com|vpce-[a-z0-9-]+\.sqs\.([a-z0-9-]+)\.vpce\.amazonaws\.com)$/

/** Parses `sqs.url`; a URL whose host is not AWS becomes the endpoint, so local servers work as they are. */
export function locateQueue (queueUrl: string): QueueLocation {
  let url: URL
  try {
    url = new URL(queueUrl)
  } catch {
    throw configError('sqs.url', `Invalid value ${queueUrl} for configuration sqs.url: not a URL (expected e.g. https://sqs.us-east-1.amazonaws.com/123456789012/my-queue)`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError('sqs.url', `Invalid value ${queueUrl} for configuration sqs.url: the scheme must be https or http`)
  }
  const queueName = url.pathname.split('/').filter((p) => p !== '').at(-1)
  if (queueName === undefined) {
    throw configError('sqs.url', `Invalid value ${queueUrl} for configuration sqs.url: the URL names no queue (expected .../<account>/<queue-name>)`)
  }
  const fifo = queueName.endsWith('.fifo')
  const match = AWS_HOST.exec(url.hostname)
  if (match !== null) {
    const region = match[1] ?? match[2] ?? match[3] ?? 'us-east-1'
    return { region, queueName, fifo }
  }
  return { endpoint: url.origin, queueName, fifo }
}
