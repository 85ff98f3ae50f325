import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Walk up from this file until a `shared/vectors` folder appears (the repo sits beside `shared/`). */
export function vectorsDir(): string {
  const env = process.env['GOOFISH_VECTORS_DIR']
  if (env && existsSync(env)) return env
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 8; i++) {
    const candidate = resolve(dir, 'shared', 'vectors')
    if (existsSync(join(candidate, 'README.md'))) return candidate
    dir = resolve(dir, '..')
  }
  throw new Error('shared/vectors not found above ' + fileURLToPath(import.meta.url))
}

export function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(join(vectorsDir(), file), 'utf8')) as T
}
