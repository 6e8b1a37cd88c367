/**
 * The three SQS calls of the hot path, behind one interface with two implementations: the AWS SDK client
 * (SdkHotPath, here) and the lean wire client (wire/wire-client.ts), chosen by `sqs.client`. Both take the SDK's
 * input shapes and give the SDK's output shapes and error shapes, so everything downstream is the same.
 */
import {
  ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand,
  type ChangeMessageVisibilityBatchRequest, type ChangeMessageVisibilityBatchResult, type DeleteMessageBatchRequest,
  type DeleteMessageBatchResult, type ReceiveMessageRequest, type ReceiveMessageResult, type SQSClient
} from '@aws-sdk/client-sqs'
import { verifyBodyDigests } from './body-md5.ts'
import { sendCommand } from './command-handlers.ts'

export interface SqsHotPath {
  /** Checks each body against its MD5OfBody, as the SDK's middleware would (body-md5.ts). */
  receiveMessage: (input: ReceiveMessageRequest, abortSignal?: AbortSignal) => Promise<ReceiveMessageResult>
  deleteMessageBatch: (input: DeleteMessageBatchRequest, abortSignal?: AbortSignal) => Promise<DeleteMessageBatchResult>
  changeMessageVisibilityBatch: (input: ChangeMessageVisibilityBatchRequest, abortSignal?: AbortSignal) => Promise<ChangeMessageVisibilityBatchResult>
}

/** The hot path through the AWS SDK client (sqs.client=sdk); also serves a test's fake client with a send(). */
export class SdkHotPath implements SqsHotPath {
  readonly #client: SQSClient

  constructor (client: Pick<SQSClient, 'send'>) {
    this.#client = client as SQSClient
  }

  async receiveMessage (input: ReceiveMessageRequest, abortSignal?: AbortSignal): Promise<ReceiveMessageResult> {
    const answer = await sendCommand<ReceiveMessageResult>(this.#client, new ReceiveMessageCommand(input), abortSignal)
    if (answer.Messages !== undefined) verifyBodyDigests(answer.Messages)
    return answer
  }

  async deleteMessageBatch (input: DeleteMessageBatchRequest, abortSignal?: AbortSignal): Promise<DeleteMessageBatchResult> {
    return await sendCommand<DeleteMessageBatchResult>(this.#client, new DeleteMessageBatchCommand(input), abortSignal)
  }

  async changeMessageVisibilityBatch (input: ChangeMessageVisibilityBatchRequest, abortSignal?: AbortSignal): Promise<ChangeMessageVisibilityBatchResult> {
    return await sendCommand<ChangeMessageVisibilityBatchResult>(this.#client, new ChangeMessageVisibilityBatchCommand(input), abortSignal)
  }
}
