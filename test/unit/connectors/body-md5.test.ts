/** The hot-path clients' own MD5 check of bodies (the SDK's middleware is off): the SDK's digest and error text. */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { verifyBodyDigests } from '../../../src/connectors/sqs/body-md5.ts'
import { kindOf } from '../../../src/connectors/sqs/sqs-errors.ts'

// MD5 of "Fuel report" and of a body with multi-byte characters, as SQS computes them over the UTF-8 bytes.
const md5 = (text: string): string => createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex')

test('bodies that match their MD5OfBody pass, ASCII, multi-byte and empty alike', () => {
  assert.equal(md5('hello'), '5d41402abc4b2a76b9719d911017c592', 'the digest RFC 1321 gives for "hello"')
  const messages = ['Fuel report', 'Preis: 1,99 € — 😀', ''].map((Body, i) => ({ MessageId: `m${i}`, Body, MD5OfBody: md5(Body) }))
  assert.doesNotThrow(() => verifyBodyDigests(messages))
})

test('a mismatch throws the SDK\'s error naming every message at fault, which the retry policy treats as transient', () => {
  const messages = [
    { MessageId: 'ok', Body: 'a', MD5OfBody: md5('a') },
    { MessageId: 'bad-1', Body: 'b', MD5OfBody: md5('B') },
    { MessageId: 'bad-2', Body: 'c', MD5OfBody: '00000000000000000000000000000000' }
  ]
  assert.throws(() => verifyBodyDigests(messages), (error: Error) => {
    assert.equal(error.message, 'Invalid MD5 checksum on messages: bad-1, bad-2')
    assert.equal(kindOf(error), 'transient')
    return true
  })
})

test('a message without MD5OfBody is let through', () => {
  assert.doesNotThrow(() => verifyBodyDigests([{ MessageId: 'x', Body: 'anything' }]))
})
