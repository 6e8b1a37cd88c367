/** The two fuel reports of the seed's quick start (send-message-batch.json), as SendMessageBatch entries. */
import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs'

function report (id: string, body: string, seller: string, city: string, postalCode: string, price: string): SendMessageBatchRequestEntry {
  return {
    Id: id,
    MessageBody: body,
    MessageAttributes: {
      SellerName: { DataType: 'String', StringValue: seller },
      City: { DataType: 'String', StringValue: city },
      Region: { DataType: 'String', StringValue: 'WA' },
      PostalCode: { DataType: 'String', StringValue: postalCode },
      PricePerGallon: { DataType: 'Number', StringValue: price }
    }
  }
}

/** The seed's entries (with its DelaySeconds of 10, which only standard queues accept per message). */
export function fuelReports (): SendMessageBatchRequestEntry[] {
  return [
    { ...report('FuelReport-0001-2015-09-16T140731Z', 'Fuel report for account 0001 on 2015-09-16 at 02:07:31 PM.', 'Example Store', 'Any City', '99065', '1.99'), DelaySeconds: 10 },
    { ...report('FuelReport-0002-2015-09-16T140930Z', 'Fuel report for account 0002 on 2015-09-16 at 02:09:30 PM.', 'Example Fuels', 'North Town', '99123', '1.87'), DelaySeconds: 10 }
  ]
}

/** The same reports for a FIFO queue: one message group, explicit deduplication ids, no per-message delay. */
export function fifoFuelReports (groupId: string): SendMessageBatchRequestEntry[] {
  return fuelReports().map(({ DelaySeconds: _delay, ...entry }) => ({ ...entry, MessageGroupId: groupId, MessageDeduplicationId: entry.Id }))
}
