import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p: string): string => fileURLToPath(new URL(p, import.meta.url))
const alias = { '@contract': r('./src-main/contract') }

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    env: { TZ: 'UTC' },
    projects: [
      { resolve: { alias }, test: { name: 'contract', environment: 'node', include: ['test/contract/**/*.test.ts'] } },
      { resolve: { alias }, test: { name: 'core', environment: 'node', include: ['test/core/**/*.test.ts', 'test/headless/**/*.test.ts', 'test/scripts/**/*.test.ts'], testTimeout: 20_000 } },
      { resolve: { alias }, test: { name: 'renderer', environment: 'node', include: ['test/renderer/**/*.test.ts'] } },
      {
        // the real 'electron' package downloads its binary when imported: never load it in tests
        resolve: { alias: { ...alias, electron: r('./test/stubs/electron.ts') } },
        test: { name: 'shell', environment: 'node', include: ['test/shell/**/*.test.ts'], server: { deps: { inline: ['electron-store'] } } }
      },
      {
        resolve: { alias },
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false }
      }
    ]
  }
})
