import { m0001Initial } from './0001-initial'
import type { Migration } from './types'

/** Every migration, in order. Append only. */
export const MIGRATIONS: ReadonlyArray<Migration> = [m0001Initial]
export type { Migration }
