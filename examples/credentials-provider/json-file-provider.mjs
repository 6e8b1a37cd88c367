/**
 * An sqs-connect credentials provider module: AWS keys from a JSON file, re-read now and then so that a
 * rotated file is picked up without a restart.
 *
 *   sqs.credentials.provider.class=./examples/credentials-provider/json-file-provider.mjs
 *   sqs.credentials.provider.file=/etc/sqs-connect/aws-keys.json
 *   sqs.credentials.provider.refresh.seconds=300
 *
 * The file: {"accessKeyId": "...", "secretAccessKey": "...", "sessionToken": "..."} (sessionToken optional).
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'

/** The AWS SDK asks again once fewer than five minutes of validity remain. */
const SDK_REFRESH_WINDOW_MS = 5 * 60_000

/** Called once per task with { properties, settings }; returns the function the SDK calls for credentials. */
export function createCredentialsProvider ({ settings }) {
  if (settings.file === undefined || settings.file === '') {
    throw new Error('set sqs.credentials.provider.file to a JSON file with accessKeyId and secretAccessKey')
  }
  const file = resolve(settings.file)
  const refreshMs = Number(settings['refresh.seconds'] ?? '300') * 1000
  if (!Number.isFinite(refreshMs) || refreshMs <= 0) throw new Error('sqs.credentials.provider.refresh.seconds must be a positive number')

  return async () => {
    const keys = parseKeys(await readFile(file, 'utf8'), file)
    return {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      ...(typeof keys.sessionToken === 'string' && keys.sessionToken !== '' ? { sessionToken: keys.sessionToken } : {}),
      // Not a real expiry: it makes the SDK call this provider again after about refresh.seconds.
      expiration: new Date(Date.now() + SDK_REFRESH_WINDOW_MS + refreshMs)
    }
  }
}

/** Parses the file; the error never quotes its content, which holds secrets. */
function parseKeys (text, file) {
  let keys
  try {
    keys = JSON.parse(text)
  } catch {
    throw new Error(`${file} is not valid JSON`)
  }
  if (typeof keys?.accessKeyId !== 'string' || typeof keys?.secretAccessKey !== 'string') {
    throw new Error(`${file} must hold the strings accessKeyId and secretAccessKey`)
  }
  return keys
}
