import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Issue 18: core depends on no tool. The demo's world (the bundled simulator) is a port the hosts
 * plug in (`CorePorts.demo`); nothing under src-main/core may import src-main/simulator, however
 * the path is written (relative, or through a re-export of a sibling folder).
 */
const root = join(process.cwd(), 'src-main')
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f)
  return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : []
})

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  const out: string[] = []
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3] ?? '')
  }
  return out
}

describe('core depends on no tool', () => {
  it('nothing under src-main/core imports src-main/simulator', () => {
    const core = files(join(root, 'core'))
    expect(core.length).toBeGreaterThan(50)
    const offenders: string[] = []
    for (const f of core) {
      for (const spec of specifiers(readFileSync(f, 'utf8'))) {
        const target = spec.startsWith('.') ? resolve(dirname(f), spec) : spec
        const rel = spec.startsWith('.') ? relative(root, target).replaceAll('\\', '/') : spec
        if (/^simulator(\/|$)/.test(rel) || /(^|\/)simulator(\/|$)/.test(spec)) offenders.push(`${relative(root, f)} → ${spec}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('the check sees a relative import of the simulator (the old demo.ts wrote one)', () => {
    expect(specifiers("import { startSimulator, type Simulator } from '../../simulator'")).toEqual(['../../simulator'])
    expect(relative(root, resolve(join(root, 'core/services'), '../../simulator'))).toBe('simulator')
  })

  it('the hosts plug the simulator-backed demo world in', () => {
    for (const host of ['headless/ports.ts', 'shell/main.ts']) {
      expect(readFileSync(join(root, host), 'utf8')).toMatch(/demo: simulatorDemoWorld\(/)
    }
  })
})
