/**
 * A test-only connector: the real SQS connector, except that a message with a `Flaky` attribute gets a header
 * whose value fails to convert twice (a retriable error, as a schema registry that did not answer would give)
 * and converts on the third try. It stands in for a converter with a transient fault.
 */
import type { SourceRecord } from '../../../src/connect/data/source-record.ts'
import { SqsSourceConnector } from '../../../src/connectors/sqs/sqs-source-connector.ts'
import { SqsSourceTask } from '../../../src/connectors/sqs/sqs-source-task.ts'
import { ErrorCodes, SqsConnectError } from '../../../src/errors.ts'
import type { ConnectorPlugin } from '../../../src/runtime/plugins.ts'

/** Its string form (StringConverter's output) fails `failures` times, then names the attempt. */
class TransientValue {
  #attempts = 0
  readonly #failures: number
  constructor (failures: number) { this.#failures = failures }
  toString (): string {
    this.#attempts++
    if (this.#attempts <= this.#failures) {
      throw new SqsConnectError(ErrorCodes.DATA_INVALID, `transient failure ${this.#attempts} of ${this.#failures}`, { retriable: true })
    }
    return `converted on attempt ${this.#attempts}`
  }
}

class FlakyHeaderTask extends SqsSourceTask {
  override async poll (): Promise<SourceRecord[]> {
    const records = await super.poll()
    // Same record objects (the SQS task knows its messages by them): only a header is added.
    for (const record of records) if (record.headers.lastWithName('Flaky') !== undefined) record.headers.add('Transient', null, new TransientValue(2))
    return records
  }
}

class FlakyHeaderConnector extends SqsSourceConnector {
  override createTask (): SqsSourceTask { return new FlakyHeaderTask() }
}

export const flakyHeaderPlugin: ConnectorPlugin = {
  className: 'test.FlakyHeaderSqsSourceConnector', type: 'source', version: 'test', create: () => new FlakyHeaderConnector()
}
