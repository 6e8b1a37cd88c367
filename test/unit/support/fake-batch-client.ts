/** A stand-in SQS client for batch calls (DeleteMessageBatch, ChangeMessageVisibilityBatch): records each call's entries, answers with `respond`. */
import type { SQSClient } from '@aws-sdk/client-sqs'

export type BatchReply = { Successful?: Array<{ Id: string }>, Failed?: Array<{ Id: string, SenderFault: boolean, Code: string }> }

/** Every entry succeeded. */
export const allOk = (entries: ReadonlyArray<{ Id: string }>): BatchReply => ({ Successful: entries.map((e) => ({ Id: e.Id })) })

export function fakeBatchClient<E extends { Id: string }> (respond: (entries: E[], call: number) => BatchReply | Error = allOk): { client: SQSClient, calls: E[][] } {
  const calls: E[][] = []
  const client = {
    send: async (command: { input: { Entries: E[] } }) => {
      calls.push(command.input.Entries)
      const reply = respond(command.input.Entries, calls.length)
      if (reply instanceof Error) throw reply
      return reply
    }
  } as unknown as SQSClient
  return { client, calls }
}
