import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The Goofish protocol test vectors are the project's own fixtures (test/fixtures/vectors; see its
 * README for where they came from). Nothing outside the repository is read.
 */
export function vectorsDir(): string {
  return resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'vectors')
}

export function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(join(vectorsDir(), file), 'utf8')) as T
}
