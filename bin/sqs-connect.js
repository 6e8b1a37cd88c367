#!/usr/bin/env -S node --max-semi-space-size=4
// Runs src/cli/main.ts from a bundle cached in node_modules/.cache/sqs-connect (bin/bundle-cache.js), built on the
// first start after `npm ci` or a source change; when no bundle can be had, through tsx as before, saying why.
// The shebang's flags shrink V8's young generation (docs/performance.md "Memory"); scripts, tests, the benchmark
// and the container image start node with the same flags, read from this line (infra/sqs-connect-bin.ts).
import { pathToFileURL } from 'node:url'
import { bundledEntry } from './bundle-cache.js'

const bundle = bundledEntry()
if (bundle.entry !== undefined) {
  process.setSourceMapsEnabled(true) // stack traces name src/ files and lines
  await import(pathToFileURL(bundle.entry).href)
} else {
  process.stderr.write(`sqs-connect: ${bundle.reason}; running the TypeScript sources through tsx instead (slower start, more memory)\n`)
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
