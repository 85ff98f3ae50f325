/**
 * `npm run headless`: build the app only if a source changed since the last build, then serve it
 * (src-main/headless/main.ts reads the same command-line flags).
 */
import { resolve } from 'node:path'
import { ensureBuilt } from './lib/build'

try {
  ensureBuilt(resolve(__dirname, '..'))
} catch (err) {
  console.error(`headless: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
void import('../src-main/headless/main')
