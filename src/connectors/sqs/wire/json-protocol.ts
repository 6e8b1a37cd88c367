/**
 * SQS's AWS JSON 1.0 protocol for the three hot-path operations: the request headers and bodies the AWS SDK sends
 * (same field order, so the same bytes), outputs shaped like the SDK's (binary attributes as Uint8Array), and
 * errors shaped like the SDK's service exceptions (name, Code, message, $fault, $metadata).
 */
import type { Message, MessageAttributeValue, ReceiveMessageRequest } from '@aws-sdk/client-sqs'
import { readJson, type LongStringListener } from './json-reader.ts'

export type HotPathOperation = 'ReceiveMessage' | 'DeleteMessageBatch' | 'ChangeMessageVisibilityBatch'

export const CONTENT_TYPE = 'application/x-amz-json-1.0'

/** The headers that say which operation a request is; SQS's query-compatibility mode is on, as the SDK asks. */
export function operationHeaders (operation: HotPathOperation): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amz-target': `AmazonSQS.${operation}`, 'x-amzn-query-mode': 'true' }
}

/** ReceiveMessage's body with its members in the SDK's order. */
export function receiveMessageBody (input: ReceiveMessageRequest): string {
  return JSON.stringify({
    QueueUrl: input.QueueUrl,
    AttributeNames: input.AttributeNames,
    MessageSystemAttributeNames: input.MessageSystemAttributeNames,
    MessageAttributeNames: input.MessageAttributeNames,
    MaxNumberOfMessages: input.MaxNumberOfMessages,
    VisibilityTimeout: input.VisibilityTimeout,
    WaitTimeSeconds: input.WaitTimeSeconds,
    ReceiveRequestAttemptId: input.ReceiveRequestAttemptId
  })
}

/** A batch call's body: QueueUrl, then the entries with their members in the SDK's order. */
export function batchBody (queueUrl: string | undefined, entries: ReadonlyArray<{ Id?: string | undefined, ReceiptHandle?: string | undefined, VisibilityTimeout?: number | undefined }> | undefined): string {
  return JSON.stringify({
    QueueUrl: queueUrl,
    Entries: entries?.map((e) => ({ Id: e.Id, ReceiptHandle: e.ReceiptHandle, VisibilityTimeout: e.VisibilityTimeout }))
  })
}

/** The SDK's $metadata of an answer. */
export interface ResponseMetadata {
  readonly httpStatusCode: number
  readonly requestId: string | undefined
  readonly extendedRequestId: string | undefined
  readonly cfId: string | undefined
  /** Always 1: the task's RetryPolicy retries, not the client. */
  readonly attempts: number
  readonly totalRetryDelay: number
  clockSkewCorrected?: boolean
}

/** Answers from this size on are read by json-reader.ts (each string decoded from its own bytes); smaller ones by JSON.parse, faster there. */
const LARGE_ANSWER = 32 * 1024

/**
 * A JSON object from a body; {} for an empty one, as the SDK reads it. For a large answer, `onLongString` hears where
 * the bytes of each long string without escapes are (json-reader.ts).
 */
export function parseBody (body: Buffer, onLongString?: LongStringListener): Record<string, unknown> {
  if (body.length === 0) return {}
  const value: unknown = body.length >= LARGE_ANSWER ? readJson(body, onLongString) : JSON.parse(body.toString('utf8'))
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {}
}

/** ReceiveMessage's answer with binary attribute values decoded from base64, as the SDK gives them. */
export function receiveMessageOutput (data: Record<string, unknown>, metadata: ResponseMetadata): { Messages?: Message[], $metadata: ResponseMetadata } {
  const messages = data.Messages as Message[] | undefined
  if (Array.isArray(messages)) {
    for (const message of messages) {
      const attributes = message.MessageAttributes
      if (attributes !== undefined) for (const name in attributes) decodeBinary(attributes[name])
    }
  }
  return messages === undefined ? { $metadata: metadata } : { Messages: messages, $metadata: metadata }
}

function decodeBinary (value: MessageAttributeValue | undefined): void {
  if (value === undefined) return
  const raw = value as { BinaryValue?: unknown, BinaryListValues?: unknown }
  if (typeof raw.BinaryValue === 'string') value.BinaryValue = fromBase64(raw.BinaryValue)
  if (Array.isArray(raw.BinaryListValues)) value.BinaryListValues = raw.BinaryListValues.map((v) => typeof v === 'string' ? fromBase64(v) : v as Uint8Array)
}

/** A Uint8Array over the decoded bytes, as the SDK's base64 decoder returns it. */
function fromBase64 (text: string): Uint8Array {
  const buffer = Buffer.from(text, 'base64')
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
