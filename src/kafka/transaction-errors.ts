/** Sorts failures of a Kafka transaction into "fenced", "the cluster cannot do transactions" and the rest. */
import { ErrorCodes, SqsConnectError } from '../errors.ts'
import { protocolErrorIds } from './errors.ts'

/** Another producer with the same transactional.id took over (a newer instance of the task). */
const FENCED = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'TRANSACTION_COORDINATOR_FENCED'])
/** The cluster or this principal cannot run transactions at all; waiting will not help. */
const UNAVAILABLE = new Set(['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'UNSUPPORTED_VERSION', 'UNSUPPORTED_FOR_MESSAGE_FORMAT'])

/**
 * The SqsConnectError for a failed transaction of `transactionalId`, or undefined when the failure is an
 * ordinary produce error (the caller classifies those as before).
 */
export function transactionError (error: unknown, transactionalId: string): SqsConnectError | undefined {
  const ids = protocolErrorIds(error)
  const fenced = ids.find((id) => FENCED.has(id))
  if (fenced !== undefined) {
    return new SqsConnectError(ErrorCodes.KAFKA_PRODUCER_FENCED,
      `The producer with transactional.id ${transactionalId} was fenced (broker said ${fenced}): another instance of this task ` +
      '(a restarted worker, or a second worker running the same connector with the same transactional id prefix) took over. ' +
      'This instance stops; its open transaction is aborted and its messages stay in SQS.',
      { cause: error, subject: transactionalId, retriable: false })
  }
  const unavailable = ids.find((id) => UNAVAILABLE.has(id))
  if (unavailable !== undefined) {
    return new SqsConnectError(ErrorCodes.KAFKA_TRANSACTIONS_UNAVAILABLE,
      `Kafka refused transactions for transactional.id ${transactionalId} (broker said ${unavailable}): exactly.once.source.support=enabled needs ` +
      'a broker with transactions (Kafka 2.5+; transaction.state.log.replication.factor no larger than the number of brokers) and, with ACLs, ' +
      'Write and Describe on the TransactionalId. Messages stay in SQS.',
      { cause: error, subject: transactionalId, retriable: false })
  }
  return undefined
}

/** A transaction could not start because no transaction coordinator answered (e.g. the transaction state log cannot be created). */
export function coordinatorUnavailable (error: unknown, transactionalId: string): SqsConnectError | undefined {
  const ids = protocolErrorIds(error)
  if (!ids.some((id) => id === 'COORDINATOR_NOT_AVAILABLE' || id === 'NOT_COORDINATOR' || id === 'COORDINATOR_LOAD_IN_PROGRESS')) return undefined
  return new SqsConnectError(ErrorCodes.KAFKA_TRANSACTIONS_UNAVAILABLE,
    `No transaction coordinator for transactional.id ${transactionalId} (broker said ${[...new Set(ids)].join(', ')}); ` +
    'the broker may be unable to create __transaction_state (transaction.state.log.replication.factor larger than the number of brokers). Retrying.',
    { cause: error, subject: transactionalId, retriable: true })
}
