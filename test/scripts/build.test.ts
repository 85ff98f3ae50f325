import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildInputsHash, buildIsFresh } from '../../scripts/lib/build'

describe('build stamp: npm run headless builds only when a source changed', () => {
  let root = ''
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('fresh after a build of the same inputs; stale after any source, config or lock change', () => {
    root = mkdtempSync(join(tmpdir(), 'xd-build-'))
    for (const d of ['src-main/core', 'src-renderer/src', 'src-preload', 'out/main', 'out/preload', 'out/renderer']) mkdirSync(join(root, d), { recursive: true })
    writeFileSync(join(root, 'src-main/core/a.ts'), 'export const a = 1\n')
    writeFileSync(join(root, 'src-renderer/src/App.tsx'), 'export {}\n')
    writeFileSync(join(root, 'package.json'), '{}')
    for (const o of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']) writeFileSync(join(root, o), '')
    expect(buildIsFresh(root)).toBe(false) // no stamp yet
    writeFileSync(join(root, 'out/.build-stamp'), buildInputsHash(root) + '\n')
    expect(buildIsFresh(root)).toBe(true)

    writeFileSync(join(root, 'src-renderer/src/App.tsx'), 'export const x = 2\n')
    expect(buildIsFresh(root)).toBe(false)
    writeFileSync(join(root, 'out/.build-stamp'), buildInputsHash(root))
    expect(buildIsFresh(root)).toBe(true)

    writeFileSync(join(root, 'src-main/core/b.ts'), '') // a new file counts
    expect(buildIsFresh(root)).toBe(false)
    writeFileSync(join(root, 'out/.build-stamp'), buildInputsHash(root))
    writeFileSync(join(root, 'package.json'), '{"v":2}')
    expect(buildIsFresh(root)).toBe(false)
    writeFileSync(join(root, 'out/.build-stamp'), buildInputsHash(root))
    rmSync(join(root, 'out/renderer/index.html')) // a missing output is stale whatever the stamp says
    expect(buildIsFresh(root)).toBe(false)
  })
})
