/**
 * SQSClient.send() with a per-call option (the abort signal every call of ours carries) resolves the command's whole
 * middleware stack on every call: about a twentieth of the task's CPU at full speed. This resolves it once per
 * command class and signal and reuses the handler, which is what the SDK itself does with `cacheMiddleware: true`
 * for calls without options (the handler, and its context, then serve every command of that class).
 * A client without a middleware stack (a test's fake) is simply called.
 */
import type { SQSClient } from '@aws-sdk/client-sqs'

interface ResolvableCommand<Output> {
  resolveMiddleware: (stack: unknown, configuration: unknown, options: { abortSignal?: AbortSignal }) => (command: unknown) => Promise<{ output: Output }>
}

type Handler = (command: unknown) => Promise<{ output: unknown }>

const handlersOf = new WeakMap<SQSClient, Map<unknown, Map<AbortSignal | undefined, Handler>>>()

/** client.send(command, { abortSignal }), with the command's middleware resolved once per class and signal. */
export async function sendCommand<Output> (client: SQSClient, command: object, abortSignal: AbortSignal | undefined): Promise<Output> {
  const resolvable = command as Partial<ResolvableCommand<Output>>
  if ((client as { middlewareStack?: unknown }).middlewareStack === undefined || typeof resolvable.resolveMiddleware !== 'function') {
    return await (client.send as (c: object, o: object) => Promise<Output>)(command, abortSignal === undefined ? {} : { abortSignal })
  }
  let byClass = handlersOf.get(client)
  if (byClass === undefined) {
    byClass = new Map()
    handlersOf.set(client, byClass)
  }
  let bySignal = byClass.get(command.constructor)
  if (bySignal === undefined) {
    bySignal = new Map()
    byClass.set(command.constructor, bySignal)
  }
  let handler = bySignal.get(abortSignal)
  if (handler === undefined) {
    handler = resolvable.resolveMiddleware(client.middlewareStack, client.config, abortSignal === undefined ? {} : { abortSignal }) as Handler
    bySignal.set(abortSignal, handler)
  }
  return (await handler(command)).output as Output
}
